// The token budget of tools/list: what the declarations cost (o200k tokens of the tools/list result, the count the
// bench reports), the record kept in test/snapshots/tools-list.tokens.json, and the rule between the two.
// `npm run docs` lowers the record when the surface shrinks and never raises it: growth beyond the allowance is
// recorded only with `npm run docs -- --accept-token-growth`, so it is always a decision, never a side effect.

import { encode } from "gpt-tokenizer/encoding/o200k_base";
import type { DomainDecl } from "../src/contract/domain.js";
import { snapshotFor } from "./tool-docs.js";

export const TOKEN_RECORD_FILE = "test/snapshots/tools-list.tokens.json";
export const ACCEPT_GROWTH_FLAG = "--accept-token-growth";
/** How much a figure may grow over its record before the test fails. */
export const GROWTH_ALLOWANCE = 0.02;

/** Host counts measured: the labels must cost nothing per tool, so every count should cost about the same. */
export const HOST_COUNTS = [1, 2, 5, 20, 50] as const;

/** Tool families with a figure of their own (default configuration), so one family's growth is not hidden by another's cuts. */
export const FAMILIES: Readonly<Record<string, RegExp>> = {
  swarm: /^(swarm|service|node|secret|config)_/,
  cli: /^(compose|context|buildx|scout|stack)_/,
};

export interface TokenFigures {
  /** Tools registered in the default configuration. */
  readonly tools: number;
  /** Tokens of the whole tools/list result per configured host count ("1", "2", …). */
  readonly hosts: Readonly<Record<string, number>>;
  /** Tokens of each family's tools in the default configuration. */
  readonly families: Readonly<Record<string, number>>;
}

interface ListedTool {
  readonly name: string;
}

const tokens = (tools: readonly unknown[]) => encode(JSON.stringify({ tools })).length;

/** `n` distinct sockets, labelled like a real fleet. */
function fleet(count: number): Record<string, string> {
  if (count === 1) return {};
  const entries = Array.from({ length: count }, (_, i) => `node-${i + 1}=unix:///run/docker-${i + 1}.sock`);
  return { DOCKER_MCP_SERVER_HOSTS: entries.join(",") };
}

export function tokenFigures(domains: readonly DomainDecl[]): TokenFigures {
  const hosts: Record<string, number> = {};
  let listed: ListedTool[] = [];
  for (const count of HOST_COUNTS) {
    const { tools } = snapshotFor(domains, fleet(count)) as { tools: ListedTool[] };
    if (count === 1) listed = tools;
    hosts[String(count)] = tokens(tools);
  }
  const families = Object.fromEntries(
    Object.entries(FAMILIES).map(([family, pattern]) => [
      family,
      tokens(listed.filter((tool) => pattern.test(tool.name))),
    ]),
  );
  return { tools: listed.length, hosts, families };
}

function* figurePairs(record: TokenFigures, live: TokenFigures): Generator<[string, number | undefined, number]> {
  for (const [count, value] of Object.entries(live.hosts)) yield [`${count} host(s)`, record.hosts[count], value];
  for (const [family, value] of Object.entries(live.families))
    yield [`${family} family`, record.families[family], value];
}

/** One sentence per figure that grew beyond the allowance over its record (or has no record); empty when in budget. */
export function budgetOverruns(record: TokenFigures, live: TokenFigures): string[] {
  const overruns: string[] = [];
  for (const [what, recorded, value] of figurePairs(record, live)) {
    if (recorded === undefined) {
      overruns.push(`${what}: ${value} tokens, not in ${TOKEN_RECORD_FILE}`);
    } else if (value > recorded * (1 + GROWTH_ALLOWANCE)) {
      const growth = ((value / recorded - 1) * 100).toFixed(1);
      overruns.push(`${what}: ${recorded} → ${value} tokens (+${growth}%)`);
    }
  }
  return overruns;
}

/** The record `npm run docs` writes: each figure lowered to the live one, raised only when growth is accepted. */
export function nextRecord(record: TokenFigures | undefined, live: TokenFigures, acceptGrowth: boolean): TokenFigures {
  if (!record || acceptGrowth) return live;
  const lower = (recorded: Readonly<Record<string, number>>, now: Readonly<Record<string, number>>) =>
    Object.fromEntries(Object.entries(now).map(([key, value]) => [key, Math.min(value, recorded[key] ?? value)]));
  return { tools: live.tools, hosts: lower(record.hosts, live.hosts), families: lower(record.families, live.families) };
}
