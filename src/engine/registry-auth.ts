// Registry credentials for Engine API calls: the per-host in-memory login cache (system_login) seeded from a
// Docker config file. Only username/password pairs are read; credential helpers are not run.

import { readFileSync } from "node:fs";

/** One registry login as the Engine API's X-Registry-Auth carries it. */
export interface RegistryLogin {
  username: string;
  password: string;
  email?: string;
  serveraddress: string;
  identitytoken?: string;
}

export const HUB_KEY = "docker.io";

const HUB_ALIASES = new Set(["docker.io", "index.docker.io", "registry-1.docker.io", "https://index.docker.io/v1/"]);

/** The cache key of a registry address: Docker Hub's many spellings collapse to docker.io. */
export function registryKey(registry: string | null | undefined): string {
  if (!registry) return HUB_KEY;
  const trimmed = registry.trim().replace(/\/+$/, "");
  if (HUB_ALIASES.has(trimmed) || HUB_ALIASES.has(`${trimmed}/`)) return HUB_KEY;
  return trimmed.replace(/^https?:\/\//, "");
}

/** Reads `auths` entries that carry an inline user:password (base64 `auth`). Unreadable files give nothing. */
export function loadDockerConfigLogins(path: string): Map<string, RegistryLogin> {
  const logins = new Map<string, RegistryLogin>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return logins;
  }
  const auths = (parsed as { auths?: Record<string, { auth?: string; identitytoken?: string }> }).auths ?? {};
  for (const [address, entry] of Object.entries(auths)) {
    if (!entry?.auth) continue;
    const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon <= 0) continue;
    const key = registryKey(address);
    logins.set(key, {
      username: decoded.slice(0, colon),
      password: decoded.slice(colon + 1),
      serveraddress: address,
      ...(entry.identitytoken ? { identitytoken: entry.identitytoken } : {}),
    });
  }
  return logins;
}
