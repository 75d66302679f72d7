// The pinned host registry: DOCKER_MCP_SERVER_HOSTS grammar, legacy DOCKER_HOST, context lookup and socket probing
//. Resolved once at startup; nothing at runtime can add or retarget a daemon.

import { createHash } from "node:crypto";
import { accessSync, constants, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { globToRegExp } from "../base/glob.js";

export interface HostEntry {
  /** Label users name in `host=`; the internal label `default` in single-host legacy/bare mode. */
  readonly label: string;
  /** Resolved endpoint URL, or null for the platform default endpoint. */
  readonly url: string | null;
  readonly readOnly: boolean;
  /** Directory with ca.pem (+ optional cert.pem/key.pem) from a `(tls=…)` marker. */
  readonly certDir: string | null;
}

export interface HostRegistry {
  readonly entries: readonly HostEntry[];
  /** True when DOCKER_MCP_SERVER_HOSTS was non-blank (explicit hosts ignore ambient DOCKER_HOST/CONTEXT). */
  readonly explicit: boolean;
  /** Two or more hosts. */
  readonly multi: boolean;
  /** Set when HOSTS overrode a non-blank DOCKER_HOST (one stderr notice). */
  readonly ignoredDockerHost: boolean;
}

export const DEFAULT_LABEL = "default";

export class HostsConfigError extends Error {}

export interface ResolveContext {
  readonly home: string;
  /** DOCKER_CONFIG or ~/.docker. */
  readonly dockerConfigDir: string;
  readonly dockerContext: string | undefined;
  readonly xdgRuntimeDir: string | undefined;
  readonly platform: NodeJS.Platform;
}

export function defaultResolveContext(env: Record<string, string | undefined>): ResolveContext {
  const home = env.HOME?.trim() || homedir();
  return {
    home,
    dockerConfigDir: env.DOCKER_CONFIG?.trim() || join(home, ".docker"),
    dockerContext: env.DOCKER_CONTEXT?.trim() || undefined,
    xdgRuntimeDir: env.XDG_RUNTIME_DIR?.trim() || undefined,
    platform: process.platform,
  };
}

function isSocket(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}

/** `local`: the first platform socket that exists, else null (the platform default). */
export function resolveLocal(ctx: ResolveContext): string | null {
  if (ctx.platform === "win32") return null;
  const candidates = [join(ctx.home, ".docker/run/docker.sock"), join(ctx.home, ".docker/desktop/docker.sock")];
  if (ctx.xdgRuntimeDir) candidates.push(join(ctx.xdgRuntimeDir, "docker.sock"));
  candidates.push("/var/run/docker.sock");
  const found = candidates.find(isSocket);
  return found ? `unix://${found}` : null;
}

/** The active CLI context's name (DOCKER_CONTEXT, else `currentContext`), or null for the default context. */
export function activeContextName(ctx: ResolveContext): string | null {
  let name = ctx.dockerContext;
  if (!name) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(join(ctx.dockerConfigDir, "config.json"), "utf8"));
      const current = (parsed as { currentContext?: unknown }).currentContext;
      if (typeof current === "string" && current.trim()) name = current.trim();
    } catch {
      // Unreadable or invalid config: no context name.
    }
  }
  return !name || name === "default" ? null : name;
}

/** The active CLI context's endpoint, when a non-default context is active. */
export function resolveContextEndpoint(ctx: ResolveContext): string | null {
  const name = activeContextName(ctx);
  if (!name) return null;
  const digest = createHash("sha256").update(name, "utf8").digest("hex");
  try {
    const meta: unknown = JSON.parse(
      readFileSync(join(ctx.dockerConfigDir, "contexts/meta", digest, "meta.json"), "utf8"),
    );
    const host = (meta as { Endpoints?: { docker?: { Host?: unknown } } }).Endpoints?.docker?.Host;
    if (typeof host === "string" && host.trim()) return host.trim();
  } catch {
    // Missing context metadata: fall through to the socket probe.
  }
  return null;
}

