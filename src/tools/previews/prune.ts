// Prune previews: the objects the daemon's prune would remove with the same filters, listed with read-only calls.
// Semantics follow the daemon: container prune takes every container that is not running, paused or restarting;
// image prune takes unused top-level images (only untagged ones unless dangling=false); network prune takes
// networks no container uses (never bridge/host/none); volume_prune as the tool runs it on this API version.

import { decimalBytes } from "../../base/display.js";
import type { Preview, PreviewItem } from "../../contract/preview.js";
import type { ToolContext } from "../../contract/tool.js";
import { type EngineFilters, engineFilters } from "../../engine/filters.js";
import { beforeUntil, checkKeys, matchesLabels, truthy } from "./filters.js";
import { apiAtLeast, apiVersion, containerName, get, listContainers, plural, totalSize } from "./read.js";

function filtersOf(args: Record<string, unknown>): EngineFilters {
  return engineFilters(args.filters as Record<string, unknown> | null | undefined) ?? {};
}

function sized(count: string, items: readonly PreviewItem[]): string {
  const total = totalSize(items);
  return total > 0 ? `${count} (${decimalBytes(total)})` : count;
}

const LIVE_STATES = new Set(["running", "paused", "restarting", "removing"]);

export async function containerPrunePreview(args: Record<string, unknown>, ctx: ToolContext): Promise<Preview> {
  const filters = filtersOf(args);
  checkKeys("container_prune", filters, ["label", "label!", "until"]);
  const now = Date.now();
  const rows = await listContainers(ctx, { size: true });
  const items: PreviewItem[] = rows
    .filter((row) => !LIVE_STATES.has(row.State ?? ""))
    .filter((row) => matchesLabels(filters, row.Labels) && beforeUntil(filters, (row.Created ?? 0) * 1000, now))
    .map((row) => ({
      kind: "container",
      id: row.Id,
      name: containerName(row),
      state: row.Status ?? row.State ?? "",
      ...(row.SizeRw !== undefined ? { size: row.SizeRw } : {}),
    }));
  return {
    summary: `${sized(plural(items.length, "stopped container"), items)} would be removed.`,
    items,
    notes: ["Their volumes stay; sizes are each container's writable layer."],
  };
}

interface ImageRow {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Created?: number;
  Size?: number;
  Labels?: Record<string, string> | null;
}

function tagsOf(row: ImageRow): string[] {
  return (row.RepoTags ?? []).filter((tag) => tag !== "<none>:<none>");
}

export async function imagePrunePreview(args: Record<string, unknown>, ctx: ToolContext): Promise<Preview> {
  const filters = filtersOf(args);
  checkKeys("image_prune", filters, ["dangling", "label", "label!", "until"]);
  const danglingOnly = filters.dangling === undefined || truthy(filters.dangling);
  const now = Date.now();
  const [images, containers] = await Promise.all([
    get<ImageRow[] | null>(ctx, "/images/json").then((rows) => rows ?? []),
    listContainers(ctx),
  ]);
  const used = new Set(containers.map((row) => row.ImageID));
  const items: PreviewItem[] = images
    .filter((row) => !used.has(row.Id))
    .filter(
      (row) =>
        !danglingOnly || (tagsOf(row).length === 0 && (row.RepoDigests ?? []).every((d) => d.startsWith("<none>"))),
    )
    .filter((row) => matchesLabels(filters, row.Labels) && beforeUntil(filters, (row.Created ?? 0) * 1000, now))
    .map((row) => ({
      kind: "image",
      id: row.Id,
      name: tagsOf(row).join(", ") || "<none>",
      ...(row.Size !== undefined ? { size: row.Size } : {}),
    }));
  return {
    summary: `${sized(plural(items.length, danglingOnly ? "dangling image" : "unused image"), items)} would be removed.`,
    items,
    notes: ["Sizes count layers other images may share; the space freed can be smaller."],
  };
}

