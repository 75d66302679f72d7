// A request body streamed from a file (from_file, a build context) can fail while it is sent: a file that grew past
// its cap, an I/O error. docker-modem pipe()s the body, and pipe() does not pass errors on, so the request would
// wait for the rest of a body that never comes. The guard aborts the request then and keeps the body's own error.

import type { Readable } from "node:stream";

export interface BodyGuard {
  /** Aborts with the caller's signal and when the body fails. */
  readonly signal: AbortSignal;
  /** The error to report for `err`: the body's own failure when there was one, else `err`. */
  failure(err: unknown): unknown;
}

export function guardBody(body: Readable | Buffer, signal: AbortSignal): BodyGuard {
  if (Buffer.isBuffer(body)) return { signal, failure: (err) => err };
  const failed = new AbortController();
  let bodyError: unknown;
  body.once("error", (err) => {
    bodyError = err;
    failed.abort(err);
  });
  return { signal: AbortSignal.any([signal, failed.signal]), failure: (err) => bodyError ?? err };
}
