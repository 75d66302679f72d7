// dockerode 5 accepts an options object (with abortSignal) on calls where @types/dockerode 4 only knows callbacks;
// this typed view says what the runtime does, in one place.

import type Docker from "dockerode";

export interface CallOptions {
  abortSignal?: AbortSignal;
}

export interface SignalledCalls {
  ping(options: CallOptions): Promise<unknown>;
  version(options: CallOptions): Promise<Docker.DockerVersion & Record<string, unknown>>;
  info(options: CallOptions): Promise<Record<string, unknown>>;
  df(options: CallOptions): Promise<Record<string, unknown>>;
}

export function withSignals(docker: Docker): SignalledCalls {
  return docker as unknown as SignalledCalls;
}

/** One raw Engine API request through dockerode's modem: a single typed path for endpoints the typings lag on. */
export interface EngineRequest {
  method: "GET" | "POST" | "PUT" | "DELETE" | "HEAD";
  /** Path without the version prefix, e.g. "/images/json". */
  path: string;
  /** Query parameters; objects are sent as JSON (the Engine's `filters`, `buildargs`, `labels`). */
  query?: Record<string, unknown>;
  /** JSON body (POST). */
  body?: unknown;
  /** Raw request body (a tar), streamed. */
  file?: Buffer | NodeJS.ReadableStream;
  /** Sent base64 as X-Registry-Auth / X-Registry-Config. */
  authconfig?: object;
  registryconfig?: object;
  /** Resolve with the response stream instead of the parsed body. */
  stream?: boolean;
  signal?: AbortSignal;
}

interface ModemDial {
  modem: { dial(options: Record<string, unknown>, callback: (err: unknown, result: unknown) => void): void };
}

const SUCCESS = { 200: true, 201: true, 204: true, 304: true } as const;

export function engineRequest<T>(docker: Docker, request: EngineRequest): Promise<T> {
  const query = Object.fromEntries(
    Object.entries(request.query ?? {}).filter(([, value]) => value !== undefined && value !== null),
  );
  const options: Record<string, unknown> = {
    method: request.method,
    path: `${request.path}?`,
    options:
      request.method === "POST" || request.method === "PUT" ? { _query: query, _body: request.body ?? {} } : query,
    statusCodes: SUCCESS,
    isStream: request.stream === true,
  };
  if (request.method === "POST" && request.body === undefined && Object.keys(query).length === 0) options.options = {};
  if (request.file) options.file = request.file;
  if (request.authconfig) options.authconfig = request.authconfig;
  if (request.registryconfig) options.registryconfig = request.registryconfig;
  if (request.signal) options.abortSignal = request.signal;
  return new Promise<T>((resolve, reject) => {
    (docker as unknown as ModemDial).modem.dial(options, (err, result) => {
      if (err) reject(withStreamCause(err));
      else resolve(result as T);
    });
  });
}

/** A failed streaming call carries the daemon's JSON only inside its message; lift it into `json` for mapping. */
function withStreamCause(err: unknown): unknown {
  const e = err as { json?: unknown; statusCode?: number; message?: string };
  if (e && typeof e === "object" && e.statusCode !== undefined && (e.json === null || e.json === undefined)) {
    const match = /^\(HTTP code \d+\) [^-]*- (.*)$/s.exec(e.message ?? "");
    if (match?.[1]) e.json = { message: match[1].trim() };
  }
  return err;
}
