// Why a daemon did not answer, in the words a first run needs: one diagnosis per failure a new user hits (no daemon,
// permission denied on the socket, rootless or Desktop socket elsewhere, a context pointing at a dead endpoint, an
// unknown SSH host key), each with the exact fix. Shared by `doctor` and the start-up hint, so both say the same.

import { readFileSync, statSync } from "node:fs";
import { release } from "node:os";
import { join } from "node:path";
import { activeContextName, type HostEntry, resolveContextEndpoint } from "../config/hosts.js";
import type { ServerConfig } from "../config/index.js";

/** The unix socket a host talks to, as seen by this process (owner, group, mode), when it exists. */
export interface SocketFacts {
  path: string;
  uid: number;
  gid: number;
  mode: number;
  groupName: string | undefined;
}

export interface FailureFacts {
  host: HostEntry;
  error: string;
  inContainer: boolean;
  kernelRelease: string;
  /** The docker context the endpoint came from (auto mode only). */
  context: string | undefined;
  socket: SocketFacts | undefined;
  /** Other Docker sockets that exist on this machine (rootless, Desktop, Colima, Rancher Desktop, the system one). */
  otherSockets: string[];
}

const DEFAULT_SOCKET = "/var/run/docker.sock";

function socketPath(url: string | null): string | undefined {
  if (url === null) return process.platform === "win32" ? undefined : DEFAULT_SOCKET;
  return url.startsWith("unix://") ? url.slice("unix://".length) : undefined;
}

function groupName(gid: number): string | undefined {
  try {
    const line = readFileSync("/etc/group", "utf8")
      .split("\n")
      .find((entry) => entry.split(":")[2] === String(gid));
    return line?.split(":")[0] || undefined;
  } catch {
    return undefined;
  }
}

function statSocket(path: string | undefined): SocketFacts | undefined {
  if (!path) return undefined;
  try {
    const stat = statSync(path);
    return { path, uid: stat.uid, gid: stat.gid, mode: stat.mode & 0o777, groupName: groupName(stat.gid) };
  } catch {
    return undefined;
  }
}

function isSocket(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}

/** Where Docker sockets usually live besides the one that failed. */
function socketsElsewhere(config: ServerConfig, failed: string | undefined): string[] {
  const { home, xdgRuntimeDir } = config.resolve;
  const uid = typeof process.getuid === "function" ? process.getuid() : undefined;
  const candidates = [
    ...(xdgRuntimeDir ? [join(xdgRuntimeDir, "docker.sock")] : []),
    ...(uid !== undefined ? [`/run/user/${uid}/docker.sock`] : []),
    join(home, ".docker/run/docker.sock"),
    join(home, ".docker/desktop/docker.sock"),
    join(home, ".colima/default/docker.sock"),
    join(home, ".rd/docker.sock"),
    DEFAULT_SOCKET,
  ];
  return [...new Set(candidates)].filter((path) => path !== failed && isSocket(path));
}

/** The facts behind a failure: the socket's ownership and whether a docker context chose the endpoint. */
export function failureFacts(config: ServerConfig, host: HostEntry, error: string, kernel = release()): FailureFacts {
  const auto = !config.hosts.explicit && !config.ambient.dockerHost?.trim() && host.url !== null;
  const fromContext =
    auto && resolveContextEndpoint(config.resolve) === host.url ? activeContextName(config.resolve) : null;
  return {
    host,
    error,
    inContainer: config.inContainer,
    kernelRelease: kernel,
    context: fromContext ?? undefined,
    socket: statSocket(socketPath(host.url)),
    otherSockets:
      host.url === null || host.url.startsWith("unix://") ? socketsElsewhere(config, socketPath(host.url)) : [],
  };
}

