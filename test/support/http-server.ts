// Spawns the bundle with --http on a free loopback port and waits for it to say where it serves; the SDK client
// over Streamable HTTP in either protocol era.

import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { BUNDLE, baseEnv } from "./mcp-client.js";
import { keepTranscript, neverShown } from "./secret-watch.js";

/** The bearer token of the test servers: never in anything a server writes (its access log included). */
export const TEST_TOKEN = neverShown("dmcp-test-token-0123456789abcdef");

export type Era = "2025-11-25" | "2026-07-28";

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface HttpServer {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  stderr(): string;
  /** Resolves with the exit code (or the signal name). */
  readonly exited: Promise<number | string>;
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/** Starts the server; rejects with its stderr when it exits before serving (or after 20 s). */
export async function spawnHttp(
  env: Record<string, string>,
  options: { listen?: string; token?: string | null } = {},
): Promise<HttpServer> {
  const port = await freePort();
  const listen = options.listen ?? `127.0.0.1:${port}`;
  const token = options.token === undefined ? TEST_TOKEN : options.token;
  const child = spawn(process.execPath, [BUNDLE, "--http", listen], {
    env: baseEnv({ ...(token ? { DOCKER_MCP_SERVER_HTTP_TOKEN: token } : {}), ...env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  let stdout = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)),
  );
  void exited.then(() => keepTranscript(`${stdout}\n${stderr}`));
  const url = await new Promise<string>((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`no HTTP endpoint after 20 s; stderr:\n${stderr}`)), 20_000);
    const check = () => {
      const match = /serving MCP over HTTP at (\S+)/.exec(stderr);
      if (match) {
        clearTimeout(deadline);
        resolve(match[1] as string);
      }
    };
    child.stderr?.on("data", check);
    void exited.then((code) => {
      clearTimeout(deadline);
      reject(new Error(`server exited (${code}) before serving; stderr:\n${stderr}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    child,
    stderr: () => stderr + (stdout ? `\n[stdout] ${stdout}` : ""),
    exited,
    stop: async (signal: NodeJS.Signals = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return await exited;
    },
  };
}

/** An SDK client pinned to one era over Streamable HTTP, with the bearer token (and extra headers). */
export async function connectHttp(
  url: string,
  era: Era,
  headers: Record<string, string> = { authorization: `Bearer ${TEST_TOKEN}` },
): Promise<Client> {
  const client = new Client(
    { name: "docker-mcp-server-tests", version: "0.0.0" },
    era === "2026-07-28" ? { versionNegotiation: { mode: { pin: "2026-07-28" } } } : {},
  );
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}
