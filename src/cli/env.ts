// The environment a docker CLI child gets (cli-and-registry.md §2.3): an allow-list of the server's variables, then
// the target host pinned for explicit hosts.

import type { HostEntry } from "../config/hosts.js";
import type { ServerConfig } from "../config/index.js";

const ALLOWED = [
  "PATH",
  "HOME",
  "LANG",
  "LC_ALL",
  "DOCKER_HOST",
  "DOCKER_CONTEXT",
  "DOCKER_CONFIG",
  "DOCKER_CERT_PATH",
  "DOCKER_TLS_VERIFY",
  "DOCKER_API_VERSION",
  "DOCKER_BUILDKIT",
  "DOCKER_CLI_HINTS",
  "COMPOSE_PROJECT_NAME",
  "COMPOSE_FILE",
  "COMPOSE_PROFILES",
  "SSH_AUTH_SOCK",
  "SSH_AGENT_PID",
  "SSH_ASKPASS",
  "XDG_RUNTIME_DIR",
];

const WINDOWS_ALLOWED = [
  "USERPROFILE",
  "APPDATA",
  "LOCALAPPDATA",
  "PROGRAMDATA",
  "PROGRAMFILES",
  "PROGRAMFILES(X86)",
  "SYSTEMROOT",
  "SYSTEMDRIVE",
  "WINDIR",
  "TEMP",
  "TMP",
];

export function cliEnvironment(config: ServerConfig, host: HostEntry | undefined): Record<string, string> {
  const names = process.platform === "win32" ? [...ALLOWED, ...WINDOWS_ALLOWED] : ALLOWED;
  const env: Record<string, string> = {};
  for (const name of names) {
    const value = config.env[name];
    if (value !== undefined) env[name] = value;
  }
  if (!config.hosts.explicit) return env;
  const target = host ?? config.hosts.entries[0];
  delete env.DOCKER_CONTEXT;
  if (target?.url) env.DOCKER_HOST = target.url;
  else delete env.DOCKER_HOST;
  if (target?.certDir) {
    env.DOCKER_CERT_PATH = target.certDir;
    env.DOCKER_TLS_VERIFY = "1";
  } else if (!config.ambient.tlsVerify) {
    delete env.DOCKER_CERT_PATH;
    delete env.DOCKER_TLS_VERIFY;
  }
  return env;
}
