// Bounded readers for streams the daemon sends.

import type { Readable } from "node:stream";

export interface CollectOptions {
  limit: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Collects JSON objects from a newline-delimited stream until `limit` objects, the end of the stream, the deadline or
 * cancellation — whichever comes first. What was collected before the deadline is returned, never discarded; the
 * stream is destroyed on every path (a quiet daemon cannot block the call on any transport).
 */
export async function collectJsonLines(stream: Readable, options: CollectOptions): Promise<unknown[]> {
  const items: unknown[] = [];
  if (options.limit <= 0) {
    stream.destroy();
    return items;
  }
  return await new Promise<unknown[]>((resolve) => {
    let buffered = "";
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", finish);
      stream.removeAllListeners("data");
      stream.on("error", () => undefined);
      try {
        stream.destroy();
      } catch {
        // Closing errors are irrelevant once we have our answer.
      }
      resolve(items);
    };
    const timer = setTimeout(finish, options.timeoutMs);
    options.signal?.addEventListener("abort", finish, { once: true });
    stream.on("data", (chunk: Buffer | string) => {
      buffered += chunk.toString();
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) {
          try {
            items.push(JSON.parse(line));
          } catch {
            // A partial or non-JSON line is skipped.
          }
          if (items.length >= options.limit) return finish();
        }
        newline = buffered.indexOf("\n");
      }
    });
    stream.on("end", finish);
    stream.on("close", finish);
    stream.on("error", finish);
  });
}
