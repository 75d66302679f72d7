// The Streamable HTTP endpoint's configuration: the `--http [host:]port` argument and the DOCKER_MCP_SERVER_HTTP_*
// variables, read once at start-up. Every bad value stops the server with a sentence naming it (HttpConfigError):
// a mistyped token file or TLS key must never leave an endpoint running open or in plain text.

import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import type { Env } from "./env.js";

export const DEFAULT_HTTP_HOST = "127.0.0.1";
export const DEFAULT_HTTP_PORT = 8808;
export const MCP_PATH = "/mcp";
const DEFAULT_MAX_CONCURRENT = 64;
const DEFAULT_SHUTDOWN_SECONDS = 10;

export class HttpConfigError extends Error {}

export interface OAuthConfig {
  /** The authorization server that issues access tokens (`iss`), without a trailing slash. */
  readonly issuer: string;
  /** The `aud` every token must carry (default: the endpoint's resource URL). */
  readonly audience: string;
  /** Where the issuer's signing keys are; undefined: discovered from the issuer's metadata. */
  readonly jwksUrl: string | undefined;
}

export interface HttpConfig {
  readonly host: string;
  readonly port: number;
  readonly loopback: boolean;
  /** The static bearer token (DOCKER_MCP_SERVER_HTTP_TOKEN or the token file); undefined: none. */
  readonly token: string | undefined;
  readonly oauth: OAuthConfig | undefined;
  /** Extra Host names (without port) and Origins accepted beside the loopback ones and the bind address. */
  readonly allowedHosts: readonly string[];
  readonly allowedOrigins: readonly string[];
  readonly maxBodyBytes: number;
  readonly maxConcurrent: number;
  readonly shutdownMs: number;
  readonly tls: { readonly cert: Buffer; readonly key: Buffer } | undefined;
  /** The URL clients use for the endpoint (the OAuth resource identifier). */
  readonly publicUrl: string;
}

export interface HttpConfigOptions {
  /** The most bytes one message may have over stdio; the body limit's default. */
  readonly defaultMaxBodyBytes: number;
  /** Tests substitute the filesystem. */
  readonly readFile?: (path: string) => Buffer;
}

/** `127.0.0.0/8`, `::1`, `localhost`: only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (bare === "localhost" || bare === "::1") return true;
  return isIP(bare) === 4 && bare.startsWith("127.");
}

/** `[host:]port`, `host:port`, `[::1]:port`; undefined or empty gives the default address. */
export function parseListen(value: string | undefined): { host: string; port: number } {
  const text = value?.trim() ?? "";
  if (text === "") return { host: DEFAULT_HTTP_HOST, port: DEFAULT_HTTP_PORT };
  const match = /^(?:(\[[0-9a-fA-F:.]+\]|[^:[\]]+):)?(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535) {
    throw new HttpConfigError(
      `--http '${text.slice(0, 100)}' is not [host:]port: write a port (8808), host:port (0.0.0.0:8808) or [::1]:8808.`,
    );
  }
  const host = match[1]?.replace(/^\[|\]$/g, "") ?? DEFAULT_HTTP_HOST;
  return { host, port };
}

function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  const text = value?.trim();
  if (!text) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new HttpConfigError(`${name}='${text.slice(0, 40)}' is not a positive whole number.`);
  }
  return Number(text);
}

function readSecretFile(name: string, path: string, read: (path: string) => Buffer): Buffer {
  try {
    return read(path);
  } catch (err) {
    throw new HttpConfigError(`${name}: cannot read '${path}' (${(err as NodeJS.ErrnoException).code ?? err}).`);
  }
}

function httpsUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new HttpConfigError(`${name}='${value.slice(0, 200)}' is not a URL.`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
    throw new HttpConfigError(`${name} must be an https:// URL (plain http only on loopback), got '${value}'.`);
  }
  return value.replace(/\/+$/, "");
}

