// The immutable server configuration, read once at startup.

import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  DEFAULT_CONNECT_TIMEOUT_SECONDS,
  DEFAULT_REQUEST_TIMEOUT_SECONDS,
  type Env,
  EnvReader,
  isFalsy,
  parseDomainList,
  parseSeconds,
  scrubPlaceholders,
} from "./env.js";
import { defaultResolveContext, type HostRegistry, parseHosts, type ResolveContext } from "./hosts.js";
import { parseRedaction, type RedactionConfig } from "./redaction.js";
import { readSafety, type SafetySettings } from "./safety.js";

export interface AmbientDocker {
  readonly dockerHost: string | undefined;
  readonly tlsVerify: string | undefined;
  readonly certPath: string | undefined;
  readonly dockerContext: string | undefined;
}

export interface ServerConfig {
  readonly version: string;
  readonly readOnly: boolean;
  readonly noDestructive: boolean;
  /** Normalised DOCKER_MCP_SERVER_DISABLE names (sorted, unique; unknown names kept for the catalog). */
  readonly disabled: readonly string[];
  readonly registryUsername: string | undefined;
  readonly registryPassword: string | undefined;
  /** PEM file of an extra CA trusted for registry HTTPS (DOCKER_MCP_SERVER_REGISTRY_CA_FILE); read on first use. */
  readonly registryCaFile: string | undefined;
  /** Where fetched documentation pages are cached (DOCKER_MCP_SERVER_DOCS_CACHE_DIR, else the user's cache dir). */
  readonly docsCacheDir: string;
  /** Test-only loopback stand-ins for hub.docker.com and registry-1.docker.io (DOCKER_MCP_SERVER_TEST_HUB_*). */
  readonly testHubUrl: string | undefined;
  readonly testHubRegistryUrl: string | undefined;
  /** Engine request deadline (DOCKER_MCP_SERVER_REQUEST_TIMEOUT): a whole answer, or a stream's first byte. */
  readonly requestTimeoutMs: number;
  /** Deadline for opening a socket, TLS session or SSH channel to a daemon (DOCKER_MCP_SERVER_CONNECT_TIMEOUT). */
  readonly connectTimeoutMs: number;
  readonly noLabels: boolean;
  readonly allowSelfTerminate: boolean;
  /** Confirmation of destructive calls and the audit log (config/safety.ts). */
  readonly safety: SafetySettings;
  /** DOCKER_MCP_SERVER_REDACT / DOCKER_MCP_SERVER_REDACT_NAMES. */
  readonly redaction: RedactionConfig;
  readonly inContainer: boolean;
  readonly hosts: HostRegistry;
  readonly resolve: ResolveContext;
  readonly ambient: AmbientDocker;
  /** The environment as scrubbed at startup; handed to CLI children through their allow-list only. */
  readonly env: Readonly<Env>;
  /** Lines to print on stderr at startup (deprecated aliases, ignored DOCKER_HOST). */
  readonly notices: readonly string[];
}

export interface LoadOptions {
  version: string;
  /** Overrides for tests; defaults to the real filesystem check. */
  dockerEnvFileExists?: boolean;
}

/**
 * Scrubs placeholders (mutating `env`), parses everything and pins the host registry. Throws HostsConfigError or
 * SafetyConfigError.
 */
export function loadConfig(env: Env, options: LoadOptions): ServerConfig {
  scrubPlaceholders(env);
  const reader = new EnvReader(env);
  const resolve = defaultResolveContext(env);
  const ambient: AmbientDocker = {
    dockerHost: reader.plain("DOCKER_HOST"),
    tlsVerify: reader.plain("DOCKER_TLS_VERIFY"),
    certPath: reader.plain("DOCKER_CERT_PATH"),
    dockerContext: reader.plain("DOCKER_CONTEXT"),
  };
  const hosts = parseHosts(env.DOCKER_MCP_SERVER_HOSTS, ambient.dockerHost, resolve);
  const readOnly = reader.flag("DOCKER_MCP_SERVER_READONLY");
  const requestTimeout = parseSeconds(
    "DOCKER_MCP_SERVER_REQUEST_TIMEOUT",
    reader.get("DOCKER_MCP_SERVER_REQUEST_TIMEOUT"),
    DEFAULT_REQUEST_TIMEOUT_SECONDS,
  );
  const connectTimeout = parseSeconds(
    "DOCKER_MCP_SERVER_CONNECT_TIMEOUT",
    reader.get("DOCKER_MCP_SERVER_CONNECT_TIMEOUT"),
    DEFAULT_CONNECT_TIMEOUT_SECONDS,
  );
  const config: ServerConfig = {
    version: options.version,
    readOnly,
    noDestructive: reader.flag("DOCKER_MCP_SERVER_NO_DESTRUCTIVE"),
    disabled: parseDomainList(reader.get("DOCKER_MCP_SERVER_DISABLE")),
    registryUsername: reader.get("DOCKER_MCP_SERVER_REGISTRY_USERNAME") || undefined,
    registryPassword: reader.get("DOCKER_MCP_SERVER_REGISTRY_PASSWORD") || undefined,
    registryCaFile: reader.plain("DOCKER_MCP_SERVER_REGISTRY_CA_FILE"),
    docsCacheDir:
      reader.plain("DOCKER_MCP_SERVER_DOCS_CACHE_DIR") ??
      join(reader.plain("XDG_CACHE_HOME") ?? join(resolve.home, ".cache"), "docker-mcp-server", "docs"),
    testHubUrl: reader.plain("DOCKER_MCP_SERVER_TEST_HUB_URL"),
    testHubRegistryUrl: reader.plain("DOCKER_MCP_SERVER_TEST_HUB_REGISTRY_URL"),
    requestTimeoutMs: requestTimeout.ms,
    connectTimeoutMs: connectTimeout.ms,
    noLabels: reader.flag("DOCKER_MCP_SERVER_NO_LABELS"),
    allowSelfTerminate: reader.flag("DOCKER_MCP_SERVER_ALLOW_SELF_TERMINATE"),
    safety: readSafety(reader),
    // An explicit false wins over /.dockerenv (a host whose root carries one, e.g. a dev container running engines).
    redaction: parseRedaction(reader.get("DOCKER_MCP_SERVER_REDACT"), reader.get("DOCKER_MCP_SERVER_REDACT_NAMES")),
    inContainer:
      !isFalsy(reader.get("DOCKER_MCP_SERVER_IN_CONTAINER")) &&
      (reader.flag("DOCKER_MCP_SERVER_IN_CONTAINER") || (options.dockerEnvFileExists ?? existsSync("/.dockerenv"))),
    hosts,
    resolve,
    ambient,
    env: Object.freeze({ ...env }),
    notices: [
      ...reader.aliasNotices,
      ...[requestTimeout.notice, connectTimeout.notice].filter((notice) => notice !== undefined),
      ...(hosts.ignoredDockerHost
        ? ["docker-mcp-server: DOCKER_MCP_SERVER_HOSTS is set, ignoring DOCKER_HOST for every host (SDK and CLI)."]
        : []),
    ],
  };
  return Object.freeze(config);
}
