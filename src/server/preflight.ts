// Startup preflight: stderr only, never fatal, never on the start-up path of serving.

import { release } from "node:os";
import { isRemoteUrl } from "../config/hosts.js";
import type { ServerConfig } from "../config/index.js";
import { diagnoseUnreachable, failureFacts } from "../engine/first-run.js";
import type { EnginePool } from "../engine/pool.js";
import { identifySelf, type SelfContainer } from "../engine/self.js";

export function unreachableHint(config: ServerConfig, error: string, kernelRelease = release()): string[] {
  const host = config.hosts.entries[0];
  const lines = [`docker-mcp-server: could not reach the Docker daemon: ${error}`];
  if (!host) return lines;
  if (host.url) lines.push(`  Check host '${host.label}' at ${host.url}.`);
  const advice = diagnoseUnreachable(failureFacts(config, host, error, kernelRelease));
  return [...lines, ...advice.map((line) => `  ${line}`), "  `docker-mcp-server doctor` checks every host."];
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
