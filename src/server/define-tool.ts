// A tool is data plus a handler. This module holds only the types tools are written against; it imports no SDK.
// The category is not repeated here: it lives in the one central map (categories.ts, tools.md §0.1).

import type Docker from "dockerode";
import type { z } from "zod";
import type { HostEntry } from "../config/hosts.js";
import type { ServerConfig } from "../config/index.js";
import type { EnginePool } from "../engine/pool.js";

export type Domain =
  | "system"
  | "containers"
  | "images"
  | "networks"
  | "volumes"
  | "configs"
  | "secrets"
  | "nodes"
  | "services"
  | "swarm"
  | "plugins"
  | "compose"
  | "stack"
  | "context"
  | "buildx"
  | "scout"
  | "registry";

export const DOMAINS: readonly Domain[] = [
  "system",
  "containers",
  "images",
  "networks",
  "volumes",
  "configs",
  "secrets",
  "nodes",
  "services",
  "swarm",
  "plugins",
  "compose",
  "stack",
  "context",
  "buildx",
  "scout",
  "registry",
];

/** Domains whose tools never take `host` (tools.md §0.2). */
export const HOSTLESS_DOMAINS: ReadonlySet<Domain> = new Set<Domain>(["context", "registry"]);

export interface ToolContext {
  /** The host this call targets (the default host when `host` was omitted). */
  readonly host: HostEntry;
  /** The raw `host` argument: system_close treats an omitted host as "every host". */
  readonly hostArg: string | undefined;
  readonly config: ServerConfig;
  readonly engine: EnginePool;
  /** Aborted when the client cancels the call. */
  readonly signal: AbortSignal;
  /** The Engine API client of the target host (created on first use). */
  docker(): Promise<Docker>;
  /** Reports progress when the client asked for it (a counter that only goes up); otherwise a no-op. */
  progress(message: string, total?: number): void;
}

export type Shape = z.ZodRawShape;

export interface ToolDef<S extends Shape = Shape> {
  readonly name: string;
  /** null only for the domain-less docs_lookup. */
  readonly domain: Domain | null;
  /** First sentence: what the tool does. Every byte is paid for in every conversation. */
  readonly description: string;
  readonly input: S;
  /** False for tools that never target a daemon (host_list); the domain decides otherwise. */
  readonly targetsHost?: boolean;
  run(args: z.output<z.ZodObject<S>>, ctx: ToolContext): Promise<unknown>;
}

/** Identity helper that keeps the argument type of `run` tied to the input shape. */
export function defineTool<S extends Shape>(def: ToolDef<S>): ToolDef<S> {
  return def;
}

/** An error the caller can fix; the message is returned as is, with no stack in the logs. */
export class UserError extends Error {}

export function takesHost(def: ToolDef): boolean {
  if (def.targetsHost === false || def.domain === null) return false;
  return !HOSTLESS_DOMAINS.has(def.domain);
}
