// The per-call SSH proxy: a loopback TCP listener whose every accepted
// connection is relayed into a `docker system dial-stdio` channel on the server's kept SSH connection, so the CLI
// reaches an ssh:// daemon with the server's own identity and host-key policy, no `ssh` binary and no new handshake.
// It lives for one CLI call; any local process could use the port meanwhile (loopback only, one call long).

import { createServer, type Server, type Socket } from "node:net";
import type { ClientChannel } from "ssh2";

export const DIAL_STDIO = "docker system dial-stdio";

/** What the proxy needs from the kept connection (engine/ssh.ts SshConnection). */
export interface ChannelOpener {
  exec(command: string): Promise<ClientChannel>;
}

export interface SshProxy {
  /** tcp://127.0.0.1:<port>, for DOCKER_HOST. */
  readonly url: string;
  /** Connections relayed so far (tests). */
  readonly relayed: () => number;
  /** Stops accepting and closes every relayed connection; never throws. */
  close(): Promise<void>;
}

function closeChannel(channel: ClientChannel): void {
  try {
    // dial-stdio inside a long poll never answers a polite close; make the remote end stop.
    channel.signal("KILL");
  } catch {
    // Not every sshd honours signals; closing is enough.
  }
  try {
    channel.close();
  } catch {
    // Already closed.
  }
}

function relay(socket: Socket, channel: ClientChannel, onDone: () => void): void {
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    socket.destroy();
    closeChannel(channel);
    onDone();
  };
  // What dial-stdio prints on stderr is not protocol; drain it so the channel window never fills.
  channel.stderr.resume();
  socket.pipe(channel);
  channel.pipe(socket);
  socket.on("error", finish);
  socket.on("close", finish);
  channel.on("error", finish);
  channel.on("close", finish);
}

/**
 * Starts the listener. `first` is a channel opened beforehand (so an SSH failure surfaces before the CLI runs); it
 * serves the first connection, later ones open their own.
 */
export async function startSshProxy(opener: ChannelOpener, first: ClientChannel | undefined): Promise<SshProxy> {
  const sockets = new Set<Socket>();
  const channels = new Set<ClientChannel>();
  let spare = first;
  let relayed = 0;
  let closed = false;

  // Half-open: `docker exec` closes its write side when stdin ends and still reads the output; auto-ending our side
  // then would cut the output off.
  const server: Server = createServer({ noDelay: true, allowHalfOpen: true }, (socket) => {
    if (closed) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.pause();
    socket.on("error", () => socket.destroy());
    socket.on("close", () => sockets.delete(socket));
    const channel = spare ? Promise.resolve(spare) : opener.exec(DIAL_STDIO);
    spare = undefined;
    channel.then(
      (opened) => {
        if (closed || socket.destroyed) {
          closeChannel(opened);
          return;
        }
        relayed += 1;
        channels.add(opened);
        relay(socket, opened, () => channels.delete(opened));
        socket.resume();
      },
      // A channel that cannot open fails only this connection; the CLI reports it.
      () => socket.destroy(),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0, exclusive: true }, () => {
      server.removeListener("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    url: `tcp://127.0.0.1:${port}`,
    relayed: () => relayed,
    async close() {
      if (closed) return;
      closed = true;
      if (spare) closeChannel(spare);
      spare = undefined;
      for (const socket of sockets) socket.destroy();
      for (const channel of channels) closeChannel(channel);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
