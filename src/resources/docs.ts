// The documentation resources (prompts-resources.md §3): `docker-docs://contents` and `docker-docs://{section}`,
// shared with the docs_lookup tool. Pages are fetched on demand, rendered to text and cached on disk (spec README
// §6.7); the Engine API reference of the connected daemon's version is an extra section.

import { homedir } from "node:os";
import { join } from "node:path";
import type { ServerConfig } from "../config/index.js";
import { withSignals } from "../engine/api.js";
import type { EnginePool } from "../engine/pool.js";
import { readCachedPage, writeCachedPage } from "../registry/docs-cache.js";
import { fetchDocPage } from "../registry/docs-fetch.js";
import { type Transport, undiciTransport } from "../registry/transport.js";
import { UserError } from "../server/define-tool.js";
import { defineResource } from "./define-resource.js";
import { DOC_SECTIONS, type DocSection, SDK_BASE_URL } from "./doc-sections.js";

export const ENGINE_API_VERSION_SECTION = "engine-api-version";
const ENGINE_API_VERSION_PATTERN = "https://docs.docker.com/reference/api/engine/version/v{ApiVersion}/";
const DAEMON_VERSION_TIMEOUT_MS = 10_000;

/** Every section in index order: the 31 of the spec, then the daemon-specific Engine API reference. */
const ALL_SECTIONS: readonly DocSection[] = [
  ...DOC_SECTIONS,
  { name: ENGINE_API_VERSION_SECTION, url: ENGINE_API_VERSION_PATTERN, domain: null, kind: "external" },
];

export interface DocsContext {
  readonly config: ServerConfig;
  readonly engine: EnginePool;
  readonly signal: AbortSignal;
  /** Tests substitute a loopback transport; the server uses the real one. */
  readonly transport?: Transport;
}

function isDisabled(section: DocSection, config: ServerConfig): boolean {
  return section.domain !== null && config.disabled.includes(section.domain);
}

export function docsCacheDir(config: ServerConfig): string {
  return config.docsCacheDir ?? join(homedir(), ".cache", "docker-mcp-server", "docs");
}

/** The `docker-docs://contents` document, pretty JSON (§3.2). */
export function docsContents(config: ServerConfig): string {
  const enabled = ALL_SECTIONS.filter((section) => !isDisabled(section, config));
  return JSON.stringify(
    {
      base_url: SDK_BASE_URL,
      sdk_base_url: SDK_BASE_URL,
      sections: enabled.map((section) => section.name),
      section_urls: Object.fromEntries(enabled.map((section) => [section.name, section.url])),
      disabled_sections: ALL_SECTIONS.filter((section) => isDisabled(section, config)).map((section) => section.name),
      usage:
        "Read docker-docs://<section> (or call docs_lookup with section=<name>) for a page as text. SDK pages live under " +
        "base_url (the Docker SDK for Python, whose object model the Engine API tools follow); the others cover the CLI " +
        `features, registry APIs and the Dockerfile. '${ENGINE_API_VERSION_SECTION}' is the Engine API reference for the ` +
        "default daemon's API version. Pages are cached on disk after the first read. disabled_sections are hidden " +
        "because their domain is disabled via DOCKER_MCP_SERVER_DISABLE.",
    },
    null,
    2,
  );
}

async function engineApiUrl(ctx: DocsContext): Promise<string> {
  const host = ctx.config.hosts.entries[0];
  if (!host) throw new UserError("No Docker host is configured, so the Engine API version is unknown.");
  try {
    const docker = await ctx.engine.docker(host);
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(DAEMON_VERSION_TIMEOUT_MS)]);
    const { ApiVersion } = await withSignals(docker).version({ abortSignal: signal });
    if (!ApiVersion) throw new Error("the daemon reported no ApiVersion");
    return ENGINE_API_VERSION_PATTERN.replace("{ApiVersion}", ApiVersion);
  } catch (err) {
    throw new UserError(
      `Cannot tell which Engine API reference to fetch: the default host '${host.label}' did not answer (${(err as Error).message}). ` +
        "Section 'engine-api' is the version-independent reference.",
    );
  }
}

/** What reading `docker-docs://<section>` returns (§3.3); docs_lookup returns the same. */
export async function readDocSection(name: string, ctx: DocsContext): Promise<string> {
  const section = ALL_SECTIONS.find((candidate) => candidate.name === name);
  if (section && isDisabled(section, ctx.config)) {
    throw new UserError(
      `Documentation section '${name}' is disabled via DOCKER_MCP_SERVER_DISABLE (domain '${section.domain}'); ` +
        "read docker-docs://contents for the available sections.",
    );
  }
  if (!section) {
    throw new UserError(
      `Unknown documentation section '${name}'. Read docker-docs://contents (or call docs_lookup without a section) for the list.`,
    );
  }
  const url = section.name === ENGINE_API_VERSION_SECTION ? await engineApiUrl(ctx) : section.url;
  const dir = docsCacheDir(ctx.config);
  const cached = await readCachedPage(dir, section.name, url);
  if (cached?.fresh) return cached.text;
  let text: string;
  try {
    text = await fetchDocPage(url, {
      version: ctx.config.version,
      transport: ctx.transport ?? undiciTransport(ctx.config.registryCaFile),
      signal: ctx.signal,
    });
  } catch (err) {
    // Offline with an old copy: the old copy beats an error.
    if (cached) return cached.text;
    throw new UserError(
      `Cannot fetch documentation section '${name}' from ${url}: ${(err as Error).message} ` +
        `No cached copy exists yet in ${dir}; the first read of a section needs network access.`,
    );
  }
  await writeCachedPage(dir, section.name, url, text);
  return text;
}

export const docsContentsResource = defineResource({
  uri: "docker-docs://contents",
  name: "docs-contents",
  description: "Index of the Docker documentation sections readable as docker-docs://{section}.",
  mimeType: "application/json",
  async read(_uri, _params, ctx) {
    return docsContents(ctx.config);
  },
});

export const docsSectionResource = defineResource({
  uriTemplate: "docker-docs://{section}",
  name: "docs-section",
  description: "One Docker documentation page as Markdown text (cached on disk after the first fetch).",
  mimeType: "text/markdown",
  async read(_uri, params, ctx) {
    return await readDocSection(params.section ?? "", ctx);
  },
});
