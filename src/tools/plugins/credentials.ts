// Registry credentials for a plugin pull or upgrade (X-Registry-Auth), from the logins the host already has, in the
// image tools' order: system_login's memory, then the Docker config's stored logins, then — only after the registry
// refused an anonymous attempt — the server's DOCKER_MCP_SERVER_REGISTRY_USERNAME/_PASSWORD pair.

import type { ToolContext } from "../../contract/tool.js";
import { HUB_KEY, type RegistryLogin } from "../../engine/registry-auth.js";

export interface PluginAuth {
  /** The X-Registry-Auth document; {} is anonymous. */
  header: object;
  source: "login" | "docker-config" | "server-env" | "none";
  secrets: string[];
}

const serverAddress = (key: string) => (key === HUB_KEY ? "https://index.docker.io/v1/" : key);

function fromLogin(login: RegistryLogin, key: string, source: PluginAuth["source"]): PluginAuth {
  const header = login.identitytoken
    ? { identitytoken: login.identitytoken, serveraddress: serverAddress(key) }
    : { username: login.username, password: login.password, serveraddress: serverAddress(key) };
  return { header, source, secrets: [login.password, login.identitytoken].filter((s): s is string => Boolean(s)) };
}

export function storedAuth(ctx: ToolContext, key: string): PluginAuth {
  const cached = ctx.logins.cached.get(key);
  if (cached) return fromLogin(cached, key, "login");
  const stored = ctx.logins.fromDockerConfig().get(key);
  if (stored) return fromLogin(stored, key, "docker-config");
  return { header: {}, source: "none", secrets: [] };
}

export function serverEnvAuth(ctx: ToolContext, key: string): PluginAuth | undefined {
  const { username, password } = ctx.logins.fromEnv;
  if (!username || !password) return undefined;
  return {
    header: { username, password, serveraddress: serverAddress(key) },
    source: "server-env",
    secrets: [password],
  };
}

export function isAuthRefusal(text: string): boolean {
  return /unauthorized|authentication required|denied|incorrect username or password|\b401\b/i.test(text);
}

export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 3) out = out.replaceAll(secret, "***");
  return out;
}
