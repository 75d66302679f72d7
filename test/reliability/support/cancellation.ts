// A call the client cancels mid-way, and what it leaves behind: server sockets and child processes above the
// baseline, and whether the work it started (seen from the host) is still going.

import type { ExpectStatic } from "vitest";
import { figure } from "./figures.js";
import { type Footprint, footprint, settles } from "./footprint.js";
import { sleep, until } from "./pool.js";
import { describeOutcome, type Outcome, type RelServer } from "./server.js";
import { directServer } from "./servers.js";

export interface Cancelled {
  outcome: Outcome;
  /** The work was seen running before the cancel. */
  started: boolean;
  leftover: Footprint | undefined;
  baseline: Footprint;
  workLeft: boolean;
  server: RelServer;
}

/**
 * Starts a call on a fresh server, cancels it once `running()` says the work is under way (at least `minMs` in), and
 * reports what is left over 10 s later. Without `running` the work is the server's own and the footprint alone tells.
 * The caller closes `server`.
 */
export async function cancelAndCheck(
  name: string,
  tool: string,
  args: Record<string, unknown>,
  minMs: number,
  running?: () => boolean,
): Promise<Cancelled> {
  const server = await directServer(name);
  // Fill the connection pool first, so an idle pooled socket is not mistaken for a leak.
  await Promise.all(Array.from({ length: 8 }, () => server.call("system_ping", {})));
  await sleep(500);
  const baseline = footprint(server.pid);
  const controller = new AbortController();
  const pending = server.call(tool, args, { signal: controller.signal, timeoutMs: 120_000 });
  await sleep(minMs);
  const started = running ? await until(running, 20_000, 100) : true;
  controller.abort();
  const outcome = await pending;
  const leftover = await settles(server.pid, baseline, 10_000);
  const workLeft = running ? !(await until(() => !running(), 10_000, 250)) : false;
  figure("faults.cancel_leaks", leftover || workLeft ? 1 : 0, "sum");
  return { outcome, started, leftover, baseline, workLeft, server };
}

export function expectClean(expect: ExpectStatic, result: Cancelled, work: string): void {
  expect(result.started, `${work} was running before the cancel`).toBe(true);
  expect(result.outcome.kind, describeOutcome(result.outcome)).toBe("cancelled");
  expect(result.leftover, `sockets/children above the baseline ${JSON.stringify(result.baseline)}`).toBeUndefined();
  expect(result.workLeft, `${work} still going 10 s after the cancel`).toBe(false);
}