function sshAdvice(host: HostEntry, error: string): string[] {
  const target = /^ssh:\/\/(?:([^@/]+)@)?(\[[^\]]+\]|[^:/]+)(?::(\d+))?/.exec(host.url ?? "");
  const hostname = target?.[2] ?? "<host>";
  const port = target?.[3];
  const user = target?.[1] ? `${target[1]}@` : "";
  if (/verification failed|host denied/i.test(error)) {
    const knownName = port && port !== "22" ? `[${hostname}]:${port}` : hostname;
    const portFlag = port && port !== "22" ? `-p ${port} ` : "";
    return [
      `The SSH host key of ${knownName} is not in ~/.ssh/known_hosts (unknown host keys are rejected).`,
      `Fix: connect once with \`ssh ${portFlag}${user}${hostname}\` and accept the key only if its fingerprint matches one`,
      `  you trust, or compare \`ssh-keyscan ${portFlag}${hostname} | ssh-keygen -lf -\` with a trusted fingerprint and then`,
      "  append that keyscan line to ~/.ssh/known_hosts; never append keyscan output blindly.",
    ];
  }
  return [
    "Load your SSH key into the agent (ssh-add) and make SSH_AUTH_SOCK available to the server, or keep the key in ~/.ssh.",
    "The host key must already be in ~/.ssh/known_hosts: unknown host keys are rejected. Add it only after checking its",
    "fingerprint out of band (connect once interactively, or compare `ssh-keyscan <host> | ssh-keygen -lf -` with a",
    "trusted fingerprint); never append keyscan output blindly.",
    "The remote user must be able to run `docker system dial-stdio`. In a container, mount ~/.ssh read-only.",
  ];
}

function describeSocket(socket: SocketFacts): string {
  const group = socket.groupName ? `${socket.groupName} (gid ${socket.gid})` : `gid ${socket.gid}`;
  return `${socket.path} belongs to uid ${socket.uid}, group ${group}, mode ${socket.mode.toString(8).padStart(3, "0")}`;
}

function permissionAdvice(facts: FailureFacts, socket: SocketFacts | undefined): string[] {
  const path = socket?.path ?? socketPath(facts.host.url) ?? DEFAULT_SOCKET;
  const lines = [`Permission denied on the Docker socket${socket ? `: ${describeSocket(socket)}` : ` ${path}`}.`];
  // Joining the socket's group only helps when the group may read and write it, and the group is not root's.
  const groupUsable = socket === undefined || ((socket.mode & 0o060) === 0o060 && socket.gid !== 0);
  if (facts.inContainer) {
    if (socket && (socket.mode & 0o060) !== 0o060) {
      lines.push(
        `Fix: its group has no access, so run the container as its owner (--user ${socket.uid}), or on the host give`,
        `  the docker group access (\`sudo chgrp docker ${path} && sudo chmod 660 ${path}\`) and --group-add that gid.`,
      );
      return lines;
    }
    const gid = socket ? String(socket.gid) : `$(stat -c %g ${path})`;
    lines.push(
      `Fix: start the container with --group-add ${gid} (on the host: --group-add "$(stat -c %g ${path})") so the`,
      "  server's user joins the socket's group.",
    );
    return lines;
  }
  if (!groupUsable) {
    lines.push(
      `Fix: give the docker group access — \`sudo chgrp docker ${path} && sudo chmod 660 ${path}\` (keep it with`,
      '  "group": "docker" in /etc/docker/daemon.json or dockerd -G docker) — then `sudo usermod -aG docker $USER`,',
      "  log out and back in, and restart the MCP client.",
    );
    return lines;
  }
  const group = socket?.groupName ?? "docker";
  lines.push(
    `Fix: add your user to the socket's group — \`sudo usermod -aG ${group} $USER\` — then log out and back in (or run`,
    `  \`newgrp ${group}\`) and restart the MCP client. Rootless Docker instead: DOCKER_HOST=unix://$XDG_RUNTIME_DIR/docker.sock.`,
  );
  return lines;
}

