// Which registry credentials an image pull, push or build sends to the daemon (X-Registry-Auth / X-Registry-Config):
// an explicit `auth_config` argument, else this server's in-memory logins (system_login), else the Docker config's
// stored logins, else the server's DOCKER_MCP_SERVER_REGISTRY_USERNAME/PASSWORD pair.

import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import type { ToolContext } from "../../contract/tool.js";
import type { RegistryLogin } from "../../engine/registry-auth.js";
import { HUB_KEY, registryKey } from "../../engine/registry-auth.js";

export const authConfigInput = z
  .object({
    username: z.string().optional(),
    password: z.string().optional(),
    identitytoken: z.string().optional(),
    serveraddress: z.string().optional(),
  })
  .nullish()
  .describe("Registry credentials for this call only; prefer system_login or host-side `docker login`.");

export type AuthConfigArg = z.output<typeof authConfigInput>;

export interface AuthConfig {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress: string;
}

export type CredentialSource = "argument" | "login" | "docker-config" | "server-env" | "none";

export interface Credentials {
  auth: AuthConfig | undefined;
  source: CredentialSource;
  /** Secrets to scrub from any text shown to the caller. */
  secrets: string[];
}

/** Daemon-side server address for a registry key (Docker Hub's classic index URL). */
function serverAddress(key: string): string {
  return key === HUB_KEY ? "https://index.docker.io/v1/" : key;
}

function fromLogin(login: RegistryLogin, key: string): AuthConfig {
  return login.identitytoken
    ? { identitytoken: login.identitytoken, serveraddress: serverAddress(key) }
    : { username: login.username, password: login.password, serveraddress: serverAddress(key) };
}

/** The server's env pair for `registry`, when both halves are set. */
export function serverEnvCredentials(ctx: ToolContext, registry: string | undefined): Credentials | undefined {
  const { username, password } = ctx.logins.fromEnv;
  if (!username || !password) return undefined;
  return {
    auth: { username, password, serveraddress: serverAddress(registryKey(registry)) },
    source: "server-env",
    secrets: [password],
  };
}

/**
 * Credentials for `registry` (undefined = Docker Hub) without the server env pair, which is only a fallback: sent
 * unasked to Docker Hub it would break anonymous pulls of public images.
 */
export function storedCredentials(
  ctx: ToolContext,
  registry: string | undefined,
  explicit: AuthConfigArg,
): Credentials {
  const key = registryKey(registry);
  const given = explicit && Object.values(explicit).some(Boolean) ? explicit : undefined;
  if (given && !given.password && !given.identitytoken) {
    // Silently falling back to other credentials would push or look up as someone else.
    throw new CallerError("auth_config needs a password or an identitytoken (with username for a password).");
  }
  if (given) {
    return {
      auth: { ...given, serveraddress: given.serveraddress ?? serverAddress(key) },
      source: "argument",
      secrets: [given.password, given.identitytoken].filter((s): s is string => Boolean(s)),
    };
  }
  const login = ctx.logins.cached.get(key);
  if (login) return { auth: fromLogin(login, key), source: "login", secrets: secretsOf(login) };
  const stored = ctx.logins.fromDockerConfig().get(key);
  if (stored) return { auth: fromLogin(stored, key), source: "docker-config", secrets: secretsOf(stored) };
  return { auth: undefined, source: "none", secrets: [] };
}

function secretsOf(login: RegistryLogin): string[] {
  return [login.password, login.identitytoken].filter((s): s is string => Boolean(s));
}

/** Every stored login, keyed by server address, for a build's X-Registry-Config (FROM lines on any registry). */
export function buildRegistryConfig(ctx: ToolContext): Record<string, AuthConfig> | undefined {
  const merged = new Map<string, RegistryLogin>([...ctx.logins.fromDockerConfig(), ...ctx.logins.cached]);
  if (merged.size === 0) return undefined;
  const out: Record<string, AuthConfig> = {};
  for (const [key, login] of merged) out[serverAddress(key)] = fromLogin(login, key);
  return out;
}

/** Removes every secret from a message before it reaches the caller. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 3) out = out.replaceAll(secret, "***");
  return out;
}

/** Daemon wording for a registry that refused the credentials (or wanted some). */
export function isAuthFailure(message: string): boolean {
  return /unauthorized|authentication required|denied|incorrect username or password|401/i.test(message);
}

/**
 * Runs `attempt` with the stored credentials; when there were none and the daemon refused (`refused(err)`), tries
 * once more with the server's env pair. Any refusal counts, not only a clear 401: Engine 20.10 falls back to plain
 * HTTP on an insecure registry after the HTTPS 401 and reports that second failure instead.
 */
export async function withCredentials<T>(
  ctx: ToolContext,
  registry: string | undefined,
  explicit: AuthConfigArg,
  attempt: (creds: Credentials) => Promise<T>,
  refused: (err: unknown) => boolean,
): Promise<{ result: T; creds: Credentials }> {
  const creds = storedCredentials(ctx, registry, explicit);
  try {
    return { result: await attempt(creds), creds };
  } catch (err) {
    const fallback = creds.source === "none" && refused(err) ? serverEnvCredentials(ctx, registry) : undefined;
    if (!fallback) throw Object.assign(err as object, { credentials: creds });
    try {
      return { result: await attempt(fallback), creds: fallback };
    } catch (retryErr) {
      throw Object.assign(retryErr as object, { credentials: fallback });
    }
  }
}

/** The credentials a failed withCredentials call last used (for the error message and scrubbing). */
export function credentialsOf(err: unknown): Credentials {
  return (err as { credentials?: Credentials })?.credentials ?? { auth: undefined, source: "none", secrets: [] };
}
