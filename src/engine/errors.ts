// Turns Engine API failures into messages a caller can act on.

import { CallerError } from "../base/errors.js";

/** A failure the caller can understand and fix, raised talking to a daemon; its message is shown as is. */
export class EngineError extends CallerError {
  override name = "EngineError";
}

/** A request (or a connection) that outlived its deadline; the message names the host and the time allowed. */
export class EngineTimeoutError extends EngineError {}

/** A daemon response whose connection closed before the response was complete. */
export class StreamEndedEarlyError extends EngineError {}

interface ModemError {
  statusCode?: number;
  reason?: string;
  json?: unknown;
  code?: string;
  message?: string;
}

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ENOENT",
  "EACCES",
  "EPERM",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** The daemon's own message from a docker-modem error, if it sent one. */
export function daemonMessage(err: unknown): string | undefined {
  const e = err as ModemError;
  const json = e?.json;
  if (json && typeof json === "object" && typeof (json as { message?: unknown }).message === "string") {
    return (json as { message: string }).message;
  }
  if (typeof json === "string" && json.trim()) return json.trim();
  return undefined;
}

export function statusOf(err: unknown): number | undefined {
  const code = (err as ModemError)?.statusCode;
  return typeof code === "number" ? code : undefined;
}

/**
 * Runs a daemon call and turns the refusals a caller can act on into caller errors: `explain` gets the HTTP status
 * and the daemon's message and returns the sentence to show, or undefined to let the error pass to the generic
 * mapping.
 */
export async function explainDaemonErrors<T>(
  call: () => Promise<T>,
  explain: (status: number | undefined, message: string) => string | undefined,
): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const sentence = explain(statusOf(err), daemonMessage(err) ?? "");
    if (sentence !== undefined) throw new EngineError(sentence);
    throw err;
  }
}

function isTlsError(code: string | undefined, message: string): boolean {
  return Boolean(
    code?.startsWith("ERR_SSL") ||
      code?.startsWith("ERR_TLS") ||
      code === "SELF_SIGNED_CERT_IN_CHAIN" ||
      code === "DEPTH_ZERO_SELF_SIGNED_CERT" ||
      code === "UNABLE_TO_VERIFY_LEAF_SIGNATURE" ||
      /certificate|ssl|tls/i.test(message),
  );
}

/**
 * Maps a raw error from a call to `host` (label, endpoint description) into an EngineError with a clear message.
 * Errors that are already EngineErrors pass through.
 */
export function toEngineError(err: unknown, label: string, where: string): Error {
  if (err instanceof EngineError) return err;
  const e = err as ModemError;
  const status = statusOf(err);
  if (status !== undefined) {
    const message = daemonMessage(err) ?? e.reason ?? e.message ?? "request failed";
    return new EngineError(`Docker daemon (host '${label}') answered HTTP ${status}: ${message}`);
  }
  const code = e?.code;
  const message = e?.message ?? String(err);
  if (message.startsWith("Max redirects exceeded")) {
    return new EngineError(
      `The daemon on host '${label}' redirected the request, which happens for a name it normalises (one with '/', '.' or '..'); address the object by its id instead.`,
    );
  }
  if (e && (err as Error).name === "AbortError") return new EngineError("The call was cancelled.");
  if ((code && CONNECTION_CODES.has(code)) || isTlsError(code, message) || /SSH/.test(message)) {
    const hint = isTlsError(code, message)
      ? " Check the TLS material: the CA must sign the daemon's certificate and the daemon may require a client cert."
      : " Is the daemon running, and is the endpoint right?";
    return new EngineError(`Cannot reach the Docker daemon for host '${label}' at ${where}: ${message}.${hint}`);
  }
  return err instanceof Error ? err : new Error(message);
}
