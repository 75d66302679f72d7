// Polling waits (node_wait, service_wait): probe, and until the condition holds or the deadline
// passes, sleep min(interval, remaining). A timeout is a result, never an error; cancellation is.

import { CallerError } from "../base/errors.js";
import { abortableSleep } from "./timers.js";

export type Verdict = "met" | "wait" | "stop";

export interface PollOptions {
  timeoutSeconds: number;
  intervalSeconds: number;
  signal: AbortSignal;
}

export interface PollOutcome<T> {
  last: T;
  met: boolean;
  timed_out: boolean;
  waited_seconds: number;
}

/** Checks the numbers before any daemon is contacted. */
export function checkPollOptions(timeoutSeconds: number, intervalSeconds: number): void {
  if (!(timeoutSeconds >= 0)) throw new CallerError("timeout_seconds must be >= 0.");
  if (!(intervalSeconds > 0)) throw new CallerError("poll_interval must be > 0.");
}

/** Probes until it says "met" (or "stop": no point waiting) or the deadline passes. */
export async function pollUntil<T>(
  options: PollOptions,
  probe: () => Promise<{ verdict: Verdict; value: T }>,
): Promise<PollOutcome<T>> {
  const start = performance.now();
  const elapsed = () => (performance.now() - start) / 1000;
  const outcome = (last: T, met: boolean, timedOut: boolean): PollOutcome<T> => ({
    last,
    met,
    timed_out: timedOut,
    waited_seconds: Math.round(elapsed() * 100) / 100,
  });
  for (;;) {
    const { verdict, value } = await probe();
    if (verdict !== "wait") return outcome(value, verdict === "met", false);
    const remaining = options.timeoutSeconds - elapsed();
    if (remaining <= 0) return outcome(value, false, true);
    await abortableSleep(
      Math.min(options.intervalSeconds, remaining) * 1000,
      options.signal,
      () => new CallerError("The call was cancelled."),
    );
  }
}
