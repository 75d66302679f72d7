// Fixtures for the images/networks/volumes integration tests: engines, build contexts, progress-capturing calls and
// label-scoped cleanup (the engines are shared with other test files running at the same time).

import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Client } from "@modelcontextprotocol/client";
import { pack } from "tar-stream";
import { afterAll, beforeAll } from "vitest";
import { docker } from "./docker-cli.js";
import { ENGINES, runId, type TestEngine } from "./engines.js";
import { type Spawned, spawnServer, type TextResult } from "./mcp-client.js";

export type Engine = TestEngine;
export { ENGINES };

/** Both engines behind one server: every write must then name its host. */
export function bothHostsEnv(): Record<string, string> {
  return { DOCKER_MCP_SERVER_HOSTS: ENGINES.map((engine) => `${engine.label}=${engine.host()}`).join(",") };
}

export function engineHost(label: string): string {
  const engine = ENGINES.find((candidate) => candidate.label === label);
  if (!engine) throw new Error(`unknown engine ${label}`);
  return engine.host();
}

export interface EngineSuite {
  /** This run's id, and the `dmcp.test=<id>` label everything the suite creates carries. */
  readonly id: string;
  readonly label: string;
  /** The server for this engine alone; set in beforeAll. */
  server: Spawned;
}

/**
 * One server per engine for a describe block: spawned before its tests; closed after them, then `cleanup` runs and
 * everything carrying the run's label is removed.
 */
export function engineSuite(engine: Engine, cleanup?: () => void): EngineSuite {
  const id = runId();
  const suite = { id, label: `dmcp.test=${id}`, server: undefined as unknown as Spawned };
  beforeAll(async () => {
    suite.server = await spawnServer({ DOCKER_MCP_SERVER_HOSTS: `${engine.label}=${engine.host()}` });
  });
  afterAll(async () => {
    await suite.server?.close();
    cleanup?.();
    cleanupByLabel(engine.host(), suite.label);
  });
  return suite;
}

/** Whether `docker <kind> inspect <ref>` finds the object on `host`. */
export function objectExists(host: string, kind: "image" | "network" | "volume", ref: string): boolean {
  try {
    docker(host, [kind, "inspect", ref]);
    return true;
  } catch {
    return false;
  }
}

/** A base64 tar holding `files` (path → content). */
export async function tarBase64(files: Record<string, string>): Promise<string> {
  const tar = pack();
  for (const [name, content] of Object.entries(files)) tar.entry({ name }, content);
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of tar) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("base64");
}

/** A fresh directory on this machine holding `files`. */
export function contextDir(prefix: string, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

export interface ProgressResult extends TextResult {
  progress: Array<{ progress: number; message?: string }>;
}

/** Calls a tool with a progress token (onprogress) and collects every notification. */
export async function callWithProgress(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<ProgressResult> {
  const progress: ProgressResult["progress"] = [];
  const result = (await client.callTool(
    { name, arguments: args },
    {
      onprogress: (update: { progress: number; message?: string }) => {
        progress.push({ progress: update.progress, ...(update.message ? { message: update.message } : {}) });
      },
      timeout: 180_000,
      resetTimeoutOnProgress: true,
    },
  )) as { content?: Array<{ text?: string }>; isError?: boolean };
  const text = (result.content ?? []).map((part) => part.text ?? "").join("");
  return { isError: result.isError === true, text, progress };
}

/** Best-effort removal of everything carrying our run label on one engine (containers, images, networks, volumes). */
export function cleanupByLabel(host: string, label: string): void {
  const quiet = (args: string[]) => {
    try {
      return docker(host, args);
    } catch {
      return "";
    }
  };
  const containers = quiet(["ps", "-aq", "--filter", `label=${label}`])
    .split("\n")
    .filter(Boolean);
  if (containers.length) quiet(["rm", "-f", "-v", ...containers]);
  const images = quiet(["images", "-q", "--filter", `label=${label}`])
    .split("\n")
    .filter(Boolean);
  if (images.length) quiet(["rmi", "-f", ...new Set(images)]);
  const networks = quiet(["network", "ls", "-q", "--filter", `label=${label}`])
    .split("\n")
    .filter(Boolean);
  if (networks.length) quiet(["network", "rm", ...networks]);
  const volumes = quiet(["volume", "ls", "-q", "--filter", `label=${label}`])
    .split("\n")
    .filter(Boolean);
  if (volumes.length) quiet(["volume", "rm", "-f", ...volumes]);
}

/** Removes image references by name (e.g. registry-qualified tags that carry no label of ours). */
export function removeImages(host: string, refs: string[]): void {
  for (const ref of refs) {
    try {
      docker(host, ["rmi", "-f", ref]);
    } catch {
      // Already gone.
    }
  }
}
