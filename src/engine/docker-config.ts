// The docker CLI's config file (`config.json`): its inline registry logins (`auths`) and default proxies, read
// through the bounded regular-file reader. A file the caller named must be a readable Docker config; the user's own
// file is best effort (missing or broken means no logins, as a pull must not fail over it).

import { type HostFileEnvironment, readHostFile } from "./host-files.js";
import { type RegistryLogin, registryKey } from "./registry-auth.js";
import { FileReadError, openRegularFile, type ReadLimit, readOpenedFile } from "./regular-file.js";

/** A Docker config is a few KiB; 1 MiB is far above any real one. */
export const DOCKER_CONFIG_MAX_BYTES = 1024 * 1024;

export interface DockerConfig {
  auths?: Record<string, { auth?: unknown; identitytoken?: unknown } | null>;
  proxies?: { default?: Record<string, unknown> };
}

/** Parses the text; the parser's own message is never shown, as it quotes the file (which may be any file). */
function parseConfig(bytes: Buffer, path: string, parameter: string): DockerConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new FileReadError(`${parameter} ${path} is not valid JSON; a Docker config.json was expected.`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new FileReadError(`${parameter} ${path} is not a Docker config: expected a JSON object.`);
  }
  return parsed as DockerConfig;
}

/** A config file the caller named (system_login's dockercfg_path): any problem is an error naming it. */
export async function readNamedDockerConfig(
  pathArg: string,
  env: HostFileEnvironment,
  parameter: string,
): Promise<DockerConfig> {
  const limit: ReadLimit = { parameter, maxBytes: DOCKER_CONFIG_MAX_BYTES };
  return parseConfig(await readHostFile(pathArg, env, limit), pathArg, parameter);
}

/** The user's own config file (`~/.docker/config.json` or under DOCKER_CONFIG): anything unusable reads as empty. */
export async function readUserDockerConfig(path: string): Promise<DockerConfig> {
  const limit: ReadLimit = { parameter: "the Docker config file", maxBytes: DOCKER_CONFIG_MAX_BYTES };
  try {
    return parseConfig(await readOpenedFile(await openRegularFile(path, limit)), path, limit.parameter);
  } catch {
    return {};
  }
}

/** The `auths` entries that carry an inline user:password (base64 `auth`), keyed by registry key. */
export function dockerConfigLogins(config: DockerConfig): Map<string, RegistryLogin> {
  const logins = new Map<string, RegistryLogin>();
  const auths = config.auths && typeof config.auths === "object" ? config.auths : {};
  for (const [address, entry] of Object.entries(auths)) {
    if (typeof entry?.auth !== "string" || !entry.auth) continue;
    const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon <= 0) continue;
    logins.set(registryKey(address), {
      username: decoded.slice(0, colon),
      password: decoded.slice(colon + 1),
      serveraddress: address,
      ...(typeof entry.identitytoken === "string" && entry.identitytoken ? { identitytoken: entry.identitytoken } : {}),
    });
  }
  return logins;
}

/** `proxies.default` string values (httpProxy, httpsProxy, noProxy, ftpProxy, allProxy). */
export function dockerConfigProxies(config: DockerConfig): Record<string, string> {
  const proxies = config.proxies?.default;
  if (!proxies || typeof proxies !== "object") return {};
  return Object.fromEntries(
    Object.entries(proxies).filter((entry): entry is [string, string] => typeof entry[1] === "string" && !!entry[1]),
  );
}
