// Stand-ins for broken daemons, for the deadline and early-end tests (loopback and unix sockets only): a listener
// that accepts and never answers, a TCP port whose handshake never completes, a TLS endpoint that never answers
// HTTP, a proxy to a real engine that hangs or cuts chosen connections, and an SSH server whose dial-stdio channels
// hang or lead to a real engine.

import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer as createTlsServer } from "node:tls";
import { Server as SshServer, utils as sshUtils } from "ssh2";

export interface Listening {
  /** Endpoint URL for DOCKER_MCP_SERVER_HOSTS / a HostEntry. */
  url: string;
  /** Connections accepted so far. */
  accepted(): number;
  close(): Promise<void>;
}

function socketPath(name: string): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), "dmcp-hostile-"));
  return { dir, path: join(dir, `${name}.sock`) };
}

/** Listens, tracks and on close destroys every accepted socket, so no test leaves a connection behind. */
async function listen(
  server: Server,
  on: { path: string } | { port: 0; host: "127.0.0.1" },
): Promise<() => Promise<void>> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(on, resolve));
  return async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

function tcpUrl(server: Server, scheme = "tcp"): string {
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("not a TCP listener");
  return `${scheme}://127.0.0.1:${address.port}`;
}

/** Accepts connections and reads them, but never sends a byte: a hung daemon. */
export async function blackHole(transport: "unix" | "tcp"): Promise<Listening> {
  let accepted = 0;
  const server = createServer((socket) => {
    accepted += 1;
    socket.resume();
  });
  if (transport === "tcp") {
    const close = await listen(server, { port: 0, host: "127.0.0.1" });
    return { url: tcpUrl(server), accepted: () => accepted, close };
  }
  const { dir, path } = socketPath("black-hole");
  const close = await listen(server, { path });
  return {
    url: `unix://${path}`,
    accepted: () => accepted,
    close: async () => {
      await close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Completes the TLS handshake with engine B's server certificate, then never answers the HTTP request. */
export async function tlsBlackHole(certDir: string): Promise<Listening> {
  let accepted = 0;
  const server = createTlsServer(
    { cert: readFileSync(join(certDir, "cert.pem")), key: readFileSync(join(certDir, "key.pem")) },
    (socket) => {
      accepted += 1;
      socket.resume();
    },
  );
  server.on("tlsClientError", () => undefined);
  const close = await listen(server, { port: 0, host: "127.0.0.1" });
  return { url: tcpUrl(server), accepted: () => accepted, close };
}

/**
 * A TCP port whose accept queue is full, so a new connection's SYN is dropped and its handshake never completes.
 * Node accepts every connection itself, so the listener is a python3 socket with backlog 0 that never accepts; one
 * filler connection fills the queue.
 */
export async function fullBacklog(): Promise<Listening> {
  const child: ChildProcess = spawn(
    "python3",
    [
      "-c",
      "import socket,sys\n" +
        "s=socket.socket(); s.bind(('127.0.0.1',0)); s.listen(0)\n" +
        "print(s.getsockname()[1], flush=True)\n" +
        "sys.stdin.read()\n",
    ],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.stdout?.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
  });
  const filler = connect({ port, host: "127.0.0.1" });
  filler.on("error", () => undefined);
  await new Promise<void>((resolve) => filler.once("connect", () => resolve()));
  return {
    url: `tcp://127.0.0.1:${port}`,
    accepted: () => 0,
    close: async () => {
      filler.destroy();
      child.stdin?.end();
      child.kill();
    },
  };
}

export interface CutRule {
  /** Cut the connection carrying the first request whose request line matches. */
  request: RegExp;
  /** Pass the response headers and this many body bytes on, then nothing more... */
  bodyBytes: number;
  /** ...and close both sides this long after that. */
  delayMs: number;
}

export interface EngineProxy extends Listening {
  /** Connections cut by the rule so far. */
  cuts(): number;
}

/** Splits off what may still be passed on from a response: its headers plus `bodyBytes` of body. */
class ResponseGate {
  private head = "";
  private body = -1;

  constructor(private readonly bodyBytes: number) {}

  /** The part of `chunk` to forward; `closed` once the allowance is used up. */
  take(chunk: Buffer): { pass: Buffer; closed: boolean } {
    let offset = 0;
    if (this.body < 0) {
      const before = this.head.length;
      this.head += chunk.toString("latin1");
      const end = this.head.indexOf("\r\n\r\n");
      if (end < 0) return { pass: chunk, closed: false };
      offset = end + 4 - before;
      this.body = 0;
    }
    const room = this.bodyBytes - this.body;
    const pass = chunk.subarray(0, offset + Math.max(room, 0));
    this.body += pass.length - offset;
    return { pass, closed: this.body >= this.bodyBytes };
  }
}

/**
 * A unix-socket proxy in front of a real engine socket. The first `hang` connections are held open and never
 * forwarded (a daemon that stopped answering); with `cut`, a matching request's response is cut part way.
 */
export async function engineProxy(
  upstreamUrl: string,
  options: { hang?: number; cut?: CutRule } = {},
): Promise<EngineProxy> {
  const upstreamPath = upstreamUrl.replace(/^unix:\/\//, "");
  let accepted = 0;
  let cuts = 0;
  const server = createServer((client) => {
    accepted += 1;
    if (accepted <= (options.hang ?? 0)) {
      client.resume();
      return;
    }
    const upstream = connect(upstreamPath);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    const rule = options.cut;
    let gate: ResponseGate | undefined;
    client.on("data", (chunk: Buffer) => {
      const line = chunk.toString("latin1").split("\r\n")[0] ?? "";
      if (rule && !gate && cuts === 0 && rule.request.test(line)) {
        cuts += 1;
        gate = new ResponseGate(rule.bodyBytes);
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (!gate) {
        client.write(chunk);
        return;
      }
      const { pass, closed } = gate.take(chunk);
      if (pass.length > 0) client.write(pass);
      if (!closed) return;
      // Nothing more reaches the client; the cut comes after the delay.
      upstream.removeAllListeners("data");
      upstream.resume();
      setTimeout(() => {
        client.destroy();
        upstream.destroy();
      }, rule?.delayMs ?? 0);
    });
  });
  const { dir, path } = socketPath("proxy");
  const close = await listen(server, { path });
  return {
    url: `unix://${path}`,
    accepted: () => accepted,
    cuts: () => cuts,
    close: async () => {
      await close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface FakeSshd extends Listening {
  /** HOME for the client: .ssh/id_ed25519 and a known_hosts entry for this server. */
  home: string;
  /** dial-stdio channels opened so far. */
  channels(): number;
}

/**
 * An SSH server on loopback that accepts any public key. Each `docker system dial-stdio` channel either hangs
 * (the first `hang` of them: a remote daemon that never answers) or is piped to the real engine at `upstreamUrl`.
 */
export async function fakeSshd(upstreamUrl: string, options: { hang?: number } = {}): Promise<FakeSshd> {
  const upstreamPath = upstreamUrl.replace(/^unix:\/\//, "");
  const hostKey = sshUtils.generateKeyPairSync("ed25519");
  const clientKey = sshUtils.generateKeyPairSync("ed25519");
  let accepted = 0;
  let channels = 0;
  const ssh = new SshServer({ hostKeys: [hostKey.private] }, (client) => {
    accepted += 1;
    client.on("error", () => undefined);
    client.on("authentication", (ctx) => (ctx.method === "publickey" ? ctx.accept() : ctx.reject(["publickey"])));
    client.on("session", (acceptSession) => {
      const session = acceptSession();
      session.on("exec", (acceptExec, _reject, info) => {
        const channel = acceptExec();
        channels += 1;
        if (info.command !== "docker system dial-stdio" || channels <= (options.hang ?? 0)) {
          channel.resume();
          return;
        }
        const upstream = connect(upstreamPath);
        upstream.on("error", () => channel.close());
        channel.on("close", () => upstream.destroy());
        channel.pipe(upstream).pipe(channel);
      });
    });
  });
  // A plain listener hands its sockets to ssh2, so closing it can destroy them like the other stand-ins do.
  const server = createServer((socket) => ssh.injectSocket(socket));
  const close = await listen(server, { port: 0, host: "127.0.0.1" });
  const url = tcpUrl(server, "ssh").replace("ssh://", "ssh://tester@");
  const home = mkdtempSync(join(tmpdir(), "dmcp-fake-ssh-home-"));
  mkdirSync(join(home, ".ssh"), { mode: 0o700 });
  writeFileSync(join(home, ".ssh", "id_ed25519"), clientKey.private, { mode: 0o600 });
  const port = new URL(url).port;
  writeFileSync(join(home, ".ssh", "known_hosts"), `[127.0.0.1]:${port} ${hostKey.public}\n`);
  return {
    url,
    home,
    accepted: () => accepted,
    channels: () => channels,
    close: async () => {
      await close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
