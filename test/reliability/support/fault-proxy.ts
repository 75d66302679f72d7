// A byte-level proxy (unix socket or loopback TCP) that the suite can break on purpose: kill it (listener and every
// connection gone, like a daemon that died), restart it on the same address, black-hole it (connections accepted,
// nothing ever answered), or cut streaming requests a while after they start.

import { rmSync } from "node:fs";
import { createConnection, createServer, type Server, type Socket } from "node:net";

export type Endpoint = { path: string } | { host: string; port: number };

interface Pair {
  client: Socket;
  upstream: Socket | undefined;
  /** A frozen pair drops every byte in both directions (a black hole that swallowed a live connection). */
  frozen: boolean;
}

export class FaultProxy {
  private mode: "forward" | "blackhole" = "forward";
  private cut: { pattern: RegExp; afterMs: number } | undefined;
  private server: Server | undefined;
  private readonly pairs = new Set<Pair>();
  /** Connections accepted since start. */
  accepted = 0;
  /** Connections cut by the cut rule. */
  cuts = 0;

  private constructor(
    private listenOn: Endpoint,
    private readonly upstream: Endpoint,
  ) {}

  static async start(listenOn: Endpoint, upstream: Endpoint): Promise<FaultProxy> {
    const proxy = new FaultProxy(listenOn, upstream);
    await proxy.listen();
    return proxy;
  }

  /** The TCP port (after the first listen an ephemeral port is pinned, so a restart comes back on it). */
  get port(): number {
    return "port" in this.listenOn ? this.listenOn.port : -1;
  }

  get open(): number {
    return this.pairs.size;
  }

  async listen(): Promise<void> {
    if (this.server) return;
    if ("path" in this.listenOn) rmSync(this.listenOn.path, { force: true });
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      if ("path" in this.listenOn) server.listen(this.listenOn.path, resolve);
      else server.listen(this.listenOn.port, this.listenOn.host, resolve);
    });
    const address = server.address();
    if ("port" in this.listenOn && address && typeof address === "object") {
      this.listenOn = { host: this.listenOn.host, port: address.port };
    }
    this.server = server;
  }

  /** The daemon died: no listener, every connection reset. */
  async kill(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const pair of this.pairs) this.drop(pair);
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    if ("path" in this.listenOn) rmSync(this.listenOn.path, { force: true });
  }

  async restart(): Promise<void> {
    this.mode = "forward";
    await this.listen();
  }

  /** From now on nothing is answered, on new and on existing connections. */
  blackhole(): void {
    this.mode = "blackhole";
    for (const pair of this.pairs) pair.frozen = true;
  }

  /** Back to forwarding; connections the black hole swallowed are cut (their byte streams are broken). */
  forward(): void {
    this.mode = "forward";
    for (const pair of this.pairs) if (pair.frozen) this.drop(pair);
  }

  /** Cuts a connection `afterMs` after a request line matching `pattern` went through it. */
  cutRequests(pattern: RegExp, afterMs: number): void {
    this.cut = { pattern, afterMs };
  }

  private accept(client: Socket): void {
    this.accepted++;
    const pair: Pair = { client, upstream: undefined, frozen: this.mode === "blackhole" };
    this.pairs.add(pair);
    client.on("error", () => this.drop(pair));
    client.on("close", () => this.drop(pair));
    if (pair.frozen) {
      client.on("data", () => {});
      return;
    }
    const upstream = "path" in this.upstream ? createConnection(this.upstream.path) : createConnection(this.upstream);
    pair.upstream = upstream;
    upstream.on("error", () => this.drop(pair));
    upstream.on("close", () => this.drop(pair));
    client.on("data", (chunk: Buffer) => {
      if (pair.frozen) return;
      const cut = this.cut;
      if (cut?.pattern.test(chunk.subarray(0, 512).toString("latin1"))) {
        const timer = setTimeout(() => {
          this.cuts++;
          this.drop(pair);
        }, cut.afterMs);
        timer.unref();
      }
      relay(chunk, upstream, client);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (!pair.frozen) relay(chunk, client, upstream);
    });
  }

  private drop(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    pair.client.destroy();
    pair.upstream?.destroy();
  }
}

/** Writes with backpressure: the source pauses until the destination drains. */
function relay(chunk: Buffer, to: Socket, from: Socket): void {
  if (!to.write(chunk)) {
    from.pause();
    to.once("drain", () => from.resume());
  }
}
