// A loopback HTTP server standing in for Docker Hub and for hostile registries, and a transport that maps made-up
// public host names onto it. The transport refuses every host it was not told about, so a test can prove that no
// traffic left loopback (the SSRF guard must refuse 169.254.169.254 before any connection is attempted).

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Transport } from "../../src/https/transport.js";
import { undiciTransport } from "../../src/https/transport.js";

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
}

export type Handler = (req: IncomingMessage, res: ServerResponse, server: FakeServer) => unknown;

export class FakeServer {
  readonly requests: SeenRequest[] = [];

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(handler: Handler): Promise<FakeServer> {
    let fake: FakeServer | undefined;
    const server = createServer((req, res) => {
      fake?.requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers });
      Promise.resolve(handler(req, res, fake as FakeServer)).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    fake = new FakeServer(server, (server.address() as AddressInfo).port);
    return fake;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** `127.0.0.1:<port>`, a registry name that resolves to this server. */
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  paths(): string[] {
    return this.requests.map((request) => request.path);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/**
 * Sends requests for the named hosts (`host` or `host:port` as in the URL) to loopback origins; everything else is
 * refused without a connection. `attempts` records every URL the client tried, refused ones included.
 */
export function mappedTransport(map: Record<string, string>, attempts: string[] = []): Transport {
  const real = undiciTransport(undefined);
  return async (request) => {
    attempts.push(request.url.href);
    const target = map[request.url.host] ?? map[request.url.hostname];
    if (!target) throw new Error(`test transport: refused to connect to ${request.url.host}`);
    const url = new URL(`${request.url.pathname}${request.url.search}`, target);
    return await real({ ...request, url });
  };
}
