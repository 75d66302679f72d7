// Reading the daemon's NDJSON progress streams (pull, push, build, load) into a bounded summary plus human progress
// messages. The daemon reports a failure after streaming started only as an `error`/`errorDetail` line, so every line
// is checked: a stream that carried one is a failed operation, never a success.

import type { Readable } from "node:stream";
import { shortId } from "../base/display.js";
import { type ReadOutcome, readBounded } from "./bounded-read.js";
import { StreamEndedEarlyError } from "./errors.js";
import { LineSplitter } from "./ndjson.js";

export type StreamMessage = Record<string, unknown>;

/** An `error` line in a daemon stream: the operation failed after it had started. */
export class StreamFailure extends Error {}

/** The error text of a stream message, when it is an error line. */
export function streamError(message: StreamMessage): string | undefined {
  const detail = message.errorDetail as { message?: unknown } | undefined;
  if (detail && typeof detail.message === "string" && detail.message) return detail.message;
  if (typeof message.error === "string" && message.error) return message.error;
  return undefined;
}

/**
 * Feeds each JSON line of `stream` to `onMessage` until the stream ends. Rejects with the first error line's text
 * (StreamFailure) after the stream ended, with a StreamFailure when the stream ended early, with an AbortError when
 * `signal` fires, or with the transport error. The stream is destroyed on every path.
 */
