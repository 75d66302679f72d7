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
  {
    name: "container_list",
    tool: "container_list",
    args: () => ({ all: true }),
    raw: (e) => e.get("/containers/json?all=1"),
  },
  {
    name: "container_inspect",
    tool: "container_inspect",
    args: (c) => ({ id_or_name: c.containerId }),
    raw: (e, c) => e.get(`/containers/${c.containerId}/json`),
  },
  {
    name: "container_logs tail 200",
    tool: "container_logs",
    args: (c) => ({ id_or_name: c.containerId, tail: 200 }),
    raw: (e, c) => e.get(`/containers/${c.containerId}/logs?stdout=1&stderr=1&tail=200`),
  },
  {
    name: "container_exec",
    tool: "container_exec",
    args: (c) => ({ id_or_name: c.containerId, cmd: ["true"] }),
    raw: async (e, c) => {
      const created = JSON.parse(
        (
          await e.post(`/containers/${c.containerId}/exec`, { Cmd: ["true"], AttachStdout: true, AttachStderr: true })
        ).toString(),
      ) as { Id: string };
      await e.post(`/exec/${created.Id}/start`, { Detach: false, Tty: false });
      return await e.get(`/exec/${created.Id}/json`);
    },
    iterations: 100,
  },
  { name: "image_list", tool: "image_list", args: () => ({}), raw: (e) => e.get("/images/json") },
  {
    name: "image_inspect",
    tool: "image_inspect",
    args: (c) => ({ id_or_name: c.image }),
    raw: (e, c) => e.get(`/images/${encodeURIComponent(c.image)}/json`),
  },
];
