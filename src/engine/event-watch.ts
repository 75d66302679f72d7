// A long-lived watch of one daemon's event stream (GET /events) for resource subscriptions: started on demand,
// re-opened after the stream ends or fails (a daemon restart, a dropped SSH channel) with a capped backoff, and
// stopped when nobody listens. Each re-open is reported, since events may have been missed in between.

import type { Readable } from "node:stream";

export interface DaemonEvent {
  readonly Type?: string;
  readonly Action?: string;
  readonly Actor?: { readonly ID?: string; readonly Attributes?: Readonly<Record<string, string>> };
}

export interface EventWatchHandlers {
  onEvent(event: DaemonEvent): void;
  /** The stream was (re)opened after a gap: state may have changed unseen. */
  onReopen(): void;
}

const BACKOFF_MS = [250, 500, 1000, 2000, 5000];

export class EventWatch {
  private controller: AbortController | undefined;
  private attempt = 0;
  private openWaiters: Array<() => void> = [];
  private open_ = false;

  constructor(
    /** Opens the event stream; `signal` ends it. */
    private readonly open: (signal: AbortSignal) => Promise<Readable>,
    private readonly handlers: EventWatchHandlers,
  ) {}

  get running(): boolean {
    return this.controller !== undefined;
  }

  start(): void {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    void this.loop(controller.signal, false);
  }

  stop(): void {
    this.controller?.abort();
    this.controller = undefined;
    this.open_ = false;
  }

  /**
   * Resolves once the stream is open (events from then on are seen), or after `ms` when the daemon is slow or down:
   * a subscription then still works, it just may miss what happens before the stream opens.
   */
  whenOpen(ms: number): Promise<void> {
    if (this.open_) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.openWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private opened(): void {
    this.open_ = true;
    const waiters = this.openWaiters;
    this.openWaiters = [];
    for (const wake of waiters) wake();
  }

  private async loop(signal: AbortSignal, reopened: boolean): Promise<void> {
    if (signal.aborted) return;
    try {
      const stream = await this.open(signal);
      this.attempt = 0;
      this.opened();
      if (reopened) this.handlers.onReopen();
      await this.read(stream, signal);
      this.open_ = false;
    } catch {
      // Unreachable daemon or a broken stream: retried below.
      this.open_ = false;
    }
    if (signal.aborted) return;
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)] as number;
    this.attempt += 1;
    const timer = setTimeout(() => void this.loop(signal, true), delay);
    signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
  }

  /** Reads newline-delimited events until the stream ends, fails or is aborted. */
  private read(stream: Readable, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let buffered = "";
      const done = () => {
        signal.removeEventListener("abort", done);
        stream.removeAllListeners("data");
        stream.on("error", () => undefined);
        stream.destroy();
        resolve();
      };
      signal.addEventListener("abort", done, { once: true });
      stream.on("data", (chunk: Buffer | string) => {
        buffered += chunk.toString();
        // One event line is small; a runaway line without a newline is dropped rather than buffered forever.
        if (buffered.length > 1024 * 1024) buffered = "";
        let newline = buffered.indexOf("\n");
        while (newline >= 0) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          if (line) {
            try {
              this.handlers.onEvent(JSON.parse(line) as DaemonEvent);
            } catch {
              // Not JSON: skipped.
            }
          }
          newline = buffered.indexOf("\n");
        }
      });
      stream.on("end", done);
      stream.on("close", done);
      stream.on("error", done);
    });
  }
}
