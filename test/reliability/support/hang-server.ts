// A loopback TCP server that accepts connections and never answers: a registry (or anything) that hangs.

import { createServer, type Server, type Socket } from "node:net";

export class HangServer {
  private readonly sockets = new Set<Socket>();
  accepted = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<HangServer> {
    let hang: HangServer | undefined;
    const server = createServer((socket) => hang?.hold(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    hang = new HangServer(server, typeof address === "object" && address ? address.port : -1);
    return hang;
  }

  /** Connections currently held open. */
  get open(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private hold(socket: Socket): void {
    this.accepted++;
    this.sockets.add(socket);
    socket.on("data", () => {});
    socket.on("error", () => {});
    socket.on("close", () => this.sockets.delete(socket));
  }
}

/** Holds a loopback TCP port busy (a "port already taken" fixture). */
export async function occupyPort(): Promise<{ port: number; release: () => Promise<void> }> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : -1;
  return { port, release: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