/** `auto`: what a context-aware docker CLI would use with no DOCKER_HOST. */
export function resolveAuto(ctx: ResolveContext): string | null {
  return resolveContextEndpoint(ctx) ?? resolveLocal(ctx);
}

const LABEL_RE = /^[A-Za-z0-9_.-]+$/;
const MARKER_RE = /\(\s*([^()]*?)\s*\)\s*$/;

function expandHome(path: string, home: string): string {
  if (path === "~") return home;
  if (path.startsWith("~/")) return join(home, path.slice(2));
  return path;
}

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function checkCertDir(dir: string, where: string): void {
  if (!readable(join(dir, "ca.pem"))) {
    throw new HostsConfigError(`${where}: (tls=${dir}) is missing or cannot read ca.pem`);
  }
  const certExists = exists(join(dir, "cert.pem"));
  const keyExists = exists(join(dir, "key.pem"));
  if (certExists !== keyExists) {
    throw new HostsConfigError(
      `${where}: (tls=${dir}) has exactly one of cert.pem/key.pem; provide both for a client certificate or neither`,
    );
  }
  if (certExists && !readable(join(dir, "cert.pem"))) {
    throw new HostsConfigError(`${where}: (tls=${dir}) has cert.pem but cannot read it`);
  }
  if (keyExists && !readable(join(dir, "key.pem"))) {
    throw new HostsConfigError(`${where}: (tls=${dir}) has key.pem but cannot read it`);
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

interface ParsedEndpoint {
  url: string | null;
  readOnly: boolean;
  certDir: string | null;
}

function parseEndpoint(raw: string, where: string, ctx: ResolveContext): ParsedEndpoint {
  let body = raw.trim();
  let readOnly = false;
  let certDir: string | null = null;
  for (let match = MARKER_RE.exec(body); match; match = MARKER_RE.exec(body)) {
    const inner = match[1] ?? "";
    if (inner.toLowerCase() === "ro") {
      readOnly = true;
    } else if (inner.toLowerCase().startsWith("tls=")) {
      const dir = inner.slice(4).trim();
      if (!dir) throw new HostsConfigError(`${where}: (tls=) needs a directory`);
      certDir = expandHome(dir, ctx.home);
    } else {
      throw new HostsConfigError(`${where}: unknown marker '(${inner})'; allowed markers are (ro) and (tls=<dir>)`);
    }
    body = body.slice(0, match.index).trim();
  }
  const keyword = body.toLowerCase();
  let url: string | null;
  if (keyword === "" || keyword === "auto") url = resolveAuto(ctx);
  else if (keyword === "local") url = resolveLocal(ctx);
  else if (/^(unix|tcp|ssh|npipe):\/\//.test(body)) url = body;
  else {
    throw new HostsConfigError(
      `${where}: unrecognized endpoint '${body}'; use auto, local, unix://, tcp://, ssh:// or npipe://`,
    );
  }
  if (certDir !== null) {
    if (!url?.startsWith("tcp://")) {
      throw new HostsConfigError(`${where}: (tls=…) is only valid on a tcp:// endpoint`);
    }
    checkCertDir(certDir, where);
  }
  return { url, readOnly, certDir };
}

/**
 * Parses DOCKER_MCP_SERVER_HOSTS. Blank → legacy single host from DOCKER_HOST (else auto).
 * Throws HostsConfigError naming the bad part; the caller exits 1.
 */
export function parseHosts(
  hostsValue: string | undefined,
  dockerHost: string | undefined,
  ctx: ResolveContext,
): HostRegistry {
  const trimmedHost = dockerHost?.trim() || undefined;
  if (!hostsValue?.trim()) {
    const url = trimmedHost ?? resolveAuto(ctx);
    return {
      entries: [{ label: DEFAULT_LABEL, url, readOnly: false, certDir: null }],
      explicit: false,
      multi: false,
      ignoredDockerHost: false,
    };
  }
  const value = hostsValue.trim();
  const entries: HostEntry[] = [];
  if (!value.includes("=")) {
    const parsed = parseEndpoint(value, `'${value}'`, ctx);
    entries.push({ label: DEFAULT_LABEL, ...parsed });
  } else {
    const seen = new Set<string>();
    for (const rawEntry of value.split(",")) {
      const entry = rawEntry.trim();
      if (!entry) continue;
      const eq = entry.indexOf("=");
      if (eq < 0) throw new HostsConfigError(`entry '${entry}' is missing '=' (write label=endpoint)`);
      const label = entry.slice(0, eq).trim();
      if (!label) throw new HostsConfigError(`entry '${entry}' has an empty label`);
      if (!LABEL_RE.test(label)) {
        throw new HostsConfigError(`label '${label}' is invalid: use letters, digits, '_', '.' and '-' only`);
      }
      if (seen.has(label)) throw new HostsConfigError(`duplicate host label '${label}'`);
      seen.add(label);
      entries.push({ label, ...parseEndpoint(entry.slice(eq + 1), `host '${label}'`, ctx) });
    }
    if (entries.length === 0) throw new HostsConfigError("the value contains no host entries");
  }
  return {
    entries: entries.map((entry) => ({ ...entry, url: entry.url && applySshConfigPort(entry.url, ctx.home) })),
    explicit: true,
    multi: entries.length > 1,
    ignoredDockerHost: trimmedHost !== undefined,
  };
}

/**
 * For an ssh:// URL without a port, splice in the Port that ~/.ssh/config gives for that host. Anything malformed
 * leaves the URL unchanged so the connection layer reports the real error.
 */
export function applySshConfigPort(url: string, home: string): string {
  if (!url.startsWith("ssh://")) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.port || !parsed.hostname) return url;
  const port = sshConfigFor(parsed.hostname, home).port;
  if (port === undefined) return url;
  parsed.port = String(port);
  return parsed.toString();
}

export interface SshConfigMatch {
  hostname?: string;
  port?: number;
  user?: string;
  identityFile?: string;
  proxyCommand?: string;
}

/** Minimal ~/.ssh/config reader: first value wins per keyword, Host patterns with * ? and ! negation. */
export function sshConfigFor(host: string, home: string): SshConfigMatch {
  let text: string;
  try {
    text = readFileSync(join(home, ".ssh/config"), "utf8");
  } catch {
    return {};
  }
  const result: SshConfigMatch = {};
  let active = true;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith("#")) continue;
    const match = /^(\S+?)\s*(?:=|\s)\s*(.+)$/.exec(line);
    if (!match) continue;
    const key = (match[1] ?? "").toLowerCase();
    const val = (match[2] ?? "").trim().replace(/^"(.*)"$/, "$1");
    if (key === "host") {
      const patterns = val.split(/\s+/);
      const negated = patterns.some((p) => p.startsWith("!") && globToRegExp(p.slice(1)).test(host));
      active = !negated && patterns.some((p) => !p.startsWith("!") && globToRegExp(p).test(host));
      continue;
    }
    if (key === "match") {
      active = false;
      continue;
    }
    if (!active) continue;
    if (key === "hostname" && result.hostname === undefined) result.hostname = val;
    else if (key === "port" && result.port === undefined) {
      if (/^\d+$/.test(val)) result.port = Number(val);
      else return { ...result, port: undefined };
    } else if (key === "user" && result.user === undefined) result.user = val;
    else if (key === "identityfile" && result.identityFile === undefined) result.identityFile = expandHome(val, home);
    else if (key === "proxycommand" && result.proxyCommand === undefined) result.proxyCommand = val;
  }
  return result;
}

export function hostLabels(registry: HostRegistry): string[] {
  return registry.entries.map((entry) => entry.label);
}

export function isRemoteUrl(url: string | null): boolean {
  return url !== null && !url.startsWith("unix://") && !url.startsWith("npipe://");
}

/** One configured daemon as host_list and docker-mcp://hosts show it. */
export interface HostRow {
  name: string;
  url: string | null;
  read_only: boolean;
  tls: boolean;
  default: boolean;
}

export function describeHosts(registry: HostRegistry): HostRow[] {
  return registry.entries.map((entry, index) => ({
    name: entry.label,
    url: entry.url,
    read_only: entry.readOnly,
    tls: entry.certDir !== null,
    default: index === 0,
  }));
}
