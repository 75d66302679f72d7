// A server's footprint (open sockets, child processes), to prove a cancelled call leaks neither.

import { until } from "./pool.js";
import { childPids, socketCount } from "./proc.js";

export interface Footprint {
  sockets: number;
  children: number;
}

export function footprint(pid: number): Footprint {
  return { sockets: socketCount(pid), children: childPids(pid).length };
}

/** Waits until the footprint is back within the baseline; returns the last footprint when it is not. */
export async function settles(pid: number, baseline: Footprint, timeoutMs: number): Promise<Footprint | undefined> {
  let last = footprint(pid);
  const ok = await until(
    () => {
      last = footprint(pid);
      return last.sockets <= baseline.sockets && last.children <= baseline.children;
    },
    timeoutMs,
    200,
  );
  return ok ? undefined : last;
}
