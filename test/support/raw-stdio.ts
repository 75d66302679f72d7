// Drives the bundled server with raw bytes on stdin and reads stdout line by line: for what the SDK client cannot
// send (lines that are not JSON, invalid requests, oversized messages).

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { BUNDLE, baseEnv } from "./mcp-client.js";

export type Json = Record<string, unknown>;

export interface RawServer {
  /** Writes bytes to stdin; resolves once the pipe took them. */
  write(data: string | Buffer): Promise<void>;
  /** Writes one message as a line. */
  send(message: Json): Promise<void>;
  /** Takes the first stdout message (received or arriving within `timeoutMs`) that `match` accepts. */
  next(match: (message: Json) => boolean, timeoutMs?: number): Promise<Json>;
  /** Sends a request and takes its answer. */
  request(id: number | string, method: string, params?: Json): Promise<Json>;
  /** The legacy handshake (initialize + notifications/initialized). */
  initialize(): Promise<void>;
  /** Messages received and not taken yet. */
  pending(): Json[];
  /** stdout lines that were not JSON (the server must never write any). */
  noise(): string[];
  stderr(): string;
  /** The process's peak resident memory so far (VmHWM), in bytes. */
  peakRss(): number;
  exitCode(): number | null;
  close(): Promise<void>;
}

export const answerTo =
  (id: unknown) =>
  (message: Json): boolean =>
    "id" in message && message.id === id && ("result" in message || "error" in message);

export function spawnRaw(env: Record<string, string> = {}): RawServer {
  const child = spawn(process.execPath, [BUNDLE], { env: baseEnv(env), stdio: ["pipe", "pipe", "pipe"] });
  const received: Json[] = [];
  const noise: string[] = [];
  const waiters = new Set<() => void>();
  let partial = "";
  let stderrText = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      try {
        received.push(JSON.parse(line) as Json);
      } catch {
        noise.push(line);
      }
    }
    for (const wake of waiters) wake();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderrText += chunk.toString();
  });
  child.stdin.on("error", () => undefined);

  const write = (data: string | Buffer) =>
    new Promise<void>((resolve, reject) => child.stdin.write(data, (err) => (err ? reject(err) : resolve())));

  const next = (match: (message: Json) => boolean, timeoutMs = 15_000) =>
    new Promise<Json>((resolve, reject) => {
      const look = () => {
        const index = received.findIndex(match);
        if (index === -1) {
          if (child.exitCode !== null) finish(new Error(`server exited (${child.exitCode}): ${stderrText}`));
          return;
        }
        finish(undefined, received.splice(index, 1)[0]);
      };
      const timer = setTimeout(
        () => finish(new Error(`no matching message in ${timeoutMs} ms; got ${JSON.stringify(received)}`)),
        timeoutMs,
      );
      const finish = (err?: Error, message?: Json) => {
        clearTimeout(timer);
        waiters.delete(look);
        if (err) reject(err);
        else resolve(message as Json);
      };
      waiters.add(look);
      look();
    });

  const send = (message: Json) => write(`${JSON.stringify(message)}\n`);

  const request = async (id: number | string, method: string, params?: Json) => {
    await send({ jsonrpc: "2.0", id, method, ...(params ? { params } : {}) });
    return await next(answerTo(id));
  };

  return {
    write,
    send,
    next,
    request,
    async initialize() {
      const answer = await request("init", "initialize", {
        protocolVersion: "2025-11-25",
        capabilities: {},
        clientInfo: { name: "docker-mcp-server-raw-tests", version: "0.0.0" },
      });
      if (!("result" in answer)) throw new Error(`initialize failed: ${JSON.stringify(answer)}`);
      await send({ jsonrpc: "2.0", method: "notifications/initialized" });
    },
    pending: () => [...received],
    noise: () => [...noise],
    stderr: () => stderrText,
    peakRss() {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      const kib = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
      if (!kib) throw new Error("no VmHWM in /proc/<pid>/status");
      return Number(kib) * 1024;
    },
    exitCode: () => child.exitCode,
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
