// Registry credentials for Engine API calls (image pull, push, build, registry_data, system_login): the registry key
// of an address, the logins a host holds, which credentials a call sends, and the X-Registry-Auth /
// X-Registry-Config encodings the daemon decodes. Only inline username/password and identity tokens: credential
// helpers are not run.

import { createHash, timingSafeEqual } from "node:crypto";
import { CallerError } from "../base/errors.js";

/** One registry login as the Engine API's X-Registry-Auth carries it. */
export interface RegistryLogin {
  username: string;
  password: string;
  email?: string;
  serveraddress: string;
  identitytoken?: string;
}

export const HUB_KEY = "docker.io";
const HUB_ADDRESS = "https://index.docker.io/v1/";
const HUB_ALIASES = new Set(["docker.io", "index.docker.io", "registry-1.docker.io", HUB_ADDRESS]);

/** The key of a registry address: Docker Hub's many spellings collapse to docker.io; scheme and slashes go. */
export function registryKey(registry: string | null | undefined): string {
  if (!registry) return HUB_KEY;
  const trimmed = registry.trim().replace(/\/+$/, "");
  if (HUB_ALIASES.has(trimmed) || HUB_ALIASES.has(`${trimmed}/`)) return HUB_KEY;
  return trimmed.replace(/^https?:\/\//, "");
}

/** The daemon-side server address of a registry key (Docker Hub's classic index URL). */
export function serverAddress(key: string): string {
  return key === HUB_KEY ? HUB_ADDRESS : key;
}

/** Where stored credentials come from (the tools' `ctx.logins`). */
export interface LoginSources {
  /** What system_login validated (or seeded) for the target host, in memory only; dropped when its connection closes. */
  readonly cached: Map<string, RegistryLogin>;
  /** The inline logins of the user's Docker config file, read (bounded) at each call. */
  fromDockerConfig(): Promise<Map<string, RegistryLogin>>;
  /** DOCKER_MCP_SERVER_REGISTRY_USERNAME / _PASSWORD: both or neither. */
  readonly fromEnv: { readonly username: string | undefined; readonly password: string | undefined };
}

/** Credentials passed with one call (`auth_config`). */
export interface ExplicitAuth {
  username?: string | undefined;
  password?: string | undefined;
  identitytoken?: string | undefined;
  serveraddress?: string | undefined;
}

/** What X-Registry-Auth carries. */
export interface AuthConfig {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress: string;
}

export type CredentialSource = "argument" | "login" | "docker-config" | "server-env" | "none";

export interface ChosenCredentials {
  auth: AuthConfig | undefined;
  source: CredentialSource;
  /** Secrets to scrub from any text shown to the caller. */
  secrets: string[];
}

export const NO_CREDENTIALS: ChosenCredentials = { auth: undefined, source: "none", secrets: [] };

function fromLogin(login: RegistryLogin, key: string): AuthConfig {
  return login.identitytoken
    ? { identitytoken: login.identitytoken, serveraddress: serverAddress(key) }
    : { username: login.username, password: login.password, serveraddress: serverAddress(key) };
}

function secretsOf(login: { password?: string | undefined; identitytoken?: string | undefined }): string[] {
  return [login.password, login.identitytoken].filter((s): s is string => Boolean(s));
}

/**
 * Credentials for `registry` (undefined = Docker Hub): the call's own, else the host's in-memory login, else the
 * Docker config's. Never the server env pair: sent unasked to Docker Hub it would break anonymous pulls of public
 * images, so it is only a fallback (serverEnvCredentials).
 */
export async function storedCredentials(
  sources: LoginSources,
  registry: string | undefined,
  explicit?: ExplicitAuth | null,
): Promise<ChosenCredentials> {
  const key = registryKey(registry);
  const given = explicit && Object.values(explicit).some(Boolean) ? explicit : undefined;
  if (given && !given.password && !given.identitytoken) {
    // Silently falling back to other credentials would push or look up as someone else.
    throw new CallerError("auth_config needs a password or an identitytoken (with username for a password).");
  }
  if (given) {
    const auth: AuthConfig = { serveraddress: given.serveraddress ?? serverAddress(key) };
    if (given.username) auth.username = given.username;
    if (given.password) auth.password = given.password;
    if (given.identitytoken) auth.identitytoken = given.identitytoken;
    return { auth, source: "argument", secrets: secretsOf(given) };
  }
  const login = sources.cached.get(key);
  if (login) return { auth: fromLogin(login, key), source: "login", secrets: secretsOf(login) };
  const stored = (await sources.fromDockerConfig()).get(key);
  if (stored) return { auth: fromLogin(stored, key), source: "docker-config", secrets: secretsOf(stored) };
  return NO_CREDENTIALS;
}

/** The server's env pair for `registry`, when both halves are set. */
export function serverEnvCredentials(
  sources: LoginSources,
  registry: string | undefined,
): ChosenCredentials | undefined {
  const { username, password } = sources.fromEnv;
  if (!username || !password) return undefined;
  return {
    auth: { username, password, serveraddress: serverAddress(registryKey(registry)) },
    source: "server-env",
    secrets: [password],
  };
}

/**
 * Runs `attempt` with the stored credentials; when there were none and the daemon refused (`refused(err)`), tries
 * once more with the server's env pair. Any refusal counts, not only a clear 401: Engine 20.10 falls back to plain
 * HTTP on an insecure registry after the HTTPS 401 and reports that second failure instead. A failure carries the
 * credentials it used (credentialsOf) for its message and scrubbing.
 */
export async function withCredentials<T>(
  sources: LoginSources,
  registry: string | undefined,
  explicit: ExplicitAuth | null | undefined,
  attempt: (creds: ChosenCredentials) => Promise<T>,
  refused: (err: unknown) => boolean,
): Promise<{ result: T; creds: ChosenCredentials }> {
  const creds = await storedCredentials(sources, registry, explicit);
  try {
    return { result: await attempt(creds), creds };
  } catch (err) {
    const fallback = creds.source === "none" && refused(err) ? serverEnvCredentials(sources, registry) : undefined;
    if (!fallback) throw Object.assign(err as object, { credentials: creds });
    try {
      return { result: await attempt(fallback), creds: fallback };
    } catch (retryErr) {
      throw Object.assign(retryErr as object, { credentials: fallback });
    }
  }
}

/** The credentials a failed withCredentials call last used. */
export function credentialsOf(err: unknown): ChosenCredentials {
  return (err as { credentials?: ChosenCredentials })?.credentials ?? NO_CREDENTIALS;
}

/** Every stored login keyed by server address (a build's FROM lines may name any registry); memory wins. */
export async function registryConfig(sources: LoginSources): Promise<Record<string, AuthConfig> | undefined> {
  const merged = new Map<string, RegistryLogin>([...(await sources.fromDockerConfig()), ...sources.cached]);
  if (merged.size === 0) return undefined;
  const out: Record<string, AuthConfig> = {};
  for (const [key, login] of merged) out[serverAddress(key)] = fromLogin(login, key);
  return out;
}

/** Go's base64.URLEncoding (padded, URL-safe): what the daemon decodes; it silently drops a header it cannot. */
function goUrlBase64(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64").replaceAll("+", "-").replaceAll("/", "_");
}

/** X-Registry-Auth for one call; no credentials encode as `{}`, which the daemon reads as anonymous. */
export function encodeRegistryAuth(auth: AuthConfig | undefined): string {
  return goUrlBase64(auth ?? {});
}

/** X-Registry-Config for a build: server address → auth config. */
export function encodeRegistryConfig(config: Record<string, AuthConfig>): string {
  return goUrlBase64(config);
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

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** Whether a stored login has exactly this username and password; the comparison takes the same time either way. */
export function sameLogin(login: RegistryLogin, username: string, password: string): boolean {
  const user = timingSafeEqual(digest(login.username), digest(username));
  const pass = timingSafeEqual(digest(login.password), digest(password));
  return user && pass;
}
