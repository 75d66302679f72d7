// Runs the generated cases tool by tool against one server (respawned if it dies), pings after every tool's batch,
// and judges every answer. Prune tools run one call at a time so the guard can tell which call caused a request.

import { appendFileSync } from "node:fs";
import { notActionable, oversize } from "../support/actionable.js";
import { GUARD_REFUSAL, type GuardProxy } from "../support/guard-proxy.js";
import { budget } from "../support/mode.js";
import { pool } from "../support/pool.js";
import type { Outcome, RelServer } from "../support/server.js";
import type { FuzzCase } from "./generate.js";

export type ProblemKind = "hang" | "crash" | "accepted-invalid" | "non-actionable" | "oversize" | "protocol-error";

export interface CaseResult {
  c: FuzzCase;
  outcome: Outcome;
  problems: Array<{ kind: ProblemKind; detail: string }>;
}

export interface Crash {
  tool: string;
  /** The cases in flight when the server died or stopped answering. */
  suspects: string[];
  note: string;
}

export interface RunnerDeps {
  startServer: () => Promise<RelServer>;
  guard: GuardProxy;
  /** JSON-lines log of every case (labels and outcomes, never arguments). */
  logFile: string;
}

/** The server in use, replaced when it dies; each death is recorded once. */
class ServerSlot {
  private current: RelServer;
  private respawning: Promise<RelServer> | undefined;
  private readonly handled = new WeakSet<RelServer>();
  readonly inFlight = new Map<RelServer, Set<FuzzCase>>();
  readonly crashes: Crash[] = [];

  constructor(
    first: RelServer,
    private readonly start: () => Promise<RelServer>,
  ) {
    this.current = first;
  }

  async get(): Promise<RelServer> {
    return this.respawning ?? this.current;
  }

  track(server: RelServer, c: FuzzCase, on: boolean): void {
    const set = this.inFlight.get(server) ?? new Set<FuzzCase>();
    if (on) set.add(c);
    else set.delete(c);
    this.inFlight.set(server, set);
  }

  async crashed(server: RelServer, tool: string, note: string): Promise<void> {
    if (this.handled.has(server)) {
      await this.respawning;
      return;
    }
    this.handled.add(server);
    const suspects = [...(this.inFlight.get(server) ?? [])].map((c) => `${c.id} (${c.label})`);
    this.crashes.push({ tool, suspects, note: server.alive() ? note : server.deathNote() });
    this.respawning = this.replace(server);
    await this.respawning;
    this.respawning = undefined;
  }

  /** Replaces a server that may still be busy with a timed-out call (not a crash: the hang is recorded). */
  async recycle(server: RelServer): Promise<void> {
    if (this.handled.has(server) || !server.alive()) return;
    this.handled.add(server);
    this.respawning = this.replace(server);
    await this.respawning;
    this.respawning = undefined;
  }

  async close(): Promise<void> {
    await (await this.get()).close();
  }

  private async replace(server: RelServer): Promise<RelServer> {
    server.kill();
    await server.close();
    this.current = await this.start();
    return this.current;
  }
}

export function judge(c: FuzzCase, outcome: Outcome): CaseResult["problems"] {
  switch (outcome.kind) {
    case "timeout":
      return [{ kind: "hang", detail: `no answer within ${outcome.ms} ms` }];
    case "closed":
    case "cancelled":
      return [{ kind: "crash", detail: outcome.kind }];
    case "rpc-error":
      if (c.rpcOk && outcome.code === -32602) return [];
      return [{ kind: "protocol-error", detail: `JSON-RPC ${outcome.code}: ${outcome.message.slice(0, 200)}` }];
    case "result": {
      if (!outcome.isError) {
        return c.expect === "reject" ? [{ kind: "accepted-invalid", detail: outcome.text.slice(0, 200) }] : [];
      }
      const problems: CaseResult["problems"] = [];
      // An argument set the server should have refused, refused by the guard instead: it reached the daemon.
      if (c.expect === "reject" && outcome.text.includes(GUARD_REFUSAL))
        return [
          {
            kind: "accepted-invalid",
            detail: `reached the daemon (the guard refused it): ${outcome.text.slice(0, 160)}`,
          },
        ];
      const reason = notActionable(outcome.text);
      if (reason) problems.push({ kind: "non-actionable", detail: `${reason}: ${outcome.text.slice(0, 200)}` });
      else if (c.expect === "reject" && c.mentions.length > 0 && !c.mentions.some((m) => outcome.text.includes(m)))
        problems.push({
          kind: "non-actionable",
          detail: `does not name ${c.mentions.join(" or ")}: ${outcome.text.slice(0, 200)}`,
        });
      if (oversize(outcome.text)) problems.push({ kind: "oversize", detail: `${outcome.text.length} characters` });
      return problems;
    }
  }
}

export async function runFuzz(
  batches: ReadonlyArray<{ tool: string; cases: FuzzCase[] }>,
  deps: RunnerDeps,
): Promise<{ results: CaseResult[]; crashes: Crash[] }> {
  const slot = new ServerSlot(await deps.startServer(), deps.startServer);
  const results: CaseResult[] = [];

  const runCase = async (c: FuzzCase, exclusive: boolean) => {
    const server = await slot.get();
    slot.track(server, c, true);
    deps.guard.tag = exclusive ? c.id : `${c.tool}:*`;
    const outcome = await server.call(c.tool, c.args, { timeoutMs: budget.fuzzCallTimeoutMs });
    if (outcome.kind === "closed" || !server.alive()) await slot.crashed(server, c.tool, "the server died");
    // A special-file case that timed out may still be reading: the next case gets a fresh server, so a later death
    // is not pinned on an innocent case.
    else if (outcome.kind === "timeout" && c.alone) await slot.recycle(server);
    slot.track(server, c, false);
    const result: CaseResult = { c, outcome, problems: judge(c, outcome) };
    results.push(result);
    appendFileSync(
      deps.logFile,
      `${JSON.stringify({
        id: c.id,
        label: c.label,
        expect: c.expect,
        outcome: outcome.kind,
        isError: outcome.kind === "result" ? outcome.isError : undefined,
        ms: outcome.ms,
        text: outcome.kind === "result" ? outcome.text.slice(0, 300) : undefined,
        problems: result.problems,
      })}\n`,
    );
  };

  try {
    for (const { tool, cases } of batches) {
      const exclusive = tool.endsWith("_prune");
      await pool(
        cases.filter((c) => !c.alone),
        exclusive ? 1 : budget.fuzzConcurrency,
        (c) => runCase(c, exclusive),
      );
      for (const c of cases.filter((x) => x.alone)) await runCase(c, true);
      const server = await slot.get();
      if (!(await server.ping(5_000))) await slot.crashed(server, tool, "no answer to a ping after the batch");
    }
  } finally {
    deps.guard.tag = undefined;
    await slot.close();
  }
  return { results, crashes: slot.crashes };
}
