// One kept SSH connection per ssh:// host. docker-modem's own ssh mode opens a new SSH
// connection for every API call (~1 s each); instead dockerode talks plain HTTP through an http.Agent whose
// sockets are `docker system dial-stdio` channels on one shared ssh2 Client, reconnected when it drops.

import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { Agent, type AgentOptions } from "node:http";
import { connect as netConnect } from "node:net";
import { userInfo } from "node:os";
import { join } from "node:path";
import { Duplex } from "node:stream";
import type { Client, ClientChannel, ConnectConfig } from "ssh2";
import { cjsExports } from "../base/cjs.js";
import { globToRegExp } from "../base/glob.js";
import { DEFAULT_CONNECT_TIMEOUT_SECONDS } from "../config/env.js";
import { sshConfigFor } from "../config/hosts.js";

export interface SshTarget {
  host: string;
  port: number;
  username: string;
  identityFiles: string[];
  proxyCommand: string | undefined;
  /** The name known_hosts entries use: `host` for port 22, `[host]:port` otherwise. */
  knownHostsName: string;
}

export interface SshEnvironment {
  home: string;
  sshAuthSock: string | undefined;
  /** Deadline for the handshake plus opening a channel (default 10 s). */
  connectTimeoutMs?: number;
}

export class SshSetupError extends Error {}

/** URL + ~/.ssh/config → where to connect and as whom (explicit URL parts win over the config file). */
export function resolveSshTarget(url: string, env: SshEnvironment): SshTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SshSetupError(`Could not parse a hostname from '${url}'`);
  }
  if (!parsed.hostname) throw new SshSetupError(`Could not parse a hostname from '${url}'`);
  const alias = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  const config = sshConfigFor(alias, env.home);
  const host = config.hostname ?? alias;
  const port = parsed.port ? Number(parsed.port) : (config.port ?? 22);
  const username = decodeURIComponent(parsed.username) || config.user || userInfo().username;
  const defaults = ["id_ed25519", "id_ecdsa", "id_rsa"].map((name) => join(env.home, ".ssh", name));
  return {
    host,
    port,
    username,
    identityFiles: config.identityFile ? [config.identityFile, ...defaults] : defaults,
    proxyCommand: config.proxyCommand,
    knownHostsName: port === 22 ? host : `[${host}]:${port}`,
  };
}

interface KnownHostLine {
  patterns: string[];
  keyBase64: string;
  revoked: boolean;
}

function parseKnownHosts(text: string): KnownHostLine[] {
  const lines: KnownHostLine[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const fields = line.split(/\s+/);
    let revoked = false;
    if (fields[0]?.startsWith("@")) {
      const marker = fields.shift();
      if (marker === "@cert-authority") continue;
      revoked = marker === "@revoked";
    }
    const [hosts, , key] = fields;
    if (!hosts || !key) continue;
    lines.push({ patterns: hosts.split(","), keyBase64: key, revoked });
  }
  return lines;
}

function patternMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith("|1|")) {
    const [, , salt, hash] = pattern.split("|");
    if (!salt || !hash) return false;
    return createHmac("sha1", Buffer.from(salt, "base64")).update(name).digest("base64") === hash;
  }
  return globToRegExp(pattern).test(name);
}

/** Accepts a host key only when known_hosts lists exactly that key for this host; unknown keys are rejected. */
export function makeHostVerifier(target: SshTarget, home: string): (key: Buffer) => boolean {
  let entries: KnownHostLine[] = [];
  try {
    entries = parseKnownHosts(readFileSync(join(home, ".ssh/known_hosts"), "utf8"));
  } catch {
    entries = [];
  }
  return (key: Buffer) => {
    const presented = key.toString("base64");
    let accepted = false;
    for (const entry of entries) {
      const positive = entry.patterns.filter((p) => !p.startsWith("!"));
      const negated = entry.patterns.filter((p) => p.startsWith("!")).map((p) => p.slice(1));
      if (negated.some((p) => patternMatches(p, target.knownHostsName))) continue;
      if (!positive.some((p) => patternMatches(p, target.knownHostsName))) continue;
      if (entry.keyBase64 !== presented) continue;
      if (entry.revoked) return false;
      accepted = true;
    }
    return accepted;
  };
}

function authMethods(target: SshTarget, env: SshEnvironment): NonNullable<ConnectConfig["authHandler"]> {
  const methods: Array<Record<string, unknown>> = [];
  if (env.sshAuthSock) methods.push({ type: "agent", username: target.username, agent: env.sshAuthSock });
  for (const file of target.identityFiles) {
    try {
      methods.push({ type: "publickey", username: target.username, key: readFileSync(file) });
    } catch {
      // Missing key files are normal; try the next one.
    }
  }
  // ssh2 accepts a list of method objects; its typings only describe the function form.
  return methods as unknown as NonNullable<ConnectConfig["authHandler"]>;
}

function transportSocket(target: SshTarget): Duplex {
  if (target.proxyCommand) {
    const command = target.proxyCommand
      .replace(/%h/g, target.host)
      .replace(/%p/g, String(target.port))
      .replace(/%r/g, target.username)
      .replace(/%%/g, "%");
    // The one place an external program may run for SSH: a ProxyCommand the user configured.
    const child = spawn(command, { shell: true, stdio: ["pipe", "pipe", "inherit"] });
    if (!child.stdin || !child.stdout) throw new SshSetupError("ProxyCommand did not provide stdio pipes");
    return Duplex.from({ readable: child.stdout, writable: child.stdin });
  }
  const socket = netConnect({ host: target.host, port: target.port });
  // Small request/response exchanges: Nagle adds ~40 ms per call.
  socket.setNoDelay(true);
  return socket;
}