export function loadHttpConfig(listen: string | undefined, env: Env, options: HttpConfigOptions): HttpConfig {
  const read = options.readFile ?? ((path: string) => readFileSync(path));
  const { host, port } = parseListen(listen);
  const loopback = isLoopbackHost(host);

  const inline = env.DOCKER_MCP_SERVER_HTTP_TOKEN?.trim() || undefined;
  const tokenFile = env.DOCKER_MCP_SERVER_HTTP_TOKEN_FILE?.trim() || undefined;
  if (inline && tokenFile) {
    throw new HttpConfigError(
      "Set DOCKER_MCP_SERVER_HTTP_TOKEN or DOCKER_MCP_SERVER_HTTP_TOKEN_FILE, not both (which one should win is not guessed).",
    );
  }
  const token = tokenFile
    ? readSecretFile("DOCKER_MCP_SERVER_HTTP_TOKEN_FILE", tokenFile, read).toString("utf8").trim()
    : inline;
  if (tokenFile && !token) throw new HttpConfigError(`DOCKER_MCP_SERVER_HTTP_TOKEN_FILE '${tokenFile}' is empty.`);
  if (token && token.length < 16) {
    throw new HttpConfigError(
      "The HTTP bearer token is shorter than 16 characters: use a long random value (openssl rand -hex 32).",
    );
  }

  const certPath = env.DOCKER_MCP_SERVER_HTTP_TLS_CERT?.trim() || undefined;
  const keyPath = env.DOCKER_MCP_SERVER_HTTP_TLS_KEY?.trim() || undefined;
  if (Boolean(certPath) !== Boolean(keyPath)) {
    throw new HttpConfigError(
      "Set both DOCKER_MCP_SERVER_HTTP_TLS_CERT and DOCKER_MCP_SERVER_HTTP_TLS_KEY, or neither.",
    );
  }
  const tls =
    certPath && keyPath
      ? {
          cert: readSecretFile("DOCKER_MCP_SERVER_HTTP_TLS_CERT", certPath, read),
          key: readSecretFile("DOCKER_MCP_SERVER_HTTP_TLS_KEY", keyPath, read),
        }
      : undefined;

  const authority = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
  const publicUrl = env.DOCKER_MCP_SERVER_HTTP_PUBLIC_URL?.trim()
    ? httpsUrl("DOCKER_MCP_SERVER_HTTP_PUBLIC_URL", env.DOCKER_MCP_SERVER_HTTP_PUBLIC_URL.trim())
    : `${tls ? "https" : "http"}://${authority}${MCP_PATH}`;

  const issuer = env.DOCKER_MCP_SERVER_HTTP_OAUTH_ISSUER?.trim() || undefined;
  const audience = env.DOCKER_MCP_SERVER_HTTP_OAUTH_AUDIENCE?.trim() || undefined;
  const jwks = env.DOCKER_MCP_SERVER_HTTP_OAUTH_JWKS_URL?.trim() || undefined;
  if (!issuer && (audience || jwks)) {
    throw new HttpConfigError(
      "DOCKER_MCP_SERVER_HTTP_OAUTH_AUDIENCE / _JWKS_URL need DOCKER_MCP_SERVER_HTTP_OAUTH_ISSUER.",
    );
  }
  const oauth = issuer
    ? {
        issuer: httpsUrl("DOCKER_MCP_SERVER_HTTP_OAUTH_ISSUER", issuer),
        audience: audience ?? publicUrl,
        jwksUrl: jwks ? httpsUrl("DOCKER_MCP_SERVER_HTTP_OAUTH_JWKS_URL", jwks) : undefined,
      }
    : undefined;

  if (!loopback && !token && !oauth) {
    throw new HttpConfigError(
      `Refusing to serve HTTP on ${host}, which is not a loopback address, without authentication: set DOCKER_MCP_SERVER_HTTP_TOKEN (or _TOKEN_FILE, or OAuth with _OAUTH_ISSUER), or bind 127.0.0.1.`,
    );
  }

  return Object.freeze({
    host,
    port,
    loopback,
    token,
    oauth,
    allowedHosts: list(env.DOCKER_MCP_SERVER_HTTP_ALLOWED_HOSTS).map((name) => name.toLowerCase()),
    allowedOrigins: list(env.DOCKER_MCP_SERVER_HTTP_ALLOWED_ORIGINS).map((origin) => origin.replace(/\/+$/, "")),
    maxBodyBytes: positiveInteger(
      "DOCKER_MCP_SERVER_HTTP_MAX_BODY_BYTES",
      env.DOCKER_MCP_SERVER_HTTP_MAX_BODY_BYTES,
      options.defaultMaxBodyBytes,
    ),
    maxConcurrent: positiveInteger(
      "DOCKER_MCP_SERVER_HTTP_MAX_CONCURRENT",
      env.DOCKER_MCP_SERVER_HTTP_MAX_CONCURRENT,
      DEFAULT_MAX_CONCURRENT,
    ),
    shutdownMs:
      positiveInteger(
        "DOCKER_MCP_SERVER_HTTP_SHUTDOWN_TIMEOUT",
        env.DOCKER_MCP_SERVER_HTTP_SHUTDOWN_TIMEOUT,
        DEFAULT_SHUTDOWN_SECONDS,
      ) * 1000,
    tls,
    publicUrl,
  });
}
