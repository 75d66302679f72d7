// The Streamable HTTP endpoint (`--http`): one node:http(s) server in front of the SDK's era handling.
// Order per request: /healthz and the OAuth metadata (no auth, no daemon); Host/Origin allow-list (403); bearer
// token or JWT (401 + WWW-Authenticate); the read-only narrowing header; the concurrency limit (503) and the body cap
// (413); then 2026-07-28 traffic goes to createMcpHandler and 2025-era traffic (isLegacyRequest) to the sessionful
// leg. Every request is logged on stderr in one line, without headers, tokens or bodies.

import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { createMcpHandler, isLegacyRequest } from "@modelcontextprotocol/server";
import { CallerError } from "../base/errors.js";
import { isTruthy } from "../config/env.js";
import { type HttpConfig, MCP_PATH } from "../config/http.js";
import { createAuthenticator, RESOURCE_METADATA_PATH } from "./http-auth.js";
import { allowedHostnames, originProblem } from "./http-origin.js";
import { LegacySessions } from "./http-sessions.js";
import type { Fetch } from "./jwt.js";
import { listenedUris } from "./listen-bridge.js";
import { readBody, sendJson, sendWebResponse, toWebRequest } from "./node-web.js";
import type { Assembled, Narrowing } from "./server.js";

/** What the access log line says about the request's body, filled in once it is parsed. */
interface AccessNote {
  rpc: string;
}

export const READONLY_HEADER = "x-mcp-readonly";
const MAX_SESSIONS = 1024;

export interface HttpEndpointParts {
  readonly config: HttpConfig;
  readonly assembled: Assembled;
  /** stderr */
  readonly log: (line: string) => void;
  /** Tests substitute the JWKS fetch. */
  readonly fetch?: Fetch;
}

export interface HttpEndpoint {
  /** The endpoint's URL as bound (the real port when 0 was asked for). */
  readonly url: string;
  /** Stops accepting, lets in-flight calls finish until the deadline, then cancels the rest and closes streams. */
  close(): Promise<void>;
}

/** `X-MCP-Readonly`: a flag value; anything else is refused (an unreadable narrowing must not be ignored). */
export function narrowingOf(value: string | null | undefined): Narrowing | string {
  if (value === null || value === undefined) return {};
  if (isTruthy(value)) return { readOnly: true };
  if (["0", "false", "no", "off", ""].includes(value.trim().toLowerCase())) return {};
  return `X-MCP-Readonly '${value.slice(0, 40)}' is not a flag: send 1/true/yes/on for read-only tools, or leave it out.`;
}

const rpcError = (res: ServerResponse, status: number, code: number, message: string, headers = {}) =>
  sendJson(res, status, { jsonrpc: "2.0", id: null, error: { code, message } }, headers);