/**
 * A dial-stdio channel as the socket http.Agent expects. ssh2's own destroy() only asks the remote to close and waits
 * for its answer, which never comes while the remote `docker system dial-stdio` is inside a long poll (/wait,
 * /events): an aborted request would hang. Here destroy is immediate; the channel is told to stop and close behind it.
 */
class ChannelSocket extends Duplex {
  constructor(private readonly channel: ClientChannel) {
    super();
    channel.on("data", (chunk: Buffer) => {
      if (!this.push(chunk)) channel.pause();
    });
    channel.on("end", () => this.push(null));
    channel.on("close", () => this.destroy());
    channel.on("error", (err: Error) => this.destroy(err));
    // What dial-stdio prints on stderr is not HTTP; drain it so the channel window never fills.
    channel.stderr.resume();
  }

  override _read(): void {
    this.channel.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.channel.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.channel.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    try {
      this.channel.signal("KILL");
    } catch {
      // Not every server honours signals; closing the channel is enough.
    }
    this.channel.close();
    callback(error);
  }

  // Socket methods http.Agent calls; a channel has no TCP options of its own.
  setKeepAlive(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setTimeout(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}

/**
 * ssh2's own handshake timeout runs a little past the connect deadline, so the request fails with the deadline's
 * message (naming the host and the variable to raise) and ssh2 then tears the half-open client down.
 */
const HANDSHAKE_GRACE_MS = 2_000;

/** The kept SSH connection of one host; channels are opened on demand and the client is rebuilt if it drops. */
export class SshConnection {
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private closed = false;
  /** Connections made so far (tests check reuse). */
  connectCount = 0;

  constructor(
    readonly target: SshTarget,
    private readonly env: SshEnvironment,
  ) {}

  private async connect(): Promise<Client> {
    const { Client: SshClient } = cjsExports(await import("ssh2"));
    const client = new SshClient();
    return await new Promise<Client>((resolve, reject) => {
      let failed = false;
      const fail = (err: Error) => {
        if (failed) return;
        failed = true;
        client.removeAllListeners("ready");
        client.end();
        reject(
          new SshSetupError(
            `Could not establish the SSH connection to ${this.target.username}@${this.target.host}:${this.target.port}: ${err.message}. ` +
              "Load your key into the agent (ssh-add) or put it in ~/.ssh, make sure the host key is in ~/.ssh/known_hosts " +
              "(unknown host keys are rejected; verify the fingerprint out of band before adding it), and check the host is reachable.",
          ),
        );
      };
      // Kept until ready: a handshake timeout is followed by a second error ("Connection lost before handshake").
      client.on("error", fail);
      client.once("ready", () => {
        client.removeListener("error", fail);
        // Closed while the handshake ran (system_close, or the pool shut down): this client is nobody's.
        if (this.closed) {
          client.on("error", () => undefined);
          client.end();
          reject(new SshSetupError("SSH connection was closed"));
          return;
        }
        client.on("error", () => this.drop(client));
        client.on("close", () => this.drop(client));
        this.connectCount += 1;
        resolve(client);
      });
      try {
        client.connect({
          sock: transportSocket(this.target) as unknown as ConnectConfig["sock"],
          username: this.target.username,
          hostVerifier: makeHostVerifier(this.target, this.env.home),
          authHandler: authMethods(this.target, this.env),
          readyTimeout: (this.env.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_SECONDS * 1000) + HANDSHAKE_GRACE_MS,
          keepaliveInterval: 15_000,
        });
      } catch (err) {
        fail(err as Error);
      }
    });
  }

  private drop(client: Client): void {
    if (this.client === client) this.client = undefined;
  }

  private async ready(): Promise<Client> {
    if (this.closed) throw new SshSetupError("SSH connection was closed");
    if (this.client) return this.client;
    if (!this.connecting) {
      this.connecting = this.connect().finally(() => {
        this.connecting = undefined;
      });
    }
    const client = await this.connecting;
    this.client = client;
    return client;
  }

  /** Opens a channel running `command` remotely; a refused open is retried briefly (sshd MaxSessions). */
  async exec(command: string): Promise<ClientChannel> {
    let delay = 20;
    for (let attempt = 0; ; attempt++) {
      const client = await this.ready();
      try {
        return await new Promise<ClientChannel>((resolve, reject) => {
          client.exec(command, (err, channel) => (err ? reject(err) : resolve(channel)));
        });
      } catch (err) {
        if (attempt >= 12) throw err;
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 1000);
      }
    }
  }

  /** An http.Agent whose sockets are dial-stdio channels on this connection. */
  httpAgent(options: AgentOptions = {}): Agent {
    // Each new channel starts `docker system dial-stdio` remotely (100–400 ms); a few kept channels serve 32 calls in
    // flight at thousands per second once warm.
    const agent = new Agent({ keepAlive: true, maxSockets: 4, ...options });
    // http.Agent supports asynchronous socket creation through the callback.
    (agent as unknown as { createConnection: unknown }).createConnection = (
      _opts: unknown,
      callback: (err: Error | null, socket?: Duplex) => void,
    ) => {
      this.exec("docker system dial-stdio").then(
        (channel) => callback(null, new ChannelSocket(channel)),
        (err: Error) => callback(err),
      );
      return undefined;
    };
    return agent;
  }

  close(): void {
    this.closed = true;
    this.client?.end();
    this.client = undefined;
  }
}
