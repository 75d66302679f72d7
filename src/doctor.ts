// `docker-mcp-server doctor`: per configured host, whether the daemon answers and its versions; whether the docker
// CLI and the compose/buildx/scout plugins are found — with the fix for each miss. Writes a report to stdout.

import type { CliPlugin } from "./cli/plugins.js";
import { CliRunner } from "./cli/runner.js";
import type { ServerConfig } from "./config/index.js";
import type { EnginePool } from "./engine/pool.js";

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

const PLUGIN_FIX: Record<string, string> = {
  compose:
    "Install the Compose v2 plugin (Docker Desktop ships it; on Engine installs: the docker-compose-plugin package).",
  buildx: "Install the Buildx plugin (Docker Desktop ships it; on Engine installs: the docker-buildx-plugin package).",
  scout:
    "Install Docker Scout (Docker Desktop ships it; on Engine installs: the docker-scout-plugin or its install script).",
};

async function hostChecks(config: ServerConfig, pool: EnginePool): Promise<Check[]> {
  const checks: Check[] = [];
  for (const host of config.hosts.entries) {
    const name = `host '${host.label}' (${host.url ?? "default socket"}${host.readOnly ? ", read-only" : ""})`;
    try {
      const docker = await pool.docker(host);
      const version = (await Promise.race([
        docker.version(),
        new Promise((_, reject) => setTimeout(() => reject(new Error("no answer within 15 s")), 15_000)),
      ])) as { Version?: string; ApiVersion?: string; Os?: string; Arch?: string };
      checks.push({
        name,
        ok: true,
        detail: `Engine ${version.Version}, API ${version.ApiVersion}, ${version.Os}/${version.Arch}`,
      });
    } catch (err) {
      const fix = host.url?.startsWith("ssh://")
        ? "Check the SSH key (ssh-add or ~/.ssh), that the host key is in ~/.ssh/known_hosts, and that docker runs on the remote."
        : host.url?.startsWith("tcp://")
          ? "Check the address and TLS material ((tls=<dir>) with ca.pem, cert.pem, key.pem)."
          : "Start Docker, or point DOCKER_HOST / DOCKER_MCP_SERVER_HOSTS at a running daemon.";
      checks.push({ name, ok: false, detail: (err as Error).message, fix });
    }
  }
  return checks;
}

async function cliChecks(config: ServerConfig, pool: EnginePool): Promise<Check[]> {
  const runner = new CliRunner({
    config,
    async sshConnection(host) {
      const { ssh } = await pool.connection(host);
      if (!ssh) throw new Error(`host '${host.label}' has no SSH connection`);
      return ssh;
    },
  });
  const docker = runner.docker();
  if (!docker) {
    return [
      {
        name: "docker CLI",
        ok: false,
        detail: "not found on PATH or in the usual install locations",
        fix: "Install the Docker CLI (docker-ce-cli or docker.io) or add it to PATH; compose, stack, context, buildx and scout tools need it.",
      },
    ];
  }
  const where = docker.extraPathDir ? `${docker.path} (not on PATH; found in an install location)` : docker.path;
  const checks: Check[] = [{ name: "docker CLI", ok: true, detail: where }];
  for (const plugin of ["compose", "buildx", "scout"] as CliPlugin[]) {
    const state = await runner.pluginState(plugin);
    checks.push(
      state.available
        ? { name: `plugin ${plugin}`, ok: true, detail: state.version ?? "" }
        : { name: `plugin ${plugin}`, ok: false, detail: "not installed", fix: PLUGIN_FIX[plugin] },
    );
  }
  return checks;
}

export async function runDoctor(
  config: ServerConfig,
  pool: EnginePool,
  write: (line: string) => void,
): Promise<boolean> {
  write(`docker-mcp-server ${config.version} doctor`);
  const checks = [...(await hostChecks(config, pool)), ...(await cliChecks(config, pool))];
  for (const check of checks) {
    write(`${check.ok ? "ok  " : "MISS"} ${check.name}: ${check.detail}`);
    if (!check.ok && check.fix) write(`     fix: ${check.fix}`);
  }
  // The CLI and plugins only serve the CLI-backed domains: only an unreachable host fails the doctor.
  return checks.every((check) => check.ok || !check.name.startsWith("host "));
}