export async function startHttpEndpoint(parts: HttpEndpointParts): Promise<HttpEndpoint> {
  const { config, assembled, log } = parts;
  const auth = createAuthenticator(config, parts.fetch ? { fetch: parts.fetch } : {});
  const hostnames = allowedHostnames(config);
  const onerror = (error: Error) => log(`docker-mcp-server http: ${error.message}`);
  const modern = createMcpHandler(
    (ctx) => {
      const narrowing = narrowingOf(ctx.requestInfo?.headers.get(READONLY_HEADER));
      return assembled.createServer(typeof narrowing === "string" ? { readOnly: true } : narrowing);
    },
    { legacy: "reject", onerror, maxRequestBodySize: config.maxBodyBytes },
  );
  const bridge = assembled.listenBridge({
    updated: (uri) => modern.notify.resourceUpdated(uri),
    listChanged: () => modern.notify.resourcesChanged(),
  });
  const sessions = new LegacySessions((narrowing) => assembled.createServer(narrowing), MAX_SESSIONS, onerror);
  let inflight = 0;
  let closing = false;
  const drained: Array<() => void> = [];
  const settle = () => {
    inflight -= 1;
    if (inflight === 0) for (const wake of drained.splice(0)) wake();
  };

  async function serveMcp(req: IncomingMessage, res: ServerResponse, url: URL, note: AccessNote): Promise<void> {
    const problem = originProblem({ host: req.headers.host, origin: req.headers.origin }, hostnames, config);
    if (problem) {
      rpcError(res, 403, -32600, problem);
      return;
    }
    const outcome = await auth.check(req.headers.authorization);
    if (!outcome.ok) {
      rpcError(res, 401, -32600, outcome.message, { "www-authenticate": outcome.challenge });
      return;
    }
    const method = req.method ?? "GET";
    if (!["POST", "GET", "DELETE"].includes(method)) {
      rpcError(res, 405, -32600, `${method} is not served on ${MCP_PATH}: use POST (and GET/DELETE for sessions).`, {
        allow: "GET, POST, DELETE",
      });
      return;
    }
    const readOnlyHeader = req.headers[READONLY_HEADER];
    const headerNarrowing = narrowingOf(Array.isArray(readOnlyHeader) ? readOnlyHeader.join(",") : readOnlyHeader);
    if (typeof headerNarrowing === "string") {
      rpcError(res, 400, -32600, headerNarrowing);
      return;
    }
    if (closing) {
      rpcError(res, 503, -32603, "The server is shutting down; retry against its replacement.", {
        connection: "close",
      });
      return;
    }
    if (inflight >= config.maxConcurrent) {
      rpcError(res, 503, -32603, `Too many requests at once (the limit is ${config.maxConcurrent}); retry shortly.`, {
        "retry-after": "1",
      });
      return;
    }
    inflight += 1;
    let counted = true;
    const uncount = () => {
      if (!counted) return;
      counted = false;
      settle();
    };
    try {
      let body: Buffer | undefined;
      let parsed: unknown;
      if (method === "POST") {
        const read = await readBody(req, config.maxBodyBytes);
        if (read.kind === "too-large") {
          rpcError(
            res,
            413,
            -32600,
            `Request too large: the body is over the ${config.maxBodyBytes}-byte limit (DOCKER_MCP_SERVER_HTTP_MAX_BODY_BYTES); nothing was done.`,
            { connection: "close" },
          );
          return;
        }
        body = read.bytes;
        try {
          parsed = JSON.parse(body.toString("utf8"));
        } catch {
          parsed = undefined;
        }
      }
      note.rpc = describeRpc(parsed);
      const abort = new AbortController();
      // The client went away before the answer was complete: cancel what runs for it.
      res.once("close", () => {
        if (!res.writableFinished) abort.abort();
      });
      const request = toWebRequest(req, url, body, abort.signal);
      const authInfo = outcome.authInfo;
      const options = { ...(parsed !== undefined ? { parsedBody: parsed } : {}), ...(authInfo ? { authInfo } : {}) };
      if (method !== "POST" || (await isLegacyRequest(request, parsed, { maxRequestBodySize: config.maxBodyBytes }))) {
        // A session's GET stream is long-lived: it does not hold a concurrency slot.
        if (method === "GET") uncount();
        const answer = await sessions.handle(request, parsed, authInfo, headerNarrowing);
        try {
          await sendWebResponse(res, answer.response);
        } finally {
          answer.done();
        }
        return;
      }
      const uris = listenedUris(parsed);
      let release: (() => void) | undefined;
      if (parsed !== undefined && (parsed as { method?: unknown }).method === "subscriptions/listen") {
        uncount();
        if (uris) {
          try {
            release = await bridge.open(uris);
          } catch (err) {
            if (!(err instanceof CallerError)) throw err;
            sendJson(res, 200, {
              jsonrpc: "2.0",
              id: (parsed as { id?: unknown }).id ?? null,
              error: { code: -32602, message: err.message },
            });
            return;
          }
        }
      }
      try {
        await sendWebResponse(res, await modern.fetch(request, options));
      } finally {
        release?.();
      }
      return;
    } finally {
      uncount();
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse, note: AccessNote): Promise<void> {
    const url = new URL(req.url ?? "/", config.publicUrl);
    if (url.pathname === "/healthz" && (req.method === "GET" || req.method === "HEAD")) {
      sendJson(res, closing ? 503 : 200, { status: closing ? "shutting down" : "ok" });
      return;
    }
    if (url.pathname === RESOURCE_METADATA_PATH || url.pathname === `${RESOURCE_METADATA_PATH}${MCP_PATH}`) {
      if (auth.resourceMetadata) sendJson(res, 200, auth.resourceMetadata);
      else sendJson(res, 404, { error: "This server does not use OAuth (no DOCKER_MCP_SERVER_HTTP_OAUTH_ISSUER)." });
      return;
    }
    if (url.pathname !== MCP_PATH) {
      sendJson(res, 404, { error: `Nothing here: the MCP endpoint is ${MCP_PATH}.` });
      return;
    }
    await serveMcp(req, res, url, note);
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const note: AccessNote = { rpc: "" };
    res.once("close", () => {
      const ms = Math.round(performance.now() - started);
      const path = (req.url ?? "").split("?")[0]?.slice(0, 100);
      log(
        `docker-mcp-server http: ${req.socket.remoteAddress ?? "-"} ${req.method} ${path} ${res.statusCode} ${ms}ms${note.rpc ? ` ${note.rpc}` : ""}`,
      );
    });
    route(req, res, note).catch((err: unknown) => {
      log(`docker-mcp-server http: request failed: ${(err as Error)?.stack ?? String(err)}`);
      if (!res.headersSent) rpcError(res, 500, -32603, "Internal error; see the server's log.");
      else res.end();
    });
  };

  const server: Server = config.tls
    ? createHttpsServer({ cert: config.tls.cert, key: config.tls.key }, handler)
    : createHttpServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", onerror);
  const address = server.address() as AddressInfo;
  const authority = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `${config.tls ? "https" : "http"}://${authority}:${address.port}${MCP_PATH}`;

  let closed: Promise<void> | undefined;
  async function close(): Promise<void> {
    closing = true;
    server.close();
    server.closeIdleConnections();
    if (inflight > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, config.shutdownMs);
        drained.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    // What is still running is cancelled; listen and session streams end.
    await modern.close().catch(onerror);
    await sessions.closeAll();
    server.closeAllConnections();
  }

  return {
    url,
    close: () => {
      closed ??= close();
      return closed;
    },
  };
}

/** `tools/call container_list`, `initialize`, `batch(3)`: what the access log says about a body. */
function describeRpc(parsed: unknown): string {
  if (Array.isArray(parsed)) return `batch(${parsed.length})`;
  if (typeof parsed !== "object" || parsed === null) return "";
  const { method, params } = parsed as { method?: unknown; params?: { name?: unknown } };
  if (typeof method !== "string") return "response";
  const name = method === "tools/call" && typeof params?.name === "string" ? ` ${params.name.slice(0, 64)}` : "";
  return `${method.slice(0, 64)}${name}`;
}
