// The reliability guard: a unix-socket HTTP proxy in front of engine A. Reads (GET/HEAD) are forwarded; everything
// else is refused with 403 {"message":"refused by the reliability guard"} and never reaches the engine. Every request
// is recorded (method, path, query, and the tag of the fuzz call in flight), so the suite can prove what a hostile
// call would have done. Reads that make the daemon itself go out to the internet (image search, registry
// distribution lookups) are refused too: the suite stays on loopback.

import { rmSync } from "node:fs";
import { Agent, createServer, type IncomingMessage, request, type Server, type ServerResponse } from "node:http";

export interface GuardRecord {
  method: string;
  /** Path without the /v1.xx prefix. */
  path: string;
  /** The raw query string, without "?". */
  query: string;
  forwarded: boolean;
  /** The tag set by the caller when the request arrived (which fuzz case was in flight). */
  tag: string | undefined;
}

export const GUARD_REFUSAL = "refused by the reliability guard";

/** A refused request's body is drained up to this, then the connection is cut (an endless body must not spin). */
const DRAIN_LIMIT = 64 * 1024 * 1024;

const OUTBOUND_READS = [/^\/images\/search/, /^\/distribution\//];

// One upstream connection per request: nothing pooled outlives the request it served.
const UPSTREAM_AGENT = new Agent({ keepAlive: false });

export class GuardProxy {
  readonly records: GuardRecord[] = [];
  tag: string | undefined;

  private constructor(
    private readonly server: Server,
    readonly socketPath: string,
  ) {}

  static async start(socketPath: string, upstreamSocket: string): Promise<GuardProxy> {
    rmSync(socketPath, { force: true });
    let guard: GuardProxy | undefined;
    // Go's net/http (the daemon) takes request lines up to 1 MiB; Node's default of 16 KiB would fail huge ids here.
    const server = createServer({ maxHeaderSize: 4 * 1024 * 1024 }, (req, res) =>
      guard?.handle(req, res, upstreamSocket),
    );
    // Long polls (events, wait) are legitimate reads: no server-side timeouts.
    server.requestTimeout = 0;
    server.headersTimeout = 0;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(socketPath, resolve);
    });
    guard = new GuardProxy(server, socketPath);
    return guard;
  }

  get url(): string {
    return `unix://${this.socketPath}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.socketPath, { force: true });
  }

  private handle(req: IncomingMessage, res: ServerResponse, upstreamSocket: string): void {
    const url = new URL(req.url ?? "/", "http://engine");
    const path = url.pathname.replace(/^\/v\d+\.\d+(?=\/)/, "");
    const method = req.method ?? "GET";
    const read = method === "GET" || method === "HEAD";
    const forwarded = read && !OUTBOUND_READS.some((pattern) => pattern.test(path));
    this.records.push({ method, path, query: url.search.replace(/^\?/, ""), forwarded, tag: this.tag });
    if (forwarded) forward(req, res, upstreamSocket);
    else refuse(req, res);
  }
}

function forward(req: IncomingMessage, res: ServerResponse, upstreamSocket: string): void {
  const upstream = request({
    socketPath: upstreamSocket,
    method: req.method,
    path: req.url,
    headers: req.headers,
    agent: UPSTREAM_AGENT,
  });
  upstream.on("response", (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    // The daemon sends a stream's headers at once (events, logs follow); so must the guard, or a client waits for
    // the first event before it even knows the request was accepted.
    res.flushHeaders();
    answer.pipe(res);
  });
  upstream.on("error", () => res.destroy());
  // The client went away (cancelled long poll): stop the upstream request too.
  res.on("close", () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}

function refuse(req: IncomingMessage, res: ServerResponse): void {
  const body = JSON.stringify({ message: GUARD_REFUSAL });
  res.writeHead(403, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
  let drained = 0;
  req.on("data", (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_LIMIT) req.socket.destroy();
  });
  req.on("error", () => {});
}
