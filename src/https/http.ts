// One outbound request as the registry, Hub and docs clients need it: redirects followed by hand so every hop can be
// checked before a connection is made, a 30 s bound, cancellation, and errors turned into readable messages.

import { HttpsError } from "./errors.js";
import { discard, header, type OutboundRequest, type RawResponse, type Transport } from "./transport.js";

export const REQUEST_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 10;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** A failure before any HTTP status arrived. `kind` lets the loopback fallback tell "no TLS here" from the rest. */
export class TransportError extends HttpsError {
  constructor(
    readonly kind: "connect" | "certificate" | "timeout" | "cancelled",
    message: string,
  ) {
    super(message);
  }
}

const CERTIFICATE_CODES =
  /^(?:SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(?:_LOCALLY)?|CERT_\w+|ERR_TLS_CERT_ALTNAME_INVALID)$/;

function errorCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && !code.startsWith("UND_ERR_SOCKET")) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return (err as { code?: string })?.code;
}

function describe(err: unknown): string {
  const cause = (err as { cause?: { message?: string } }).cause?.message;
  const message = (err as Error)?.message ?? String(err);
  return cause && !message.includes(cause) ? `${message} (${cause})` : message;
}

export function toTransportError(err: unknown, url: URL, userSignal: AbortSignal, timedOut: boolean): Error {
  if (err instanceof HttpsError) return err;
  const where = `${url.origin}${url.pathname}`;
  if (userSignal.aborted) return new TransportError("cancelled", `Request to ${where} was cancelled.`);
  const code = errorCode(err);
  if (
    timedOut ||
    code === "UND_ERR_HEADERS_TIMEOUT" ||
    code === "UND_ERR_BODY_TIMEOUT" ||
    code === "UND_ERR_CONNECT_TIMEOUT"
  ) {
    return new TransportError("timeout", `Request to ${where} timed out (limit ${REQUEST_TIMEOUT_MS / 1000} s).`);
  }
  if (code && CERTIFICATE_CODES.test(code)) {
    return new TransportError(
      "certificate",
      `TLS certificate of ${url.host} is not trusted (${code}). For a private CA set DOCKER_MCP_SERVER_REGISTRY_CA_FILE to its PEM file.`,
    );
  }
  return new TransportError("connect", `Cannot connect to ${url.origin}: ${code ? `${code}: ` : ""}${describe(err)}`);
}

export interface SendOptions {
  readonly transport: Transport;
  readonly signal: AbortSignal;
  /** Throws to refuse a redirect target before anything is sent to it. */
  readonly checkRedirect: (target: URL) => void;
  readonly timeoutMs?: number;
}

export interface Sent extends RawResponse {
  /** The URL that produced this response (after redirects). */
  readonly url: URL;
  /** Aborts when the caller cancels or the per-request time runs out; body reads must honour it too. */
  readonly signal: AbortSignal;
  readonly timedOut: () => boolean;
}

/** Sends `method url`, following up to 10 redirects; Authorization is dropped when a redirect leaves the origin. */
export async function send(
  method: OutboundRequest["method"],
  url: URL,
  headers: Readonly<Record<string, string>>,
  options: SendOptions,
): Promise<Sent> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? REQUEST_TIMEOUT_MS);
  const signal = AbortSignal.any([options.signal, timeout]);
  const timedOut = () => timeout.aborted;
  let current = url;
  let currentMethod = method;
  let currentHeaders = { ...headers };
  for (let hop = 0; ; hop++) {
    let response: RawResponse;
    try {
      response = await options.transport({ method: currentMethod, url: current, headers: currentHeaders, signal });
    } catch (err) {
      throw toTransportError(err, current, options.signal, timedOut());
    }
    const location = header(response.headers, "location");
    if (!REDIRECT_STATUSES.has(response.status) || location === undefined) {
      return { ...response, url: current, signal, timedOut };
    }
    discard(response.body);
    if (hop >= MAX_REDIRECTS) throw new HttpsError(`Too many redirects starting at ${url.origin}${url.pathname}.`);
    const next = new URL(location, current);
    options.checkRedirect(next);
    if (next.origin !== current.origin) {
      currentHeaders = Object.fromEntries(
        Object.entries(currentHeaders).filter(([key]) => key.toLowerCase() !== "authorization"),
      );
    }
    if (response.status === 303) currentMethod = currentMethod === "HEAD" ? "HEAD" : "GET";
    current = next;
  }
}

/** The User-Agent of every outbound request. */
export function userAgent(version: string): string {
  return `docker-mcp-server/${version}`;
}
