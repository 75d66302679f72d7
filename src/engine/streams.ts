// Collecting a bounded number of JSON objects from a daemon stream (system_events).

import type { Readable } from "node:stream";
import { readBounded } from "./bounded-read.js";
import { LineSplitter } from "./ndjson.js";

export interface CollectOptions {
  limit: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Collects JSON values from a newline-delimited stream until `limit` values, the end of the stream, the deadline or
 * cancellation — whichever comes first. What was collected before the deadline is returned, never discarded; a
 * stream that ends early (the connection closed mid-response) is an error, since its answer would be incomplete.
 */
export async function collectJsonLines(stream: Readable, options: CollectOptions): Promise<unknown[]> {
  const items: unknown[] = [];
  if (options.limit <= 0) {
    stream.destroy();
    return items;
  }
  const lines = new LineSplitter((line) => {
    const text = line.trim();
    if (!text || items.length >= options.limit) return;
    try {
      items.push(JSON.parse(text));
    } catch {
      // A partial or non-JSON line is skipped.
    }
  });
  const outcome = await readBounded(
    stream,
    (chunk) => {
      lines.push(chunk);
      return items.length >= options.limit;
    },
    { timeoutMs: options.timeoutMs, signal: options.signal },
  );
  if (outcome === "end") lines.end();
  return items;
}
