// What every container tool shares: parameter schemas, target resolution, the self-termination guard
// and the compact confirmation shape.

import type Docker from "dockerode";
import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { fieldsParam } from "../../contract/params.js";
import type { ToolContext } from "../../contract/tool.js";
import { CONTAINER_REF_HINT, isContainerRef } from "../../engine/container-ref.js";
import { statusOf } from "../../engine/errors.js";

export const idOrName = z.string().refine(isContainerRef, `must be ${CONTAINER_REF_HINT}`);

export const containerFields = fieldsParam(["State.Status", "NetworkSettings.Ports"]);

export interface ContainerDoc {
  Id: string;
  Name?: string;
  Created?: string;
  Config?: { Image?: string; Tty?: boolean; Labels?: Record<string, string> | null };
  State?: {
    Status?: string;
    Running?: boolean;
    Paused?: boolean;
    ExitCode?: number;
    Error?: string;
    Health?: { Status?: string } | null;
  };
  HostConfig?: Record<string, unknown>;
  NetworkSettings?: { Ports?: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null };
  [key: string]: unknown;
}

export async function inspect(docker: Docker, id: string, signal?: AbortSignal): Promise<ContainerDoc> {
  return (await docker.getContainer(id).inspect({ abortSignal: signal })) as unknown as ContainerDoc;
}

/** Resolves the target (Engine inspect), so a missing container is a not-found before anything happens. */
export async function resolveTarget(ctx: ToolContext, id: string): Promise<{ docker: Docker; doc: ContainerDoc }> {
  const docker = await ctx.docker();
  return { docker, doc: await inspect(docker, id, ctx.signal) };
}

export function displayName(doc: ContainerDoc): string {
  return (doc.Name ?? "").replace(/^\//, "") || doc.Id.slice(0, 12);
}

/** Refuses to act on the server's own container on the host it runs on (stop/restart/kill/pause/remove). */
export function guardSelf(ctx: ToolContext, doc: ContainerDoc, action: string): void {
  const self = ctx.self.container();
  if (!self || ctx.self.allowTerminate) return;
  if (doc.Id !== self.id || ctx.host.label !== self.hostLabel) return;
  throw new CallerError(
    `Refusing to ${action} ${displayName(doc)}: it is this MCP server's own container, and the session would end. ` +
      "Run the action from a shell on the host, or restart the server with DOCKER_MCP_SERVER_ALLOW_SELF_TERMINATE=1 to allow it.",
  );
}

/** "0.0.0.0:3333->2222/tcp" entries of the published ports; exposed-only ports are left out. */
export function publishedPorts(doc: ContainerDoc): string[] {
  const out: string[] = [];
  for (const [port, bindings] of Object.entries(doc.NetworkSettings?.Ports ?? {})) {
    for (const binding of bindings ?? []) out.push(`${binding.HostIp || "0.0.0.0"}:${binding.HostPort}->${port}`);
  }
  return out;
}

/** The compact confirmation every action tool returns: who, and the state it is now in. */
export function brief(doc: ContainerDoc): Record<string, unknown> {
  const state = doc.State ?? {};
  const ports = publishedPorts(doc);
  return {
    id: doc.Id,
    name: displayName(doc),
    image: doc.Config?.Image ?? null,
    status: state.Status ?? null,
    ...(state.Status === "exited" || state.Status === "dead" ? { exit_code: state.ExitCode ?? null } : {}),
    ...(state.Error ? { error: state.Error } : {}),
    ...(state.Health?.Status ? { health: state.Health.Status } : {}),
    ...(ports.length > 0 ? { ports } : {}),
  };
}

export const filtersParam = z
  .record(z.string(), z.unknown())
  .nullish()
  .describe('A list value repeats the filter, e.g. {"status":"exited","label":["a=1","b"]}.');

export type Json = Record<string, unknown>;

/** Re-inspects after an action; a container that is already gone (auto-remove) is reported as removed. */
export async function after(docker: Docker, id: string, ctx: ToolContext, fallbackName?: string): Promise<Json> {
  try {
    return brief(await inspect(docker, id, ctx.signal));
  } catch (err) {
    if (statusOf(err) === 404) return { id, name: fallbackName ?? null, status: "removed" };
    throw err;
  }
}

export function withWarnings(result: Json, warnings: string[] | null | undefined): Json {
  return warnings && warnings.length > 0 ? { ...result, warnings } : result;
}

/** Starts a container; "already started" (HTTP 304) is not an error. */
export async function startContainer(docker: Docker, id: string, signal: AbortSignal): Promise<void> {
  try {
    await docker.getContainer(id).start({ abortSignal: signal });
  } catch (err) {
    if (statusOf(err) !== 304) throw err;
  }
}
