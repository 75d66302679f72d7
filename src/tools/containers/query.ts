// Reading container state: inspect, list, prune, diff, top, stats.

import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { flag, revealParam } from "../../contract/params.js";
import { defineTool } from "../../contract/tool.js";
import { type StatsSample, summarizeStats } from "../../engine/container-stats.js";
import { statusOf } from "../../engine/errors.js";
import { engineFilters, hasLabelFilter } from "../../engine/filters.js";
import { inspectAnswer } from "../../engine/inspect-shape.js";
import { withManagedFilter } from "../../engine/labels.js";
import {
  type ContainerDoc,
  containerFields,
  displayName,
  filtersParam,
  idOrName,
  inspect,
  resolveTarget,
} from "./common.js";

export const containerInspect = defineTool({
  description: "A container's inspect document without null, empty or default fields.",
  input: { id_or_name: idOrName, fields: containerFields, detail: flag(), reveal: revealParam() },
  async run({ id_or_name, fields, detail, reveal }, ctx) {
    // Redacted on the raw document, then shaped: the slim, detail and fields forms all hold the markers.
    const doc = ctx.redaction.document(await inspect(await ctx.docker(), id_or_name, ctx.signal), reveal);
    return inspectAnswer(doc, { fields, detail });
  },
});

interface ListEntry {
  Id: string;
  Names?: string[];
  Image?: string;
  Command?: string;
  Created?: number;
  State?: string;
  Status?: string;
  Ports?: Array<{ IP?: string; PrivatePort?: number; PublicPort?: number; Type?: string }>;
  Labels?: Record<string, string>;
}

function portText(port: NonNullable<ListEntry["Ports"]>[number]): string {
  const inside = `${port.PrivatePort}/${port.Type ?? "tcp"}`;
  return port.PublicPort ? `${port.IP || "0.0.0.0"}:${port.PublicPort}->${inside}` : inside;
}

