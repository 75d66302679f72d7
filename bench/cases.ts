// Warm-call cases: each tool call is measured beside the raw Engine operation it wraps. Domains add their rows here.

import type { RawEngine } from "./engine.js";

export interface BenchContext {
  /** A running container to read from (created by the bench, removed afterwards). */
  containerId: string;
  image: string;
}

export interface BenchCase {
  name: string;
  tool: string;
  args: (ctx: BenchContext) => Record<string, unknown>;
  raw: (engine: RawEngine, ctx: BenchContext) => Promise<unknown>;
  /** Only measured when the tool is registered (domains land over time). */
  iterations?: number;
}

export const CASES: BenchCase[] = [
  { name: "system_ping", tool: "system_ping", args: () => ({}), raw: (e) => e.get("/_ping") },
  { name: "system_info", tool: "system_info", args: () => ({}), raw: (e) => e.get("/info") },
  { name: "system_version", tool: "system_version", args: () => ({}), raw: (e) => e.get("/version") },
];
