// system_df's `kind`: one kind of object as compact rows, largest first. Engine API 1.42+ computes only that kind
// (the `type` query); older daemons ignore the query and send the whole document, from which the kind is read.

import { z } from "zod";
import { shorten } from "../../base/quote.js";

export const DISK_USAGE_KINDS = ["volumes", "images", "containers", "build_cache"] as const;
export type DiskUsageKind = (typeof DISK_USAGE_KINDS)[number];

/** The daemon's `type` value for each kind (`GET /system/df?type=…`, API 1.42+). */
export const DF_TYPE: Readonly<Record<DiskUsageKind, string>> = {
  volumes: "volume",
  images: "image",
  containers: "container",
  build_cache: "build-cache",
};

export const kindParam = z.enum(DISK_USAGE_KINDS).nullish();
export const limitParam = z.number().int().min(1, "limit must be >= 1").nullish();
export const DEFAULT_ROW_LIMIT = 20;

/** The members of the df document the rows are read from (any of them may be null). */
export interface DiskUsageDoc {
  Images?: Array<{
    Id?: string;
    RepoTags?: string[] | null;
    Size?: number;
    SharedSize?: number;
    Containers?: number;
    Created?: number;
  }> | null;
  Containers?: Array<{
    Id?: string;
    Names?: string[] | null;
    Image?: string;
    SizeRw?: number;
    SizeRootFs?: number;
    State?: string;
    Created?: number;
  }> | null;
  Volumes?: Array<{
    Name?: string;
    Driver?: string;
    CreatedAt?: string;
    UsageData?: { Size?: number; RefCount?: number } | null;
  }> | null;
  BuildCache?: Array<{
    ID?: string;
    Type?: string;
    Description?: string;
    Size?: number;
    InUse?: boolean;
    Shared?: boolean;
    CreatedAt?: string;
    LastUsedAt?: string | null;
  }> | null;
}

type Row = { size_bytes: number | null } & Record<string, unknown>;

const shortId = (id: string | undefined) => (id ?? "").replace(/^sha256:/, "").slice(0, 12);
const fromUnix = (seconds: number | undefined) =>
  typeof seconds === "number" && seconds > 0 ? new Date(seconds * 1000).toISOString() : null;
/** The Engine reports -1 (or nothing) where it did not compute a size. */
const known = (size: number | undefined) => (typeof size === "number" && size >= 0 ? size : null);

function rowsOf(kind: DiskUsageKind, doc: DiskUsageDoc): Row[] {
  switch (kind) {
    case "volumes":
      return (doc.Volumes ?? []).map((volume) => ({
        name: volume.Name ?? "",
        size_bytes: known(volume.UsageData?.Size),
        in_use_by: volume.UsageData?.RefCount ?? null,
        driver: volume.Driver ?? null,
        created: volume.CreatedAt ?? null,
      }));
    case "images":
      return (doc.Images ?? []).map((image) => {
        const size = known(image.Size);
        const shared = known(image.SharedSize);
        return {
          id: shortId(image.Id),
          tags: image.RepoTags ?? [],
          size_bytes: size,
          unique_bytes: size !== null && shared !== null ? size - shared : null,
          in_use_by: known(image.Containers),
          created: fromUnix(image.Created),
        };
      });
    case "containers":
      return (doc.Containers ?? []).map((container) => ({
        id: shortId(container.Id),
        name: (container.Names?.[0] ?? "").replace(/^\//, ""),
        size_bytes: known(container.SizeRw),
        image: container.Image ?? null,
        state: container.State ?? null,
        created: fromUnix(container.Created),
      }));
    case "build_cache":
      return (doc.BuildCache ?? []).map((entry) => ({
        id: shortId(entry.ID),
        type: entry.Type ?? null,
        description: entry.Description ? shorten(entry.Description, 80) : null,
        size_bytes: known(entry.Size),
        in_use: entry.InUse === true,
        shared: entry.Shared === true,
        created: entry.CreatedAt ?? null,
        last_used: entry.LastUsedAt ?? null,
      }));
  }
}

export interface KindUsage {
  readonly kind: DiskUsageKind;
  /** Objects of the kind on the daemon. */
  readonly total: number;
  /** Their summed size (sizes the Engine did not compute count as 0). */
  readonly size_bytes: number;
  /** The `limit` largest, largest first (unknown sizes last). */
  readonly rows: Row[];
  /** How many rows `limit` left out. */
  readonly omitted?: number;
}

/** One kind's rows, largest first, at most `limit`. Pure. */
export function kindUsage(doc: DiskUsageDoc, kind: DiskUsageKind, limit: number): KindUsage {
  const rows = rowsOf(kind, doc).sort((a, b) => (b.size_bytes ?? -1) - (a.size_bytes ?? -1));
  const size = rows.reduce((total, row) => total + (row.size_bytes ?? 0), 0);
  const shown = rows.slice(0, limit);
  return {
    kind,
    total: rows.length,
    size_bytes: size,
    rows: shown,
    ...(rows.length > shown.length ? { omitted: rows.length - shown.length } : {}),
  };
}
