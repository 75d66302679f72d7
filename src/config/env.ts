// Environment reading: canonical DOCKER_MCP_SERVER_* names, the deprecated DOCKER_MCP_* aliases,
// flag parsing and placeholder scrubbing. Nothing else in the project reads process.env.

export type Env = Record<string, string | undefined>;

/** Canonical variable → older spellings still honoured, each with a one-time deprecation notice. */
export const DEPRECATED_ALIASES: Readonly<Record<string, readonly string[]>> = {
  DOCKER_MCP_SERVER_READONLY: ["DOCKER_MCP_READONLY"],
  DOCKER_MCP_SERVER_NO_DESTRUCTIVE: ["DOCKER_MCP_NO_DESTRUCTIVE"],
  DOCKER_MCP_SERVER_DISABLE: ["DOCKER_MCP_DISABLE"],
  DOCKER_MCP_SERVER_NO_LABELS: ["DOCKER_MCP_NO_LABELS"],
  DOCKER_MCP_SERVER_IN_CONTAINER: ["DOCKER_MCP_IN_CONTAINER"],
  DOCKER_MCP_SERVER_ALLOW_SELF_TERMINATE: ["DOCKER_MCP_ALLOW_SELF_TERMINATE"],
  DOCKER_MCP_SERVER_REGISTRY_USERNAME: ["DOCKER_MCP_REGISTRY_USERNAME"],
  DOCKER_MCP_SERVER_REGISTRY_PASSWORD: ["DOCKER_MCP_REGISTRY_PASSWORD"],
};

const PLACEHOLDER = /^\$\{[^}]*\}$/;

/**
 * Deletes every variable whose whole trimmed value is one `${...}` token: desktop-extension hosts pass the literal
 * placeholder for optional fields left blank, and default resolution must take over. Returns the names removed.
 */
export function scrubPlaceholders(env: Env): string[] {
  const removed: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && PLACEHOLDER.test(value.trim())) {
      delete env[name];
      removed.push(name);
    }
  }
  return removed;
}

/** Flags are true for 1/true/yes/on (trimmed, any case); anything else, including unset, is false. */
export function isTruthy(value: string | undefined): boolean {
  if (value === undefined) return false;
  return ["1", "true", "yes", "on"].includes(value.trim().toLowerCase());
}

/** A flag explicitly switched off (`0`, `false`, `no`, `off`), as opposed to unset. */
export function isFalsy(value: string | undefined): boolean {
  if (value === undefined) return false;
  return ["0", "false", "no", "off"].includes(value.trim().toLowerCase());
}

/** Reads canonical names first, then deprecated aliases, remembering which aliases were used. */
export class EnvReader {
  readonly aliasNotices: string[] = [];
  private readonly noticed = new Set<string>();

  constructor(readonly env: Env) {}

  get(canonical: string): string | undefined {
    const direct = this.env[canonical];
    // An explicitly set canonical value wins even when empty.
    if (direct !== undefined) return direct;
    for (const alias of DEPRECATED_ALIASES[canonical] ?? []) {
      const value = this.env[alias];
      if (value === undefined) continue;
      if (!this.noticed.has(alias)) {
        this.noticed.add(alias);
        this.aliasNotices.push(
          `docker-mcp-server: ${alias} is deprecated; set ${canonical} instead (the old name still works for now).`,
        );
      }
      return value;
    }
    return undefined;
  }

  flag(canonical: string): boolean {
    return isTruthy(this.get(canonical));
  }

  /** A standard (non-server) variable, trimmed; blank counts as unset. */
  plain(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }
}

/** `DOCKER_MCP_SERVER_DISABLE`: split on commas, trim, lower-case, drop empties. */
export function parseDomainList(value: string | undefined): string[] {
  if (!value) return [];
  const names = value
    .split(",")
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part.length > 0);
  return [...new Set(names)].sort();
}

/** Engine request deadlines (seconds) when their variables are unset. */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 60;
export const DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;

export interface ParsedSeconds {
  ms: number;
  /** Set when the value was unusable and the default applies instead. */
  notice?: string;
}

/**
 * A positive number of seconds (`60`, `2.5`); blank or unset gives the default. An unusable value also gives the
 * default, with a stderr notice: a mistyped timeout must not stop the server, but it must not pass unnoticed either.
 */
export function parseSeconds(name: string, value: string | undefined, fallbackSeconds: number): ParsedSeconds {
  const text = value?.trim();
  if (!text) return { ms: fallbackSeconds * 1000 };
  const seconds = /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (seconds > 0 && Number.isFinite(seconds)) return { ms: Math.max(1, Math.round(seconds * 1000)) };
  return {
    ms: fallbackSeconds * 1000,
    notice: `docker-mcp-server: ${name}='${text}' is not a positive number of seconds; using the default ${fallbackSeconds}.`,
  };
}