interface NetworkRow {
  Id: string;
  Name: string;
  Driver?: string;
  Scope?: string;
  Created?: string;
  Labels?: Record<string, string> | null;
  Ingress?: boolean;
  Containers?: Record<string, unknown> | null;
}

const BUILT_IN_NETWORKS = new Set(["bridge", "host", "none", "docker_gwbridge"]);

export async function networkPrunePreview(args: Record<string, unknown>, ctx: ToolContext): Promise<Preview> {
  const filters = filtersOf(args);
  checkKeys("network_prune", filters, ["label", "label!", "until"]);
  const now = Date.now();
  const networks = (await get<NetworkRow[] | null>(ctx, "/networks")) ?? [];
  const candidates = networks.filter(
    (row) =>
      !BUILT_IN_NETWORKS.has(row.Name) &&
      row.Ingress !== true &&
      row.Scope !== "swarm" &&
      matchesLabels(filters, row.Labels) &&
      beforeUntil(filters, row.Created ? Date.parse(row.Created) : undefined, now),
  );
  const items: PreviewItem[] = [];
  for (const row of candidates) {
    // The list leaves Containers empty; only the inspect document says who is attached.
    const doc = await get<NetworkRow>(ctx, `/networks/${encodeURIComponent(row.Id)}`);
    if (Object.keys(doc.Containers ?? {}).length > 0) continue;
    items.push({ kind: "network", id: row.Id, name: row.Name, state: `${row.Driver ?? "?"}, ${row.Scope ?? "local"}` });
  }
  return {
    summary: `${plural(items.length, "unused network")} would be removed.`,
    items,
    notes: [
      "Swarm-scoped networks are listed by network_list; on a manager the prune also removes those no service uses.",
    ],
  };
}

interface VolumeRow {
  Name: string;
  Driver?: string;
  Labels?: Record<string, string> | null;
}

const ANONYMOUS_NAME = /^[0-9a-f]{64}$/;
const ANONYMOUS_LABEL = "com.docker.volume.anonymous";

/** Mirrors volume_prune: API >= 1.42 prunes labelled-anonymous volumes (all with all=true); older ones as the tool emulates. */
export async function volumePrunePreview(args: Record<string, unknown>, ctx: ToolContext): Promise<Preview> {
  const { all, ...filters } = filtersOf(args);
  checkKeys("volume_prune", filters, ["label", "label!"]);
  const includeNamed = truthy(all);
  const api = await apiVersion(ctx);
  const modern = apiAtLeast(api, 1, 42);
  const listed = await get<{ Volumes?: VolumeRow[] | null }>(ctx, "/volumes", { filters: { dangling: ["true"] } });
  const anonymous = (row: VolumeRow) =>
    row.Labels?.[ANONYMOUS_LABEL] !== undefined || (!modern && ANONYMOUS_NAME.test(row.Name));
  const chosen = (listed.Volumes ?? []).filter(
    (row) => matchesLabels(filters, row.Labels) && (includeNamed || anonymous(row)),
  );
  const sizes = await volumeSizes(ctx, modern);
  const items: PreviewItem[] = chosen.map((row) => {
    const size = sizes.get(row.Name);
    return { kind: "volume", name: row.Name, ...(size !== undefined && size >= 0 ? { size } : {}) };
  });
  return {
    summary: `${sized(plural(items.length, includeNamed ? "unused volume" : "unused anonymous volume"), items)} would be removed, with their data.`,
    items,
    ...(includeNamed ? {} : { notes: ['Named volumes stay; filters {"all": true} includes them.'] }),
  };
}

/** Volume sizes from the disk-usage report (only volumes on API >= 1.42, everything on older ones). */
async function volumeSizes(ctx: ToolContext, modern: boolean): Promise<Map<string, number>> {
  const df = await get<{ Volumes?: Array<{ Name: string; UsageData?: { Size?: number } }> | null }>(
    ctx,
    "/system/df",
    modern ? { type: "volume" } : {},
  );
  return new Map((df.Volumes ?? []).map((row) => [row.Name, row.UsageData?.Size ?? -1]));
}
