// An MCP stdio transport over a child process that the suite owns: every byte the server writes to stdout and stderr
// is also kept in a capture file (for the secrets scan), and raw bytes can be written to its stdin (protocol abuse).

import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import type { JSONRPCMessage, Transport } from "@modelcontextprotocol/client";

export interface ChildSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Capture files are `<capturePrefix>.stdout` and `<capturePrefix>.stderr`. */
  capturePrefix: string;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const STDERR_TAIL_BYTES = 64 * 1024;

export class ChildTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  /** Lines on stdout that were not JSON (the server must write nothing but protocol there). */
  readonly garbage: string[] = [];
  exit: ExitInfo | undefined;
  readonly exited: Promise<ExitInfo>;

  private child: ChildProcess | undefined;
  private pending: Buffer[] = [];
  private stderrTail = "";
  private readonly captures: WriteStream[] = [];
  private resolveExit: (info: ExitInfo) => void = () => {};

  constructor(private readonly spec: ChildSpec) {
    this.exited = new Promise((resolve) => {
      this.resolveExit = resolve;
    });
  }

  get pid(): number {
    return this.child?.pid ?? -1;
  }

  stderr(): string {
    return this.stderrTail;
  }

  async start(): Promise<void> {
    const out = createWriteStream(`${this.spec.capturePrefix}.stdout`);
    const err = createWriteStream(`${this.spec.capturePrefix}.stderr`);
    this.captures.push(out, err);
    const child = spawn(this.spec.command, this.spec.args, {
      env: this.spec.env,
      cwd: this.spec.cwd,
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child = child;
    child.stdin?.on("error", () => {
      // EPIPE after the server died: the exit handler reports it.
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      out.write(chunk);
      this.feed(chunk);
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      err.write(chunk);
      this.stderrTail = (this.stderrTail + chunk.toString("utf8")).slice(-STDERR_TAIL_BYTES);
    });
    child.on("exit", (code, signal) => {
      this.exit = { code, signal };
      this.resolveExit(this.exit);
      this.onclose?.();
    });
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.writeRaw(`${JSON.stringify(message)}\n`);
  }

  /** Writes bytes as they are; resolves once they are handed to the pipe. */
  writeRaw(data: string | Buffer): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || this.exit || stdin.destroyed) return Promise.reject(new Error("the server's stdin is closed"));
    return new Promise((resolve, reject) => {
      stdin.write(data, (error) => (error ? reject(error) : resolve()));
    });
  }

  kill(signal: NodeJS.Signals = "SIGKILL"): void {
    if (!this.exit) this.child?.kill(signal);
  }

  /** Ends stdin (the server's cue to exit), then escalates; always waits for the exit and the capture files. */
  async close(): Promise<void> {
    if (!this.exit) {
      this.child?.stdin?.end();
      if (!(await this.waitExit(3_000))) this.kill("SIGTERM");
      if (!(await this.waitExit(3_000))) this.kill("SIGKILL");
      await this.exited;
    }
    await Promise.all(this.captures.map((stream) => new Promise((resolve) => stream.end(resolve))));
  }

  private waitExit(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      void this.exited.then(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  // Newline-delimited JSON: a message may span chunks, a chunk may hold several messages.
  private feed(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      this.pending.push(chunk.subarray(start, nl));
      const line = Buffer.concat(this.pending).toString("utf8");
      this.pending = [];
      start = nl + 1;
      this.dispatch(line);
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
  }

  private dispatch(line: string): void {
    if (!line.trim()) return;
    let message: JSONRPCMessage;
    try {
      message = JSON.parse(line) as JSONRPCMessage;
    } catch {
      this.garbage.push(line.slice(0, 200));
      this.onerror?.(new Error(`non-JSON line on the server's stdout: ${line.slice(0, 80)}`));
      return;
    }
    this.onmessage?.(message);
  }
}