/** A `docker ps` row plus the full id; labels only when the caller filtered on them. */
export function listRow(entry: ListEntry, withLabels: boolean): Record<string, unknown> {
  const ports = [...new Set((entry.Ports ?? []).map(portText))];
  return {
    id: entry.Id,
    names: (entry.Names ?? []).map((name) => name.replace(/^\//, "")),
    image: entry.Image ?? null,
    command: entry.Command ?? null,
    created: entry.Created ? new Date(entry.Created * 1000).toISOString() : null,
    state: entry.State ?? null,
    status: entry.Status ?? null,
    ...(ports.length ? { ports } : {}),
    ...(withLabels ? { labels: entry.Labels ?? {} } : {}),
  };
}

/** A parameter that is also a filter key: checked like one, and never silently overridden by `filters`. */
function namedFilter(
  filters: Record<string, unknown> | null | undefined,
  key: string,
  value: string | null | undefined,
) {
  if (value === null || value === undefined) return {};
  if (filters && Object.hasOwn(filters, key)) {
    throw new CallerError(`Give ${key} once: as the \`${key}\` parameter or as filters.${key}, not both.`);
  }
  if (value.trim() === "") throw new CallerError(`${key} is empty: give a container id or name, or leave it out.`);
  return { [key]: value };
}

export const containerList = defineTool({
  description: "List containers (running only unless all=true) as `docker ps` rows.",
  input: {
    all: z.boolean().default(false),
    since: z.string().nullish().describe("Only containers created after this id or name."),
    before: z.string().nullish().describe("Only containers created before this id or name."),
    limit: z.number().int().min(1).nullish().describe("The N most recently created (includes stopped)."),
    filters: filtersParam,
    detail: z.boolean().default(false),
    ignore_removed: z.boolean().default(false).describe("With detail: skip containers removed while listing."),
    managed_only: z.boolean().default(false),
  },
  async run(args, ctx) {
    // The daemon ignores `since`/`before` as query parameters; only the filters of the same names work.
    const given = engineFilters({
      ...namedFilter(args.filters, "since", args.since),
      ...namedFilter(args.filters, "before", args.before),
      ...args.filters,
    });
    const filters = args.managed_only ? withManagedFilter(given) : given;
    const docker = await ctx.docker();
    const entries = (await docker.listContainers({
      all: args.all,
      ...(args.limit ? { limit: args.limit } : {}),
      ...(filters ? { filters: JSON.stringify(filters) } : {}),
      abortSignal: ctx.signal,
    })) as ListEntry[];
    if (!args.detail) return entries.map((entry) => listRow(entry, hasLabelFilter(filters)));
    const docs: ContainerDoc[] = [];
    for (const entry of entries) {
      try {
        docs.push(await inspect(docker, entry.Id, ctx.signal));
      } catch (err) {
        if (!(args.ignore_removed && statusOf(err) === 404)) throw err;
      }
    }
    return docs;
  },
});

export const containerPrune = defineTool({
  description: "Remove stopped containers (all, or those matching `until`/`label` filters).",
  input: {
    filters: z
      .record(z.string(), z.unknown())
      .nullish()
      .describe('e.g. {"label": "env=dev", "until": "24h"}; label!= excludes.'),
  },
  async run({ filters }, ctx) {
    const map = engineFilters(filters);
    const docker = await ctx.docker();
    const result = (await docker.pruneContainers({
      ...(map ? { filters: JSON.stringify(map) } : {}),
      abortSignal: ctx.signal,
    } as object)) as { ContainersDeleted?: string[] | null; SpaceReclaimed?: number };
    return { ContainersDeleted: result.ContainersDeleted ?? [], SpaceReclaimed: result.SpaceReclaimed ?? 0 };
  },
});

export const containerDiff = defineTool({
  description:
    "Files changed in a container's writable layer (not volumes or bind mounts): [{Path, Kind}], Kind 0 modified, 1 added, 2 deleted.",
  input: { id_or_name: idOrName },
  async run({ id_or_name }, ctx) {
    const { docker, doc } = await resolveTarget(ctx, id_or_name);
    // Engine 20.10 answers "null" without a JSON content type, which dockerode hands back as a Buffer.
    const raw = (await docker.getContainer(doc.Id).changes({ abortSignal: ctx.signal })) as unknown;
    const changes = Buffer.isBuffer(raw) ? JSON.parse(raw.toString("utf8") || "null") : raw;
    return (changes as unknown[] | null) ?? [];
  },
});

export const containerTop = defineTool({
  description: "Processes of a container, read by the daemon (no ps needed in the image).",
  input: { id_or_name: idOrName, ps_args: z.string().nullish().describe('ps options, e.g. "aux".') },
  async run({ id_or_name, ps_args }, ctx) {
    const { docker, doc } = await resolveTarget(ctx, id_or_name);
    if (!doc.State?.Running) {
      throw new CallerError(
        `Container ${displayName(doc)} is not running (status ${doc.State?.Status}); start it first.`,
      );
    }
    return await docker
      .getContainer(doc.Id)
      .top({ ...(ps_args ? { ps_args } : {}), abortSignal: ctx.signal } as object);
  },
});

export const containerStats = defineTool({
  description:
    "One usage sample of a running container (~1-2 s): CPU %, memory used/limit/%, network and block I/O in MB, pids.",
  input: { id_or_name: idOrName },
  async run({ id_or_name }, ctx) {
    const { docker, doc } = await resolveTarget(ctx, id_or_name);
    if (doc.State?.Status !== "running") {
      throw new CallerError(
        `Container ${displayName(doc)} is not running (status ${doc.State?.Status}); no usage to sample.`,
      );
    }
    const sample = (await docker
      .getContainer(doc.Id)
      .stats({ stream: false, abortSignal: ctx.signal } as { stream: false })) as StatsSample;
    return summarizeStats(displayName(doc), sample);
  },
});
