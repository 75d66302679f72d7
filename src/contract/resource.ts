// A resource is data plus a reader, like a tool. Static resources have a `uri`; templates a `uriTemplate` whose
// `{name}` parts each match one path segment.

import type Docker from "dockerode";
import type { HostEntry, HostRegistry } from "../config/hosts.js";
import type { DocsLibrary } from "../docs/library.js";
import type { Domain } from "./domains.js";

export interface ResourceContext {
  readonly signal: AbortSignal;
  readonly hosts: HostRegistry;
  /** The Engine API client of a configured host (created on first use). */
  docker(host: HostEntry): Promise<Docker>;
  readonly docs: DocsLibrary;
  /** The tool catalog document (built by the server, which knows what registered). */
  catalog(): Promise<unknown>;
}

export interface ResourceDef {
  readonly uri?: string;
  readonly uriTemplate?: string;
  readonly name: string;
  readonly description: string;
  readonly mimeType: string;
  /** Hidden (not listed, not readable) when this domain is disabled. */
  readonly domain?: Domain;
  /** Registered only with one host ("single") or several ("multi"); the observability URIs differ. */
  readonly hostMode?: "single" | "multi";
  read(uri: string, params: Record<string, string>, ctx: ResourceContext): Promise<string>;
}

export function defineResource(def: ResourceDef): ResourceDef {
  return def;
}
