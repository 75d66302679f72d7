// Fuzz: every tool tools/list advertises, called with malformed argument sets generated from its own schema, against
// engine A behind the reliability guard (reads forwarded, writes refused and recorded). Judged on crashes, hangs,
// refusals, error quality and size, engine state, and what the guard saw.

import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseArgs, type FuzzCase, type FuzzContext, generateCases } from "./fuzz/generate.js";
import { isPrune, widening } from "./fuzz/prunes.js";
import { type CaseResult, type Crash, runFuzz } from "./fuzz/runner.js";
import { conforms, type ToolInfo } from "./fuzz/schema.js";
import {
  createNetwork,
  createVolume,
  engineASocket,
  removeObjects,
  startContainer,
  testImage,
} from "./support/engine-a.js";
import { diffState, snapshot } from "./support/engine-state.js";
import { figure } from "./support/figures.js";
import { GuardProxy } from "./support/guard-proxy.js";
import { budget } from "./support/mode.js";
import { marker, runId, runPath } from "./support/run.js";
import { newSecret } from "./support/secrets.js";
import { canIsolateNetwork, DEAD_PORT, RelServer } from "./support/server.js";

const MIN_CASES = 50;

let tools: ToolInfo[] = [];
let batches: Array<{ tool: string; cases: FuzzCase[] }> = [];
let results: CaseResult[] = [];
let crashes: Crash[] = [];
let stateDiffs: string[] = [];
let guard: GuardProxy;
let ctx: FuzzContext;

const names = () => ({
  container: `${marker()}-fz-sleeper`,
  volume: `${marker()}-fz-vol`,
  network: `${marker()}-fz-net`,
});

/** At most `n` lines of a list, with a count of the rest. */
function summary(lines: string[], n = 20): string[] {
  return lines.length <= n ? lines : [...lines.slice(0, n), `… and ${lines.length - n} more`];
}

function problems(kind: string): string[] {
  return results.flatMap((r) =>
    r.problems.filter((p) => p.kind === kind).map((p) => `${r.c.id} [${r.c.label}] → ${p.detail}`),
  );
}

function prunesWidened(): { widened: string[]; stray: string[] } {
  const byId = new Map(batches.flatMap((b) => b.cases).map((c) => [c.id, c]));
  const widened: string[] = [];
  const stray: string[] = [];
  for (const record of guard.records.filter(isPrune)) {
    const tool = (record.tag ?? "").split(/[#:]/)[0] ?? "";
    if (!tool.endsWith("_prune")) {
      stray.push(`${record.method} ${record.path}?${record.query} during ${record.tag ?? "no call"}`);
      continue;
    }
    const c = record.tag ? byId.get(record.tag) : undefined;
    if (!c?.carriesFilter) continue;
    const reason = widening(record, (c.args as { filters: Record<string, unknown> }).filters);
    if (reason) widened.push(`${c.id} [${c.label}] reached the daemon as ${record.path}?${record.query} (${reason})`);
  }
  return { widened, stray };
}

describe("fuzz: every tool with malformed arguments", () => {
  beforeAll(async () => {
    const { container, volume, network } = names();
    guard = await GuardProxy.start(join(runPath("sockets"), "guard-fuzz.sock"), engineASocket());
    startContainer(container);
    createVolume(volume);
    createNetwork(network);
    ctx = {
      marker: marker(),
      container,
      volume,
      network,
      image: testImage(),
      scratchDir: runPath("fuzz-scratch"),
      deadRegistry: `127.0.0.1:${DEAD_PORT}`,
      hugeBytes: budget.hugeStringBytes,
      secret: newSecret,
    };
    const before = await snapshot(engineASocket());
    const start = () => RelServer.start({ name: "fuzz", hosts: guard.url, isolateNetwork: true });
    const lister = await start();
    tools = (await lister.client.listTools()).tools as ToolInfo[];
    await lister.close();
    batches = tools.map((tool) => ({ tool: tool.name, cases: generateCases(tool, ctx, budget.fuzzCasesPerTool) }));
    const run = await runFuzz(batches, { startServer: start, guard, logFile: join(runPath(), "fuzz-results.jsonl") });
    results = run.results;
    crashes = run.crashes;
    stateDiffs = diffState(before, await snapshot(engineASocket()), runId(), marker());

    const { widened, stray } = prunesWidened();
    figure("fuzz.tools", tools.length);
    figure("fuzz.calls", results.length);
    figure("fuzz.crashes", crashes.length);
    figure("fuzz.hangs", problems("hang").length);
    figure("fuzz.accepted_invalid", problems("accepted-invalid").length);
    figure("fuzz.non_actionable", problems("non-actionable").length);
    figure("fuzz.oversize", problems("oversize").length);
    figure("fuzz.protocol_errors", problems("protocol-error").length);
    figure("fuzz.state_diffs", stateDiffs.length);
    figure("fuzz.widened_prunes", widened.length);
    figure("fuzz.stray_prunes", stray.length);
    figure("fuzz.guard_refused", guard.records.filter((r) => !r.forwarded).length);
    if (!canIsolateNetwork()) figure("fuzz.note", "no network namespace: hub stand-ins only");
  });

  afterAll(async () => {
    const { container, volume, network } = names();
    removeObjects("container", [container]);
    removeObjects("volume", [volume]);
    removeObjects("network", [network]);
    await guard?.close();
  });

  it("discovers the tools at run time and calls each with at least 50 generated argument sets", () => {
    expect(tools.length).toBeGreaterThan(0);
    const short = batches.filter((b) => b.cases.length < MIN_CASES).map((b) => `${b.tool}: ${b.cases.length}`);
    expect(short, "tools with fewer than 50 cases").toEqual([]);
    // The generator's own base call must conform, or its cases would be judged against the wrong baseline.
    const badBase = tools.filter((t) => !conforms(baseArgs(t, ctx, "x"), t.inputSchema)).map((t) => t.name);
    expect(badBase, "tools whose generated base call does not conform").toEqual([]);
    expect(results.length).toBe(batches.reduce((n, b) => n + b.cases.length, 0));
  });

  it("never crashes: the server stays alive and answers a ping after every batch", () => {
    const lines = crashes.map((c) => `${c.tool}: ${c.note}; in flight: ${c.suspects.slice(0, 4).join(", ")}`);
    expect(summary(lines), "crashes").toEqual([]);
  });

  it("answers every call in time", () => {
    expect(summary(problems("hang")), "calls with no answer").toEqual([]);
  });

  it("refuses every argument set that breaks the schema (or empties a filter)", () => {
    expect(summary(problems("accepted-invalid")), "invalid arguments answered as success").toEqual([]);
  });

  it("answers with an actionable sentence, never a raw JavaScript error or a bare 'Invalid input.'", () => {
    expect(summary(problems("non-actionable")), "non-actionable errors").toEqual([]);
  });

  it("keeps every error text within 8 KiB", () => {
    expect(summary(problems("oversize")), "oversize errors").toEqual([]);
  });

  it("answers malformed arguments with tool errors, not JSON-RPC errors", () => {
    expect(summary(problems("protocol-error")), "JSON-RPC errors").toEqual([]);
  });

  it("leaves engine A's state as it was", () => {
    expect(stateDiffs, "engine A differences").toEqual([]);
  });

  it("never lets a filtered call reach the daemon as a wider prune (guard record)", () => {
    const { widened, stray } = prunesWidened();
    expect(summary(widened), "widened prunes").toEqual([]);
    expect(summary(stray), "prunes from tools that are not prunes").toEqual([]);
  });
});
