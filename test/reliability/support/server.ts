// Spawns the built bundle over stdio for the reliability suite: an isolated HOME and docs cache, captured output,
// a memory watchdog (a runaway read must not starve the shared machine), and calls that never throw.

import { existsSync } from "node:fs";
import { Client, ProtocolError, SdkError, SdkErrorCode } from "@modelcontextprotocol/client";
import { BUNDLE, baseEnv } from "../../support/mcp-client.js";
import { ChildTransport } from "./child-transport.js";
import { figure } from "./figures.js";
import { limits } from "./mode.js";
import { isAlive, rssBytes } from "./proc.js";
import { runPath } from "./run.js";

/** A loopback port nothing listens on (the discard port): stand-in for Docker Hub, so nothing leaves the machine. */
export const DEAD_PORT = 9;

export interface ServerOptions {
  /** Names the capture files and scratch directories. */
  name: string;
  /** DOCKER_MCP_SERVER_HOSTS. */
  hosts: string;
  env?: Record<string, string>;
  /** Run in a fresh network namespace: only unix sockets reach out (loopback TCP is unreachable too). */
  isolateNetwork?: boolean;
}

export type Outcome =
  | { kind: "result"; isError: boolean; text: string; ms: number }
  | { kind: "rpc-error"; code: number; message: string; ms: number }
  | { kind: "timeout"; ms: number }
  | { kind: "cancelled"; ms: number }
  | { kind: "closed"; message: string; ms: number };

export interface CallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

let serial = 0;

export function canIsolateNetwork(): boolean {
  return process.getuid?.() === 0 && existsSync("/usr/bin/unshare");
}

export class RelServer {
  calls = 0;
  /** Set when the suite killed the server (the watchdog), with the reason. */
  killedFor: string | undefined;
  readonly capturePrefix: string;

  private watchdog: NodeJS.Timeout | undefined;

  private constructor(
    readonly client: Client,
    readonly transport: ChildTransport,
    capturePrefix: string,
  ) {
    this.capturePrefix = capturePrefix;
  }

  static async start(options: ServerOptions): Promise<RelServer> {
    const id = `${options.name}-${process.pid}-${++serial}`;
    const env = baseEnv({
      HOME: runPath("homes", id),
      DOCKER_MCP_SERVER_HOSTS: options.hosts,
      DOCKER_MCP_SERVER_DOCS_CACHE_DIR: runPath("docs-cache", id),
      DOCKER_MCP_SERVER_TEST_HUB_URL: `http://127.0.0.1:${DEAD_PORT}`,
      DOCKER_MCP_SERVER_TEST_HUB_REGISTRY_URL: `http://127.0.0.1:${DEAD_PORT}`,
      DOCKER_MCP_SERVER_REQUEST_TIMEOUT: String(limits.requestTimeoutSeconds),
      ...options.env,
    });
    const isolate = options.isolateNetwork === true && canIsolateNetwork();
    const capturePrefix = `${runPath("captures")}/${id}`;
    const transport = new ChildTransport({
      command: isolate ? "/usr/bin/unshare" : process.execPath,
      args: isolate ? ["--net", "--", process.execPath, BUNDLE] : [BUNDLE],
      env,
      // Relative paths in hostile arguments land in an empty scratch directory.
      cwd: runPath("cwd", id),
      capturePrefix,
    });
    const client = new Client({ name: "docker-mcp-server-reliability", version: "0.0.0" });
    await client.connect(transport);
    const server = new RelServer(client, transport, capturePrefix);
    server.startWatchdog();
    return server;
  }

  get pid(): number {
    return this.transport.pid;
  }

  alive(): boolean {
    return !this.transport.exit && isAlive(this.pid);
  }

  stderr(): string {
    return this.transport.stderr();
  }

  /** How the server ended, for failure messages. */
  deathNote(): string {
    if (this.killedFor) return `killed by the suite: ${this.killedFor}`;
    const exit = this.transport.exit;
    if (!exit) return "still running";
    const tail = this.stderr().trim().split("\n").slice(-3).join(" | ");
    return `exited (code ${exit.code}, signal ${exit.signal}); stderr: ${tail.slice(0, 400)}`;
  }

  /** Calls a tool; every way the call can end is an Outcome, nothing throws. */
  async call(name: string, args: unknown, options: CallOptions = {}): Promise<Outcome> {
    this.calls++;
    const started = Date.now();
    const ms = () => Date.now() - started;
    try {
      const result = await this.client.callTool(
        { name, arguments: args as Record<string, unknown> },
        { timeout: options.timeoutMs ?? 60_000, signal: options.signal },
      );
      const content = (result.content ?? []) as Array<{ type: string; text?: string }>;
      const text = content.map((part) => part.text ?? "").join("");
      return { kind: "result", isError: result.isError === true, text, ms: ms() };
    } catch (error) {
      if (options.signal?.aborted) return { kind: "cancelled", ms: ms() };
      if (error instanceof SdkError && error.code === SdkErrorCode.RequestTimeout) return { kind: "timeout", ms: ms() };
      if (error instanceof ProtocolError)
        return { kind: "rpc-error", code: error.code, message: error.message, ms: ms() };
      return { kind: "closed", message: error instanceof Error ? error.message : String(error), ms: ms() };
    }
  }

  /** An MCP ping: true when answered in time. */
  async ping(timeoutMs = 10_000): Promise<boolean> {
    try {
      await this.client.ping({ timeout: timeoutMs });
      return true;
    } catch {
      return false;
    }
  }

  kill(): void {
    this.transport.kill("SIGKILL");
  }

  async close(): Promise<void> {
    if (this.watchdog) clearInterval(this.watchdog);
    figure("calls", this.calls, "sum");
    try {
      await this.client.close();
    } catch {
      // already closed
    }
    await this.transport.close();
  }

  private startWatchdog(): void {
    this.watchdog = setInterval(() => {
      if (this.transport.exit) {
        clearInterval(this.watchdog);
        return;
      }
      const rss = rssBytes(this.pid) ?? 0;
      if (rss > limits.rssKillBytes) {
        this.killedFor = `RSS ${Math.round(rss / 2 ** 20)} MiB above the ${limits.rssKillBytes / 2 ** 20} MiB limit`;
        this.kill();
      }
    }, 100);
    this.watchdog.unref();
  }
}

/** A short description of an outcome for failure messages (never the arguments: they may hold secrets). */
export function describeOutcome(outcome: Outcome): string {
  switch (outcome.kind) {
    case "result":
      return `${outcome.isError ? "isError" : "ok"} after ${outcome.ms} ms: ${JSON.stringify(outcome.text.slice(0, 160))}`;
    case "rpc-error":
      return `JSON-RPC error ${outcome.code} after ${outcome.ms} ms: ${JSON.stringify(outcome.message.slice(0, 160))}`;
    case "timeout":
      return `no answer within ${outcome.ms} ms`;
    case "cancelled":
      return `cancelled after ${outcome.ms} ms`;
    case "closed":
      return `connection closed after ${outcome.ms} ms (${outcome.message})`;
  }
}
