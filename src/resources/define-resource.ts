// A resource is data plus a reader, like a tool. Static resources have a `uri`; templates a `uriTemplate` whose
// `{name}` parts each match one path segment.

import type { ServerConfig } from "../config/index.js";
import type { EnginePool } from "../engine/pool.js";
import type { Domain } from "../server/define-tool.js";

export interface ResourceContext {
  readonly config: ServerConfig;
  readonly engine: EnginePool;
  readonly signal: AbortSignal;
  /** The tool catalog document (built by the server, which knows what registered). */
  catalog(): unknown;
}

export interface ResourceDef {
  readonly uri?: string;
  readonly uriTemplate?: string;
  readonly name: string;
  readonly description: string;
  readonly mimeType: string;
  /** Hidden (not listed, not readable) when this domain is disabled (spec README §6.3). */
  readonly domain?: Domain;
  /** Registered only with one host ("single") or several ("multi"); the observability URIs differ (spec §2.1). */
  readonly hostMode?: "single" | "multi";
  read(uri: string, params: Record<string, string>, ctx: ResourceContext): Promise<string>;
}

export function defineResource(def: ResourceDef): ResourceDef {
  return def;
}

/** Compiles `scheme://{a}/{b}` into a matcher returning the named parts, or null. */
export function templateMatcher(template: string): (uri: string) => Record<string, string> | null {
  const names: string[] = [];
  const pattern = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name) {
        names.push(name);
        return "([^/]+)";
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  const regex = new RegExp(`^${pattern}$`);
  return (uri) => {
    const match = regex.exec(uri);
    if (!match) return null;
    return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? "")]));
  };
}