export async function consumeJsonStream(
  stream: Readable,
  onMessage: (message: StreamMessage) => void,
  signal?: AbortSignal,
): Promise<void> {
  let failure: string | undefined;
  const handleLine = (line: string) => {
    const text = line.trim();
    if (!text) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return; // Not a progress message (e.g. a proxy's text); nothing to act on.
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return;
    const message = parsed as StreamMessage;
    const error = streamError(message);
    if (error !== undefined) failure ??= error;
    onMessage(message);
  };
  // An over-long line is dropped unread, but one that opens as an error line still fails the stream.
  const lines = new LineSplitter(handleLine, (head) => {
    if (/^\s*\{\s*"(?:error|errorDetail)"/.test(head)) failure ??= `${head.slice(0, 1000)}… (error line over 1 MiB)`;
  });
  let outcome: ReadOutcome;
  try {
    outcome = await readBounded(
      stream,
      (chunk) => {
        lines.push(chunk);
        return false;
      },
      signal ? { signal } : {},
    );
  } catch (err) {
    // The daemon or the connection went away mid-operation, which is not a success.
    if (err instanceof StreamEndedEarlyError) throw new StreamFailure(err.message);
    throw err;
  }
  if (outcome === "cancelled") {
    const error = new Error("The call was cancelled.");
    error.name = "AbortError";
    throw error;
  }
  lines.end();
  if (failure !== undefined) throw new StreamFailure(failure);
}

/** Reports at most one message per interval for repetitive ticks, always for transitions. */
export class ProgressThrottle {
  private last = 0;
  constructor(
    private readonly report: (message: string) => void,
    private readonly intervalMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  transition(message: string): void {
    this.last = this.now();
    this.report(message);
  }

  tick(message: string): void {
    const now = this.now();
    if (now - this.last < this.intervalMs) return;
    this.last = now;
    this.report(message);
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** Layer statuses that mean a layer is finished in a pull or a push. */
const LAYER_DONE = new Set(["Pull complete", "Already exists", "Pushed", "Layer already exists"]);
const REPETITIVE = new Set(["Downloading", "Extracting", "Pushing", "Waiting", "Verifying Checksum"]);
/** Per-layer entries kept; a real image has tens of layers, so this only guards against a runaway stream. */
const MAX_LAYERS = 4096;
const MAX_WARNINGS = 20;

export interface TransferSummary {
  /** Final status line, e.g. "Downloaded newer image for x" or "Image is up to date for x". */
  status: string | undefined;
  digest: string | undefined;
  /** Manifest size reported by a push. */
  size: number | undefined;
  layers: number;
  /** Layers the daemon did not transfer (already present locally or in the registry, or cross-mounted). */
  layers_reused: number;
  warnings: string[];
}

/**
 * Follows a pull or push stream: one progress message per layer transition and throttled byte ticks, and the facts
 * worth returning (digest, final status, layer counts). Docker's byte counts are per layer, so they only appear in
 * messages, never as the counter.
 */
export class TransferTracker {
  private readonly layers = new Map<string, string>();
  private readonly reused = new Set<string>();
  private status: string | undefined;
  private digest: string | undefined;
  private size: number | undefined;
  private readonly warnings: string[] = [];
  private readonly throttle: ProgressThrottle;

  constructor(report: (message: string) => void) {
    this.throttle = new ProgressThrottle(report);
  }

  private done(): number {
    let count = 0;
    for (const status of this.layers.values()) if (LAYER_DONE.has(status) || status.startsWith("Mounted from")) count++;
    return count;
  }

  accept(message: StreamMessage): void {
    const status = typeof message.status === "string" ? message.status : undefined;
    const id = typeof message.id === "string" ? message.id : undefined;
    const aux = message.aux as { Digest?: unknown; Size?: unknown } | undefined;
    if (aux && typeof aux.Digest === "string") this.digest = aux.Digest;
    if (aux && typeof aux.Size === "number") this.size = aux.Size;
    if (!status) return;
    const digest = /(?:^Digest: |digest: )(sha256:[0-9a-f]{64})/.exec(status);
    if (digest?.[1]) this.digest = digest[1];
    if (status.startsWith("Status: ")) this.status = status.slice("Status: ".length);
    if (/^\[?(DEPRECATION|Warning|WARNING)/i.test(status) && this.warnings.length < MAX_WARNINGS)
      this.warnings.push(status);
    if (!id || !/^[0-9a-f]{12,64}$/.test(id)) {
      if (!REPETITIVE.has(status)) this.throttle.transition(id ? `${id}: ${status}` : status);
      return;
    }
    const previous = this.layers.get(id);
    if (previous === undefined && this.layers.size >= MAX_LAYERS) return;
    this.layers.set(id, status);
    if (status === "Already exists" || status === "Layer already exists" || status.startsWith("Mounted from"))
      this.reused.add(id);
    const detail = message.progressDetail as { current?: unknown; total?: unknown } | undefined;
    const position = `${this.done()}/${this.layers.size} layers done`;
    if (REPETITIVE.has(status)) {
      const current = typeof detail?.current === "number" ? detail.current : undefined;
      const total = typeof detail?.total === "number" ? detail.total : undefined;
      const bytes = current !== undefined ? ` ${megabytes(current)}${total ? `/${megabytes(total)}` : ""}` : "";
      this.throttle.tick(`${shortId(id)}: ${status}${bytes} (${position})`);
    } else if (status !== previous) {
      this.throttle.transition(`${shortId(id)}: ${status} (${position})`);
    }
  }

  summary(): TransferSummary {
    return {
      status: this.status,
      digest: this.digest,
      size: this.size,
      layers: this.layers.size,
      layers_reused: this.reused.size,
      warnings: [...this.warnings],
    };
  }
}

/** Keeps the last `limit` lines, each cut to `width` characters: the tail of a log without holding all of it. */
export class LineTail {
  private readonly lines: string[] = [];
  constructor(
    private readonly limit = 40,
    private readonly width = 500,
  ) {}

  push(text: string): void {
    for (const raw of text.split("\n")) {
      const line = raw.replace(/\r$/, "").trimEnd();
      if (!line) continue;
      this.lines.push(line.length > this.width ? `${line.slice(0, this.width)}…` : line);
      if (this.lines.length > this.limit) this.lines.shift();
    }
  }

  get(): string[] {
    return [...this.lines];
  }
}
