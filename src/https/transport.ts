// The only place that opens connections: undici's request() over an Agent that trusts the system roots plus the
// optional DOCKER_MCP_SERVER_REGISTRY_CA_FILE. undici is loaded on first use so start-up stays fast.

import { readFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { rootCertificates } from "node:tls";
import type { Dispatcher } from "undici";
import { cjsExports } from "../base/cjs.js";
import { HttpsError } from "./errors.js";

export interface OutboundRequest {
  readonly method: "GET" | "HEAD";
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
}

export type HeaderValue = string | string[] | undefined;

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, HeaderValue>>;
  readonly body: Readable;
}

/** Sends one request, no redirects followed. Tests substitute a loopback-only transport here. */
export type Transport = (request: OutboundRequest) => Promise<RawResponse>;

const CONNECT_TIMEOUT_MS = 10_000;
const agents = new Map<string, Promise<Dispatcher>>();

async function createAgent(caFile: string | undefined): Promise<Dispatcher> {
  const { Agent } = cjsExports(await import("undici"));
  if (!caFile) return new Agent({ connect: { timeout: CONNECT_TIMEOUT_MS } });
  let pem: string;
  try {
    pem = await readFile(caFile, "utf8");
  } catch (err) {
    throw new HttpsError(`Cannot read DOCKER_MCP_SERVER_REGISTRY_CA_FILE '${caFile}': ${(err as Error).message}`);
  }
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) {
    throw new HttpsError(`DOCKER_MCP_SERVER_REGISTRY_CA_FILE '${caFile}' holds no PEM certificate.`);
  }
  // `ca` replaces Node's trust store, so keep the public roots beside the private CA.
  return new Agent({ connect: { timeout: CONNECT_TIMEOUT_MS, ca: [...rootCertificates, pem] } });
}

function agentFor(caFile: string | undefined): Promise<Dispatcher> {
  const key = caFile ?? "";
  let agent = agents.get(key);
  if (!agent) {
    agent = createAgent(caFile);
    agents.set(key, agent);
    agent.catch(() => agents.delete(key));
  }
  return agent;
}

/** The real transport; `caFile` is the configured extra CA (or none). */
export function undiciTransport(caFile: string | undefined): Transport {
  return async ({ method, url, headers, signal }) => {
    const [undici, dispatcher] = await Promise.all([import("undici"), agentFor(caFile)]);
    const { request } = cjsExports(undici);
    const response = await request(url, { method, headers: { ...headers }, signal, dispatcher });
    return { status: response.statusCode, headers: response.headers, body: response.body };
  };
}

/** Case-insensitive header lookup, every value. */
export function headerValues(headers: Readonly<Record<string, HeaderValue>>, name: string): string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    values.push(...(Array.isArray(value) ? value : [value]));
  }
  return values;
}

export function header(headers: Readonly<Record<string, HeaderValue>>, name: string): string | undefined {
  return headerValues(headers, name)[0];
}

/** Drops a body we will not read. undici reports a plain destroy() as an "aborted" error: keep it from surfacing. */
export function discard(body: Readable): void {
  body.on("error", () => undefined);
  body.destroy();
}
