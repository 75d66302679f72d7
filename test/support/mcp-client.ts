// Spawns the bundled server over stdio and drives it with the real SDK client.

import { resolve } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { auditEnv, keepTranscript } from "./secret-watch.js";

export const BUNDLE = resolve(import.meta.dirname, "../../dist/docker-mcp-server.mjs");

export interface Spawned {
  client: Client;
  stderr: () => string;
  /** Everything the server wrote on stdout (each JSON-RPC message as received) and stderr, for grep tests. */
  transcript: () => string;
  pid: () => number;
  close: () => Promise<void>;
}

/**
 * Environment for a spawned server: PATH/HOME plus what the test sets (nothing else leaks in). Confirmation is off
 * unless the test sets DOCKER_MCP_SERVER_CONFIRM: only the confirmation suite is about asking first.
 */
export function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? "/root",
    DOCKER_MCP_SERVER_CONFIRM: "off",
    ...auditEnv(),
    ...extra,
  };
}

/** `client`: a client built by the test (capabilities, handlers, protocol era); default a plain 2025 client. */
export async function spawnServer(env: Record<string, string> = {}, client?: Client): Promise<Spawned> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BUNDLE],
    env: baseEnv(env),
    stderr: "pipe",
  });
  let stderrText = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderrText += chunk.toString();
  });
  const session = client ?? new Client({ name: "docker-mcp-server-tests", version: "0.0.0" });
  await session.connect(transport);
  // Every message the server sends, recorded before the client handles it (the redaction suite greps them).
  const received: string[] = [];
  const deliver = transport.onmessage;
  transport.onmessage = (message) => {
    received.push(JSON.stringify(message));
    deliver?.(message);
  };
  return {
    client: session,
    stderr: () => stderrText,
    transcript: () => `${received.join("\n")}\n${stderrText}`,
    pid: () => transport.pid ?? -1,
    close: async () => {
      await session.close();
      keepTranscript(`${received.join("\n")}\n${stderrText}`);
    },
  };
}

export interface TextResult {
  isError: boolean;
  text: string;
}

/** Calls a tool and returns its text and error flag. */
export async function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
  options: { timeout?: number; signal?: AbortSignal | undefined } = {},
): Promise<TextResult> {
  const requestOptions = {
    ...(options.timeout ? { timeout: options.timeout } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const result = (await client.callTool({ name, arguments: args }, requestOptions)) as {
    content?: Array<{ type: string; text?: string }>;
    isError?: boolean;
  };
  const text = (result.content ?? []).map((part) => part.text ?? "").join("");
  return { isError: result.isError === true, text };
}

export async function callJson<T = unknown>(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<T> {
  const result = await callTool(client, name, args);
  if (result.isError) throw new Error(`${name} failed: ${result.text}`);
  return JSON.parse(result.text) as T;
}
