// A JSON-RPC session over the server's stdio without the SDK client, for protocol abuse: raw bytes, malformed
// messages, oversize lines. Answers are collected as they come and looked up by id.

import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/client";
import { BUNDLE, baseEnv } from "../../support/mcp-client.js";
import { ChildTransport } from "./child-transport.js";
import { figure } from "./figures.js";
import { limits } from "./mode.js";
import { runPath } from "./run.js";

export type Message = {
  jsonrpc?: string;
  id?: string | number | null;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
  method?: string;
  params?: unknown;
};

let serial = 0;

export class RawSession {
  readonly messages: Message[] = [];
  requests = 0;
  private waiters: Array<() => void> = [];

  private constructor(readonly transport: ChildTransport) {
    transport.onmessage = (message) => {
      this.messages.push(message as Message);
      for (const wake of this.waiters.splice(0)) wake();
    };
    transport.onclose = () => {
      for (const wake of this.waiters.splice(0)) wake();
    };
  }

  static async start(name: string, hosts: string): Promise<RawSession> {
    const id = `${name}-${process.pid}-${++serial}`;
    const transport = new ChildTransport({
      command: process.execPath,
      args: [BUNDLE],
      env: baseEnv({
        HOME: runPath("homes", id),
        DOCKER_MCP_SERVER_HOSTS: hosts,
        DOCKER_MCP_SERVER_REQUEST_TIMEOUT: String(limits.requestTimeoutSeconds),
      }),
      cwd: runPath("cwd", id),
      capturePrefix: `${runPath("captures")}/${id}`,
    });
    await transport.start();
    return new RawSession(transport);
  }

  /** The ordinary handshake, so later requests are judged on their own. */
  async initialize(): Promise<void> {
    const answer = await this.request({
      jsonrpc: "2.0",
      id: "init",
      method: "initialize",
      params: {
        protocolVersion: LATEST_PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: { name: "reliability-raw", version: "0" },
      },
    });
    if (!answer || answer.error) throw new Error(`initialize failed: ${JSON.stringify(answer)}`);
    await this.writeRaw(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
  }

  alive(): boolean {
    return !this.transport.exit;
  }

  writeRaw(data: string | Buffer): Promise<void> {
    return this.transport.writeRaw(data);
  }

  /**
   * Sends one message and waits for the answer with its id (undefined: none in time, or the server died). The default
   * is generous: a dozen servers starting at once on two busy cores can take seconds to answer initialize.
   */
  async request(message: Message & { id: string | number }, timeoutMs = 30_000): Promise<Message | undefined> {
    this.requests++;
    // Not awaited: a server that stops reading its stdin would otherwise hold the write (and this call) forever.
    this.writeRaw(`${JSON.stringify(message)}\n`).catch(() => undefined);
    return this.waitFor((m) => m.id === message.id && (m.result !== undefined || m.error !== undefined), timeoutMs);
  }

  /** An MCP ping answered in time. */
  async ping(timeoutMs = 10_000): Promise<boolean> {
    const id = `ping-${++serial}`;
    const answer = await this.request({ jsonrpc: "2.0", id, method: "ping" }, timeoutMs);
    return answer?.result !== undefined;
  }

  /** The first collected message matching, waiting up to timeoutMs for it. */
  async waitFor(match: (m: Message) => boolean, timeoutMs: number): Promise<Message | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0 || !this.alive()) {
        // After a stall timers run before pending reads: let those land before giving up.
        await new Promise((resolve) => setImmediate(resolve));
        return this.messages.find(match);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    figure("calls", this.requests, "sum");
    await this.transport.close();
  }
}
