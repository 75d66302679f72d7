// `docker-mcp-server doctor`: per configured host, whether the daemon answers and its versions; whether the docker
// CLI and the compose/buildx/scout plugins are found — with the fix for each miss (the first-run diagnosis of
// src/engine/first-run.ts for a daemon that does not answer). Writes a report to stdout.

import { type CliPlugin, pluginMissingMessage } from "./cli/plugins.js";
import { CliRunner } from "./cli/runner.js";
import type { ServerConfig } from "./config/index.js";
import { diagnoseUnreachable, failureFacts } from "./engine/first-run.js";
import type { EnginePool } from "./engine/pool.js";

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  /** The fix, one line or several (the first-run diagnosis of an unreachable daemon). */
  fix?: string | readonly string[];
}

function pluginFix(plugin: CliPlugin, inContainer: boolean): string {
  const drop = `or set DOCKER_MCP_SERVER_DISABLE=${plugin} to drop its tools.`;
  if (inContainer) return `This image has no ${plugin} plugin: use the full image (compose, buildx and scout), ${drop}`;
  return `${pluginMissingMessage(plugin)} Or set DOCKER_MCP_SERVER_DISABLE=${plugin} to drop its tools.`;
}

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
      const error = (err as Error).message;
      checks.push({ name, ok: false, detail: error, fix: diagnoseUnreachable(failureFacts(config, host, error)) });
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
        detail: config.inContainer ? "not in this image" : "not found on PATH or in the usual install locations",
        fix: runner.missingDocker(),
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
        : { name: `plugin ${plugin}`, ok: false, detail: "not installed", fix: pluginFix(plugin, config.inContainer) },
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
    if (check.ok || !check.fix) continue;
    if (typeof check.fix === "string") write(`     fix: ${check.fix}`);
    else for (const line of check.fix) write(`     ${line}`);
  }
  // The CLI and plugins only serve the CLI-backed domains: only an unreachable host fails the doctor.
  return checks.every((check) => check.ok || !check.name.startsWith("host "));
}
