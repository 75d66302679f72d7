// The read-only Engine calls previews share: one GET, the daemon's API version, and what uses what.

import type { ToolContext } from "../../contract/tool.js";
import { engineRequest, withSignals } from "../../engine/api.js";

export async function get<T>(ctx: ToolContext, path: string, query: Record<string, unknown> = {}): Promise<T> {
  return await engineRequest<T>(await ctx.docker(), { method: "GET", path, query, signal: ctx.signal });
}

export async function apiVersion(ctx: ToolContext): Promise<string> {
  return (await withSignals(await ctx.docker()).version({ abortSignal: ctx.signal })).ApiVersion ?? "0.0";
}

export function apiAtLeast(version: string, major: number, minor: number): boolean {
  const [m, n] = version.split(".").map(Number);
  return (m ?? 0) > major || ((m ?? 0) === major && (n ?? 0) >= minor);
}

export interface ContainerRow {
  Id: string;
  Names?: string[] | null;
  Image?: string;
  ImageID?: string;
  State?: string;
  Status?: string;
  Created?: number;
  SizeRw?: number;
  Labels?: Record<string, string> | null;
  Mounts?: Array<{ Type?: string; Name?: string; Destination?: string }> | null;
}

export async function listContainers(ctx: ToolContext, query: Record<string, unknown> = {}): Promise<ContainerRow[]> {
  return (await get<ContainerRow[] | null>(ctx, "/containers/json", { all: true, ...query })) ?? [];
}

export function containerName(row: ContainerRow): string {
  return (row.Names?.[0] ?? row.Id.slice(0, 12)).replace(/^\//, "");
}

/** Each volume name → the containers (any state) that mount it. */
export function volumeUsers(containers: readonly ContainerRow[]): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const row of containers) {
    for (const mount of row.Mounts ?? []) {
      if (mount.Type !== "volume" || !mount.Name) continue;
      users.set(mount.Name, [...(users.get(mount.Name) ?? []), containerName(row)]);
    }
  }
  return users;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function totalSize(items: ReadonlyArray<{ size?: number }>): number {
  return items.reduce((sum, item) => sum + (item.size && item.size > 0 ? item.size : 0), 0);
}
