// The documentation library behind `docker-docs://` and docs_lookup: the index of the
// enabled sections, and one section's page as text — fetched on demand, rendered, and cached on disk. The Engine API reference of the default daemon's version is an extra, last section.

import { CallerError } from "../base/errors.js";
import type { Transport } from "../https/transport.js";
import { readCachedPage, writeCachedPage } from "./cache.js";
import { fetchDocPage } from "./fetch.js";
import { type DocSection, SDK_DOCS_BASE_URL } from "./sections.js";

export const ENGINE_API_VERSION_SECTION = "engine-api-version";
const ENGINE_API_VERSION_PATTERN = "https://docs.docker.com/reference/api/engine/version/v{ApiVersion}/";

export interface DocsLibrary {
  /** The `docker-docs://contents` document, pretty JSON. */
  contents(): string;
  /** The enabled section names, in index order (what `contents()` lists). */
  readonly sectionNames: readonly string[];
  /** What reading `docker-docs://<section>` returns. */
  read(section: string, signal: AbortSignal): Promise<string>;
}

export interface DocsLibraryOptions {
  /** Enabled sections in index order. */
  readonly sections: readonly DocSection[];
  /** Sections hidden by DOCKER_MCP_SERVER_DISABLE, with the domain that hides each. */
  readonly disabled: ReadonlyArray<{ readonly section: DocSection; readonly domain: string }>;
  readonly cacheDir: string;
  readonly version: string;
  transport(): Transport;
  /** The default daemon's API version, or a caller error saying why it is unknown. */
  apiVersion(signal: AbortSignal): Promise<string>;
}

export function createDocsLibrary(options: DocsLibraryOptions): DocsLibrary {
  const versionSection: DocSection = {
    name: ENGINE_API_VERSION_SECTION,
    url: ENGINE_API_VERSION_PATTERN,
    kind: "external",
  };
  const enabled = [...options.sections, versionSection];

  function contents(): string {
    return JSON.stringify(
      {
        base_url: SDK_DOCS_BASE_URL,
        sdk_base_url: SDK_DOCS_BASE_URL,
        sections: enabled.map((section) => section.name),
        section_urls: Object.fromEntries(enabled.map((section) => [section.name, section.url])),
        disabled_sections: options.disabled.map(({ section }) => section.name),
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

  async function read(name: string, signal: AbortSignal): Promise<string> {
    const hidden = options.disabled.find(({ section }) => section.name === name);
    if (hidden) {
      throw new CallerError(
        `Documentation section '${name}' is disabled via DOCKER_MCP_SERVER_DISABLE (domain '${hidden.domain}'); ` +
          "read docker-docs://contents for the available sections.",
      );
    }
    const section = enabled.find((candidate) => candidate.name === name);
    if (!section) {
      throw new CallerError(
        `Unknown documentation section '${name}'. Read docker-docs://contents (or call docs_lookup without a section) for the list.`,
      );
    }
    const url =
      section === versionSection
        ? ENGINE_API_VERSION_PATTERN.replace("{ApiVersion}", await options.apiVersion(signal))
        : section.url;
    const cached = await readCachedPage(options.cacheDir, section.name, url);
    if (cached?.fresh) return cached.text;
    let text: string;
    try {
      text = await fetchDocPage(url, { version: options.version, transport: options.transport(), signal });
    } catch (err) {
      // Offline with an old copy: the old copy beats an error.
      if (cached) return cached.text;
      throw new CallerError(
        `Cannot fetch documentation section '${name}' from ${url}: ${(err as Error).message} ` +
          `No cached copy exists yet in ${options.cacheDir}; the first read of a section needs network access.`,
      );
    }
    await writeCachedPage(options.cacheDir, section.name, url, text);
    return text;
  }

  return { contents, read, sectionNames: enabled.map((section) => section.name) };
}

/** Names of the hidden sections, sorted, as the tool catalog lists them. */
export function disabledSectionNames(library: DocsLibraryOptions["disabled"]): string[] {
  return library.map(({ section }) => section.name).sort();
}
