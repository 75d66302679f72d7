// Builds one Engine API client (dockerode) for one pinned host: unix/npipe socket, tcp, tcp+TLS, or ssh through a
// kept SSH connection. dockerode is loaded on first use so start-up stays fast.

import { readFileSync } from "node:fs";
import { Agent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { join } from "node:path";
import { inspect } from "node:util";
import type Docker from "dockerode";
import { DEFAULT_CONNECT_TIMEOUT_SECONDS, DEFAULT_REQUEST_TIMEOUT_SECONDS } from "../config/env.js";
import type { HostEntry } from "../config/hosts.js";
import { armDeadlines } from "./deadlines.js";
import { resolveSshTarget, SshConnection, type SshEnvironment } from "./ssh.js";

export interface ConnectionEnvironment extends SshEnvironment {
  /** True when hosts came from DOCKER_MCP_SERVER_HOSTS (explicit), false for the legacy DOCKER_HOST host. */
  explicit: boolean;
  tlsVerify: string | undefined;
  certPath: string | undefined;
  platform: NodeJS.Platform;
  /** Deadline for a whole answer, or a stream's first byte (default 60 s). */
  requestTimeoutMs?: number;
}

export interface EngineConnection {
  readonly docker: Docker;
  /** Where the client points, for error messages. */
  readonly where: string;
  readonly ssh: SshConnection | undefined;
  close(): void;
}

interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
}

function readOptional(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** TLS for a tcp:// host: its own (tls=dir), else the ambient DOCKER_TLS_VERIFY/DOCKER_CERT_PATH rules. */
export function tlsFor(host: HostEntry, env: ConnectionEnvironment): TlsMaterial | undefined {
  if (host.certDir) {
    const cert = readOptional(join(host.certDir, "cert.pem"));
    const key = readOptional(join(host.certDir, "key.pem"));
    return {
      ca: readFileSync(join(host.certDir, "ca.pem")),
      ...(cert && key ? { cert, key } : {}),
      rejectUnauthorized: true,
    };
  }
  const dir = env.certPath ?? join(env.home, ".docker");
  if (env.tlsVerify) {
    return {
      ca: readOptional(join(dir, "ca.pem")),
      cert: readOptional(join(dir, "cert.pem")),
      key: readOptional(join(dir, "key.pem")),
      rejectUnauthorized: true,
    };
  }
  // Legacy "from environment" semantics: DOCKER_CERT_PATH alone means a client cert without daemon verification.
  if (!env.explicit && env.certPath) {
    return {
      cert: readOptional(join(dir, "cert.pem")),
      key: readOptional(join(dir, "key.pem")),
      rejectUnauthorized: false,
    };
  }
  return undefined;
}

/** Every docker-modem option spelled out, so its own DOCKER_HOST/DOCKER_CERT_PATH defaults can never leak in. */
function baseOptions(): Docker.DockerOptions {
  return {
    socketPath: undefined,
    host: undefined,
    port: undefined,
    protocol: undefined,
    ca: undefined,
    cert: undefined,
    key: undefined,
    timeout: undefined,
  };
}

/**
 * docker-modem formats every request's options with util.inspect (showHidden, unlimited depth) even when its debug
 * output is off; with an agent in them that walks every pooled socket, costing ~1 s per call at 32 in flight.
 */
function quietInspect(agent: Agent): void {
  Object.defineProperty(agent, inspect.custom, { value: () => "[docker-mcp-server agent]" });
}

/**
 * The Engine API never redirects a legitimate call, but it answers a path it normalises (a name with `/`, `.` or
 * `..`) with a 301, which docker-modem would follow — off the socket or to another endpoint. Refuse every redirect.
 */
async function refuseRedirects(): Promise<void> {
  const { default: modemHttp } = await import("docker-modem/lib/http.js");
  modemHttp.maxRedirects = 0;
}

export async function openConnection(host: HostEntry, env: ConnectionEnvironment): Promise<EngineConnection> {
  const [{ default: DockerCtor }] = await Promise.all([import("dockerode"), refuseRedirects()]);
  const url = host.url;
  const options: Docker.DockerOptions = baseOptions();
  let ssh: SshConnection | undefined;
  let agent: Agent | undefined;
  let where: string;

  if (url === null) {
    options.socketPath = env.platform === "win32" ? "//./pipe/docker_engine" : "/var/run/docker.sock";
    where = "the default Docker socket";
  } else if (url.startsWith("unix://")) {
    options.socketPath = url.slice("unix://".length) || "/var/run/docker.sock";
    where = url;
  } else if (url.startsWith("npipe://")) {
    options.socketPath = url.slice("npipe://".length) || "//./pipe/docker_engine";
    where = url;
  } else if (url.startsWith("tcp://") || url.startsWith("http://") || url.startsWith("https://")) {
    const parsed = new URL(url.replace(/^tcp:/, "http:"));
    const tls = tlsFor(host, env);
    options.host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
    options.port = parsed.port || (tls ? "2376" : "2375");
    if (tls) {
      options.protocol = "https";
      agent = new HttpsAgent({
        keepAlive: true,
        ca: tls.ca,
        cert: tls.cert,
        key: tls.key,
        rejectUnauthorized: tls.rejectUnauthorized,
      });
    } else {
      options.protocol = "http";
      agent = new Agent({ keepAlive: true });
    }
    where = url;
  } else if (url.startsWith("ssh://")) {
    ssh = new SshConnection(resolveSshTarget(url, env), env);
    agent = ssh.httpAgent();
    // Plain HTTP over the dial-stdio channel; the host/port only fill the Host header.
    options.protocol = "http";
    options.host = "docker";
    options.port = "80";
    where = url;
  } else {
    throw new Error(`unsupported endpoint '${url}'`);
  }
  if (options.socketPath) agent = new Agent({ keepAlive: true, maxSockets: 64 });
  if (!agent) throw new Error(`no transport for endpoint '${url}'`);
  const transport = agent;
  quietInspect(transport);
  armDeadlines(transport, {
    label: host.label,
    where,
    requestMs: env.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_SECONDS * 1000,
    connectMs: env.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_SECONDS * 1000,
  });
  const docker = new DockerCtor({ ...options, agent: transport } as Docker.DockerOptions);
  return {
    docker,
    where,
    ssh,
    close() {
      transport.destroy();
      ssh?.close();
    },
  };
}
