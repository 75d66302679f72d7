// One bounded child process: argv only, no shell, no stdin, stdout and stderr each
// capped before decoding, a time limit and cancellation that kill the whole process group — `docker compose` runs
// the compose plugin as a child of the docker CLI, so killing docker alone would leave compose running.

import { type ChildProcess, spawn } from "node:child_process";
import { StringDecoder } from "node:string_decoder";
import { later } from "../engine/timers.js";
import { CliError } from "./errors.js";

export const CLI_OUTPUT_CAP = 4 * 1024 * 1024;

/** How long to wait for the pipes to close after the group was killed (a grandchild in its own session may keep them). */
const SETTLE_AFTER_KILL_MS = 2_000;

export interface CliResult {
  returncode: number;
  stdout: string;
  stderr: string;
  /** Either stream was cut at the cap. */
  truncated: boolean;
}

export type StreamName = "stdout" | "stderr";

export interface ProcessOptions {
  env: Record<string, string>;
  timeoutMs: number;
  cwd?: string;
  signal?: AbortSignal;
  /** Bytes kept per stream (default 4 MiB). */
  capBytes?: number;
  /** Which end of an over-long stream to keep: the start (parsable JSON) or the end (the latest output). */
  keep?: "head" | "tail";
  /** Called with every complete output line (without its line ending), as it arrives. */
  onLine?: (line: string, stream: StreamName) => void;
  /** Names the command in error messages, e.g. "docker compose up". */
  describe: string;
}

/** Children still running, killed with their groups if the server exits first. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return;
  if (process.platform === "win32") {
    // No process groups: taskkill walks the tree.
    try {
      spawn("taskkill", ["/pid", String(pid), "/T", "/F"], { stdio: "ignore", windowsHide: true }).on("error", () =>
        child.kill("SIGKILL"),
      );
    } catch {
      child.kill("SIGKILL");
    }
    return;
  }
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // The group is already gone; make sure the leader is too.
    child.kill("SIGKILL");
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const child of live) killGroup(child);
  });
}

/** Collects one stream up to the cap, keeping its head or its tail. */
class BoundedSink {
  private chunks: Buffer[] = [];
  private size = 0;
  cut = false;

  constructor(
    private readonly cap: number,
    private readonly keep: "head" | "tail",
  ) {}

  add(chunk: Buffer): void {
    if (this.keep === "head") {
      const room = this.cap - this.size;
      if (room <= 0) {
        this.cut = true;
        return;
      }
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      if (part.length < chunk.length) this.cut = true;
      this.chunks.push(part);
      this.size += part.length;
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.cap) {
      const first = this.chunks[0] as Buffer;
      const excess = this.size - this.cap;
      this.cut = true;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
      }
    }
  }

  text(): string {
    // Invalid UTF-8 (and a sequence split by the cut) decodes to U+FFFD.
    return Buffer.concat(this.chunks).toString("utf8");
  }
}

/** Splits a stream into lines for onLine; \r alone (progress redraws) also ends a line. */
function lineSplitter(stream: StreamName, onLine: (line: string, stream: StreamName) => void) {
  const decoder = new StringDecoder("utf8");
  let pending = "";
  const emit = (text: string) => {
    pending += text;
    const parts = pending.split(/\r\n|\n|\r/);
    pending = parts.pop() ?? "";
    for (const line of parts) onLine(line, stream);
  };
  return {
    write: (chunk: Buffer) => emit(decoder.write(chunk)),
    end: () => {
      emit(decoder.end());
      if (pending) onLine(pending, stream);
      pending = "";
    },
  };
}

/** Runs `file args`; a non-zero exit is returned, not thrown; a timeout or cancellation kills the group and throws. */
export async function runProcess(file: string, args: readonly string[], options: ProcessOptions): Promise<CliResult> {
  if (options.signal?.aborted) throw new CliError(`The call was cancelled before ${options.describe} started.`);
  installExitHook();
  const cap = options.capBytes ?? CLI_OUTPUT_CAP;
  const keep = options.keep ?? "head";
  return await new Promise<CliResult>((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(file, [...args], {
        cwd: options.cwd,
        env: options.env,
        stdio: ["ignore", "pipe", "pipe"],
        // Its own process group, so a timeout or cancellation can kill the plugin and its helpers with it.
        detached: process.platform !== "win32",
        windowsHide: true,
        shell: false,
      });
    } catch (err) {
      reject(new CliError(`Could not run ${options.describe}: ${(err as Error).message}`));
      return;
    }
    live.add(child);
    const out = new BoundedSink(cap, keep);
    const err = new BoundedSink(cap, keep);
    const outLines = options.onLine ? lineSplitter("stdout", options.onLine) : undefined;
    const errLines = options.onLine ? lineSplitter("stderr", options.onLine) : undefined;
    child.stdout?.on("data", (chunk: Buffer) => {
      out.add(chunk);
      outLines?.write(chunk);
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      err.add(chunk);
      errLines?.write(chunk);
    });

    let stopped: "timeout" | "cancelled" | undefined;
    let settled = false;
    let settleTimer: NodeJS.Timeout | undefined;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      cancelTimer();
      clearTimeout(settleTimer);
      options.signal?.removeEventListener("abort", onAbort);
      live.delete(child);
      outcome();
    };
    const stop = (why: "timeout" | "cancelled") => {
      if (stopped || settled) return;
      stopped = why;
      killGroup(child);
      // Do not wait forever for pipes a stray grandchild may hold open.
      settleTimer = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish(() => reject(stoppedError(why)));
      }, SETTLE_AFTER_KILL_MS);
    };
    const stoppedError = (why: "timeout" | "cancelled") =>
      why === "timeout"
        ? new CliError(
            `${options.describe} timed out after ${formatSeconds(options.timeoutMs)} and was killed with its child processes. ` +
              "Raise timeout_seconds if the operation needs longer, or narrow it (fewer services or targets).",
          )
        : new CliError(`The call was cancelled; ${options.describe} was killed with its child processes.`);
    const cancelTimer = later(options.timeoutMs, () => stop("timeout"));
    const onAbort = () => stop("cancelled");
    options.signal?.addEventListener("abort", onAbort, { once: true });

    child.on("error", (error: NodeJS.ErrnoException) => {
      const detail =
        error.code === "ENOENT" && options.cwd
          ? `${error.message} (is the working directory ${options.cwd} present?)`
          : error.message;
      finish(() => reject(new CliError(`Could not run ${options.describe}: ${detail}`)));
    });
    child.on("close", (code, signal) => {
      outLines?.end();
      errLines?.end();
      if (stopped) {
        const why = stopped;
        finish(() => reject(stoppedError(why)));
        return;
      }
      finish(() =>
        resolve({
          returncode: code ?? (signal ? 128 + signalNumber(signal) : -1),
          stdout: out.text(),
          stderr: err.text(),
          truncated: out.cut || err.cut,
        }),
      );
    });
  });
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGSEGV: 11, SIGTERM: 15 };

function signalNumber(signal: NodeJS.Signals): number {
  return SIGNALS[signal] ?? 0;
}