function containerMountAdvice(kernelRelease: string): string[] {
  const lines = ["The server runs in a container: bind-mount the Docker socket or set DOCKER_HOST."];
  const kernel = kernelRelease.toLowerCase();
  if (kernel.includes("microsoft") || kernel.includes("wsl")) {
    lines.push(
      "Windows/WSL2: the engine listens on a named pipe. Use -e DOCKER_HOST=tcp://host.docker.internal:2375 (turn on",
      "Docker Desktop's TCP listener) or bind-mount the socket from the WSL side.",
    );
  } else if (kernel.includes("linuxkit")) {
    lines.push(
      "Docker Desktop (macOS): -v $HOME/.docker/run/docker.sock:/var/run/docker.sock, or enable",
      '"Allow the default Docker socket" and mount /var/run/docker.sock.',
    );
  } else {
    lines.push(
      "Linux: -v /var/run/docker.sock:/var/run/docker.sock (rootless: -v $XDG_RUNTIME_DIR/docker.sock:/var/run/docker.sock).",
    );
  }
  return lines;
}

function noDaemonAdvice(facts: FailureFacts): string[] {
  if (facts.inContainer) return containerMountAdvice(facts.kernelRelease);
  const path = socketPath(facts.host.url) ?? DEFAULT_SOCKET;
  const what = facts.socket ? `the socket ${path} exists but nothing answers on it` : `there is no socket at ${path}`;
  const found = facts.otherSockets.map(
    (other) => `A Docker socket exists at ${other}: use it with DOCKER_HOST=unix://${other} (or unset DOCKER_HOST).`,
  );
  return [
    `Is Docker running? ${what[0]?.toUpperCase()}${what.slice(1)}.`,
    ...found,
    "Fix: start it — Docker Engine: `sudo systemctl start docker`; Docker Desktop: open the app; rootless Docker:",
    "  `systemctl --user start docker`. A daemon whose socket is elsewhere (rootless: $XDG_RUNTIME_DIR/docker.sock,",
    "  Desktop: ~/.docker/run/docker.sock, Colima/Rancher: ~/.colima/default/docker.sock, ~/.rd/docker.sock) is used",
    "  with DOCKER_HOST=unix://<socket> or DOCKER_MCP_SERVER_HOSTS='local=unix://<socket>'.",
  ];
}

/** The lines that explain a daemon that did not answer and how to fix it. */
export function diagnoseUnreachable(facts: FailureFacts): string[] {
  const { host, error } = facts;
  if (host.url?.startsWith("ssh://")) return sshAdvice(host, error);
  if (/\bEACCES\b|\bEPERM\b|permission denied/i.test(error)) return permissionAdvice(facts, facts.socket);
  if (facts.context) {
    return [
      `The active docker context '${facts.context}' points at ${host.url}, and no daemon answers there.`,
      `Fix: switch back with \`docker context use default\` (or another working context), repair it (\`docker context`,
      `  inspect ${facts.context}\`), or name the daemon explicitly with DOCKER_MCP_SERVER_HOSTS; then restart the server.`,
    ];
  }
  if (host.url?.startsWith("tcp://")) {
    if (/cert|tls|ssl/i.test(error)) {
      return [
        "The TLS handshake failed: check the (tls=<dir>) marker (ca.pem, cert.pem, key.pem) or DOCKER_CERT_PATH and",
        "DOCKER_TLS_VERIFY match the daemon's certificates.",
      ];
    }
    return [
      `Nothing answers at ${host.url}: check the address and port, that the daemon listens on TCP there (dockerd -H),`,
      "and, for TLS, the (tls=<dir>) marker with ca.pem, cert.pem and key.pem.",
    ];
  }
  if (host.url === null || host.url.startsWith("unix://")) return noDaemonAdvice(facts);
  return ["Is Docker running, and does DOCKER_HOST (or DOCKER_MCP_SERVER_HOSTS) point at it?"];
}
