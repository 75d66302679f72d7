// The one reader for daemon streams (events, logs, progress): it feeds chunks to a consumer until the stream ends,
// the consumer has enough, the time bound passes or the caller cancels. Stopping on one of our own bounds is a normal
// outcome; a stream that closes or fails before its proper end is an error, never a short success. The stream is
// destroyed on every path, so a quiet daemon cannot hold the call on any transport.

import type { Readable } from "node:stream";
import { EngineError, StreamEndedEarlyError } from "./errors.js";
import { later } from "./timers.js";

export type ReadOutcome = "end" | "enough" | "timeout" | "cancelled";

export interface ReadBounds {
  /** Stop after this long (a normal outcome); unset means no time bound. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const EARLY_END =
  "the daemon's stream closed before the operation finished: it ended early, so the result would be incomplete";

/** A stream's own error, as an early end unless it already says what happened (deadlines.ts names the host). */
function asEarlyEnd(err: Error): Error {
  return err instanceof EngineError ? err : new StreamEndedEarlyError(`${EARLY_END} (${err.message})`);
}

const ignore = () => undefined;

/** Reads `stream` into `take`, which returns true when it has enough. Rejects when the stream ends early. */
export function readBounded(
  stream: Readable,
  take: (chunk: Buffer) => boolean | undefined,
  bounds: ReadBounds = {},
): Promise<ReadOutcome> {
  return new Promise<ReadOutcome>((resolve, reject) => {
    let done = false;
    let cancelTimer: (() => void) | undefined;
    const finish = () => {
      done = true;
      cancelTimer?.();
      bounds.signal?.removeEventListener("abort", onAbort);
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("close", onClose);
      stream.off("error", onError);
      // Errors while tearing down are irrelevant once the outcome is known.
      stream.on("error", ignore);
      stream.destroy();
    };
    const stop = (outcome: ReadOutcome) => {
      if (done) return;
      finish();
      resolve(outcome);
    };
    const fail = (err: unknown) => {
      if (done) return;
      finish();
      reject(err);
    };
    const onData = (chunk: Buffer | string) => {
      try {
        if (take(typeof chunk === "string" ? Buffer.from(chunk) : chunk)) stop("enough");
      } catch (err) {
        fail(err);
      }
    };
    const onEnd = () => stop("end");
    // 'close' before 'end': the connection went away in the middle of the response.
    const onClose = () => fail(new StreamEndedEarlyError(EARLY_END));
    const onError = (err: Error) => fail(asEarlyEnd(err));
    const onAbort = () => stop("cancelled");
    if (bounds.signal?.aborted) return stop("cancelled");
    // Already over before we started listening: its events have been emitted.
    if (stream.readableEnded) return stop("end");
    if (stream.destroyed)
      return fail(stream.errored ? asEarlyEnd(stream.errored) : new StreamEndedEarlyError(EARLY_END));
    bounds.signal?.addEventListener("abort", onAbort, { once: true });
    if (bounds.timeoutMs !== undefined) cancelTimer = later(bounds.timeoutMs, () => stop("timeout"));
    stream.on("data", onData);
    stream.once("end", onEnd);
    stream.once("close", onClose);
    stream.once("error", onError);
  });
}
