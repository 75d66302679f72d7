// The environment a docker CLI child gets: an allow-list of the server's variables, then
// the target host pinned. The SSH rewrite (DOCKER_HOST=ssh://… → the loopback proxy) happens in the runner.

import { readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { type HostEntry, resolveContextEndpoint } from "../config/hosts.js";
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

export function allowedNames(platform: NodeJS.Platform = process.platform): readonly string[] {
  return platform === "win32" ? [...ALLOWED, ...WINDOWS_ALLOWED] : ALLOWED;
}

/** Only the allow-listed variables of the server's environment. */
export function scrubbedEnvironment(config: ServerConfig): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of allowedNames()) {
    const value = config.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/**
 * The CLI's current context at start-up when the legacy host was resolved from it (read once, when the runner is
 * built): pinning that name keeps its TLS material while ignoring later switches.
 */
export function startupContext(config: ServerConfig): string | undefined {
  const host = config.hosts.entries[0];
  if (config.hosts.explicit || !host?.url || config.ambient.dockerHost || config.ambient.dockerContext)
    return undefined;
  let current: unknown;
  try {
    current = (
      JSON.parse(readFileSync(join(config.resolve.dockerConfigDir, "config.json"), "utf8")) as {
        currentContext?: unknown;
      }
    ).currentContext;
  } catch {
    return undefined;
  }
  if (typeof current !== "string" || !current.trim() || current.trim() === "default") return undefined;
  return resolveContextEndpoint(config.resolve) === host.url ? current.trim() : undefined;
}

export interface PinOptions {
  /** The current context at start-up (legacy mode without DOCKER_HOST / DOCKER_CONTEXT). */
  startupContext: string | undefined;
  /** Added to PATH when docker was found outside it (its credential helpers sit beside it). */
  extraPathDir?: string | undefined;
}

/**
 * The allow-listed environment with the target host pinned:
 * - explicit hosts: DOCKER_HOST = the host's URL, no DOCKER_CONTEXT, TLS from its (tls=dir) marker (else the
 *   server's own TLS variables only when DOCKER_TLS_VERIFY is set);
 * - legacy single host: the ambient DOCKER_HOST / DOCKER_CONTEXT as they are; with neither, the context that was
 *   current at start-up (or the resolved socket), so a later `context_use` never moves the server's daemon.
 */
export function cliEnvironment(
  config: ServerConfig,
  host: HostEntry | undefined,
  pin: PinOptions,
): Record<string, string> {
  const env = scrubbedEnvironment(config);
  if (pin.extraPathDir) env.PATH = env.PATH ? `${env.PATH}${delimiter}${pin.extraPathDir}` : pin.extraPathDir;
  const target = host ?? config.hosts.entries[0];
  if (!config.hosts.explicit) {
    if (env.DOCKER_HOST?.trim() || env.DOCKER_CONTEXT?.trim()) return env;
    if (pin.startupContext) env.DOCKER_CONTEXT = pin.startupContext;
    else if (target?.url) env.DOCKER_HOST = target.url;
    return env;
  }
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
