// Startup preflight: stderr only, never fatal, never on the start-up path of serving.

import { release } from "node:os";
import { isRemoteUrl } from "../config/hosts.js";
import type { ServerConfig } from "../config/index.js";
import type { EnginePool } from "../engine/pool.js";
import { identifySelf, type SelfContainer } from "../engine/self.js";

export function unreachableHint(config: ServerConfig, error: string, kernelRelease = release()): string[] {
  const host = config.hosts.entries[0];
  const lines = [`docker-mcp-server: could not reach the Docker daemon: ${error}`];
  if (host?.url) lines.push(`  Check host '${host.label}' at ${host.url}.`);
  if (host?.url?.startsWith("ssh://")) {
    lines.push(
      "  Load your SSH key into the agent (ssh-add) and make SSH_AUTH_SOCK available to the server, or keep the key in ~/.ssh.",
      "  The host key must already be in ~/.ssh/known_hosts: unknown host keys are rejected. Add it only after checking its",
      "  fingerprint out of band (connect once interactively, or compare `ssh-keyscan <host> | ssh-keygen -lf -` with a",
      "  trusted fingerprint); never append keyscan output blindly.",
      "  In a container, mount ~/.ssh read-only. No ssh binary is needed.",
    );
    return lines;
  }
  if (!config.inContainer) {
    lines.push("  Is Docker running, and does DOCKER_HOST (or DOCKER_MCP_SERVER_HOSTS) point at it?");
    return lines;
  }
  lines.push("  The server runs in a container: bind-mount the Docker socket or set DOCKER_HOST.");
  const kernel = kernelRelease.toLowerCase();
  if (kernel.includes("microsoft") || kernel.includes("wsl")) {
    lines.push(
      "  Windows/WSL2: the engine listens on a named pipe. Use -e DOCKER_HOST=tcp://host.docker.internal:2375 (turn on",
      "  Docker Desktop's TCP listener) or bind-mount the socket from the WSL side.",
    );
  } else if (kernel.includes("linuxkit")) {
    lines.push(
      "  Docker Desktop (macOS): -v $HOME/.docker/run/docker.sock:/var/run/docker.sock, or enable",
      '  "Allow the default Docker socket" and mount /var/run/docker.sock.',
    );
  } else {
    lines.push(
      "  Linux: -v /var/run/docker.sock:/var/run/docker.sock (rootless: -v $XDG_RUNTIME_DIR/docker.sock:/var/run/docker.sock).",
    );
  }
  return lines;
}

export interface PreflightResult {
  lines: string[];
  self: SelfContainer | undefined;
}

export async function runPreflight(config: ServerConfig, pool: EnginePool): Promise<PreflightResult> {
  const host = config.hosts.entries[0];
  if (!host) return { lines: [], self: undefined };
  let info: { OperatingSystem?: string; SecurityOptions?: string[] };
  try {
    const docker = await pool.docker(host);
    await docker.ping();
    info = (await docker.info()) as typeof info;
  } catch (err) {
    return { lines: unreachableHint(config, (err as Error).message), self: undefined };
  }
  const self = config.inContainer
    ? await identifySelf(config.hosts, (host) => pool.docker(host), config.env)
    : undefined;
  let line = `docker-mcp-server: connected to default host '${host.label}' — ${info.OperatingSystem ?? "unknown"}`;
  if ((info.SecurityOptions ?? []).some((option) => option.includes("name=rootless"))) line += " (rootless)";
  if (config.inContainer) {
    line += self
      ? `; self-termination guard active for container ${self.id.slice(0, 12)} on host '${self.hostLabel}'`
      : "; self-termination guard inactive (could not identify own container)";
  }
  const others = config.hosts.entries.slice(1);
  if (others.length > 0) {
    const describe = others.map((entry) => {
      const marks = [entry.readOnly ? "ro" : "", isRemoteUrl(entry.url) ? "remote" : ""].filter(Boolean);
      return marks.length ? `${entry.label} (${marks.join(", ")})` : entry.label;
    });
    line += `; other hosts (lazy): ${describe.join(", ")}`;
  }
  return { lines: [line], self };
}
