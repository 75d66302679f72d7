// Helpers for the CLI runner tests: a configuration read the way the server reads its environment, stand-in
// executables in temporary directories, and a stand-in docker CLI plugin under a private DOCKER_CONFIG.

import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, type ServerConfig } from "../../src/config/index.js";

export function cliConfig(env: Record<string, string>): ServerConfig {
  return loadConfig({ ...env }, { version: "0.0.0-test", dockerEnvFileExists: false });
}

/** A temporary directory holding one executable `name` with the given shell script body. */
export function scriptDir(name: string, body: string, prefix = "dmcp-cli-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return dir;
}

/**
 * A private Docker config dir whose cli-plugins holds a stand-in `docker-<name>` plugin. The plugin answers the
 * CLI's metadata handshake and runs `body` (a shell script) for every other invocation.
 */
export function pluginConfigDir(name: string, body: string): string {
  const dir = mkdtempSync(join(tmpdir(), "dmcp-dockercfg-"));
  mkdirSync(join(dir, "cli-plugins"));
  writeFileSync(join(dir, "config.json"), "{}\n");
  const path = join(dir, "cli-plugins", `docker-${name}`);
  writeFileSync(
    path,
    [
      "#!/bin/sh",
      'if [ "$1" = docker-cli-plugin-metadata ]; then',
      `  echo '{"SchemaVersion":"0.1.0","Vendor":"dmcp tests","Version":"0.0.1","ShortDescription":"stand-in ${name}"}'`,
      "  exit 0",
      "fi",
      // The CLI passes the plugin name first; drop it so $@ is what follows `docker <name>`.
      "shift",
      body,
      "",
    ].join("\n"),
  );
  chmodSync(path, 0o755);
  return dir;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
