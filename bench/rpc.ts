// A minimal JSON-RPC-over-stdio client for the benchmark: no SDK in the measured path, so the numbers are the server's.

import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { readFileSync } from "node:fs";

export class RawClient {
  private nextId = 1;
  private buffer = "";
  private readonly pending = new Map<number, (message: { result?: unknown; error?: unknown }) => void>();
  readonly child: ChildProcessWithoutNullStreams;

  constructor(bundle: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, [bundle], { env, stdio: ["pipe", "pipe", "pipe"] });
    this.child.stderr.resume();
    this.child.stdout.on("data", (chunk: Buffer) => {
      this.buffer += chunk.toString();
      let newline = this.buffer.indexOf("\n");
      while (newline >= 0) {
        const line = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 1);
        newline = this.buffer.indexOf("\n");
        if (!line.trim()) continue;
        const message = JSON.parse(line) as { id?: number; result?: unknown; error?: unknown };
        if (typeof message.id === "number") {
          this.pending.get(message.id)?.(message);
          this.pending.delete(message.id);
        }
      }
    });
  }

  request(method: string, params: unknown = {}): Promise<{ result?: unknown; error?: unknown }> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
    });
  }

  notify(method: string, params: unknown = {}): void {
    this.child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method, params })}\n`);
  }

  async initialize(): Promise<void> {
    await this.request("initialize", {
      protocolVersion: "2025-11-25",
      capabilities: {},
      clientInfo: { name: "bench", version: "0" },
    });
    this.notify("notifications/initialized");
  }

  async call(name: string, args: Record<string, unknown> = {}): Promise<unknown> {
    const response = await this.request("tools/call", { name, arguments: args });
    const result = response.result as { isError?: boolean; content?: Array<{ text: string }> } | undefined;
    if (response.error || result?.isError)
      throw new Error(`${name} failed: ${JSON.stringify(response.error ?? result)}`);
    return result;
  }

  rssKiB(): number {
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      return 0;
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once("exit", () => resolve());
      this.child.stdin.end();
      setTimeout(() => this.child.kill("SIGKILL"), 2000).unref();
    });
  }
}
