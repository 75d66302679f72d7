// Shared by the containers integration tests: both engines, a run id and label on everything created, direct
// dockerode access for setup and cleanup, and a spawned server whose pid is known (for memory checks).

import { readFileSync } from "node:fs";
import type { Client } from "@modelcontextprotocol/client";
import Docker from "dockerode";
import { ENGINES, runId, type TestEngine } from "./engines.js";
import { callTool, spawnServer } from "./mcp-client.js";

export type Engine = TestEngine;

export function engines(): Engine[] {
  return [...ENGINES];
}

export const IMAGE = "busybox:local";

/** One run: a unique name prefix and the label every object of the run carries. */
export function newRun(domain: string) {
  const id = runId();
  return {
    id,
    prefix: `dmcp-it-${domain}-${id}`,
    label: { "dmcp.test": id },
    labelFilter: `dmcp.test=${id}`,
  };
}

export function dockerFor(url: string): Docker {
  return new Docker({ socketPath: url.replace(/^unix:\/\//, "") });
}

/** Starts a `sleep 600` container of this run under the same name on each daemon. */
export async function startSleeperOnEach(
  dockers: Docker[],
  name: string,
  run: ReturnType<typeof newRun>,
): Promise<void> {
  for (const docker of dockers) {
    const container = await docker.createContainer({ Image: IMAGE, name, Cmd: ["sleep", "600"], Labels: run.label });
    await container.start();
  }
}

/** Removes every container and image labelled with the run id (never anything else). */
/**
 * Removes everything labelled with this run's id — containers (with their anonymous volumes), images, volumes,
 * networks — plus the named `images`.
 */
export async function cleanupRun(docker: Docker, runId: string, images: string[] = []): Promise<void> {
  const filters = JSON.stringify({ label: [`dmcp.test=${runId}`] });
  const quietly = (removal: Promise<unknown>) => removal.catch(() => undefined);
  for (const row of await docker.listContainers({ all: true, filters }).catch(() => [])) {
    await quietly(docker.getContainer(row.Id).remove({ force: true, v: true }));
  }
  for (const row of await docker.listImages({ filters }).catch(() => [])) {
    await quietly(docker.getImage(row.Id).remove({ force: true }));
  }
  for (const image of images) await quietly(docker.getImage(image).remove({ force: true }));
  for (const row of (await docker.listVolumes({ filters }).catch(() => ({ Volumes: [] }))).Volumes ?? []) {
    await quietly(docker.getVolume(row.Name).remove());
  }
  for (const row of await docker.listNetworks({ filters }).catch(() => [])) {
    await quietly(docker.getNetwork(row.Id).remove());
  }
}

export interface Server {
  client: Client;
  pid: number;
  stderr: () => string;
  close: () => Promise<void>;
}

export async function startServer(env: Record<string, string>): Promise<Server> {
  const spawned = await spawnServer(env);
  return { client: spawned.client, pid: spawned.pid(), stderr: spawned.stderr, close: spawned.close };
}

export interface Result {
  isError: boolean;
  text: string;
}

export async function call(
  server: Server,
  name: string,
  args: Record<string, unknown> = {},
  options: { timeout?: number; signal?: AbortSignal } = {},
): Promise<Result> {
  return await callTool(server.client, name, args, { timeout: options.timeout ?? 120_000, signal: options.signal });
}

export async function json<T = Record<string, unknown>>(
  server: Server,
  name: string,
  args: Record<string, unknown> = {},
  options: { timeout?: number } = {},
): Promise<T> {
  const result = await call(server, name, args, options);
  if (result.isError) throw new Error(`${name} failed: ${result.text}`);
  return JSON.parse(result.text) as T;
}

/** Peak resident memory of a process in KiB (VmHWM), from /proc. */
export function peakRssKib(pid: number): number {
  const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match?.[1] ?? 0);
}

export async function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
