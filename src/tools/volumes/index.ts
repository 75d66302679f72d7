// Domain `volumes`: create (provenance-labelled), inspect, list, remove, prune. Volumes are addressed by
// name only.

import { z } from "zod";
import { quote } from "../../base/quote.js";
import { defineDomain, destructive, mutating, readOnly } from "../../contract/domain.js";
import { fieldsParam, flag, NOT_BLANK, notBlank } from "../../contract/params.js";
import { defineTool, type ToolContext } from "../../contract/tool.js";
import { sdkSection } from "../../docs/sections.js";
import { engineRequest, withSignals } from "../../engine/api.js";
import { explainDaemonErrors, statusOf } from "../../engine/errors.js";
import { engineFilters, hasLabelFilter } from "../../engine/filters.js";
import { inspectAnswer } from "../../engine/inspect-shape.js";
import { withManagedFilter } from "../../engine/labels.js";
import { pathSegment } from "../../engine/path-segment.js";

const name = z.string().min(1).refine(notBlank, NOT_BLANK);
const stringMap = z.record(z.string(), z.string());

/** Docker names anonymous volumes with 64 hex characters; API >= 1.42 also labels them. */
const ANONYMOUS_NAME = /^[0-9a-f]{64}$/;
const ANONYMOUS_LABEL = "com.docker.volume.anonymous";

interface VolumeDoc {
  Name: string;
  Driver?: string;
  Mountpoint?: string;
  CreatedAt?: string;
  Scope?: string;
  Labels?: Record<string, string> | null;
  Options?: Record<string, string> | null;
}

function volumePath(volume: string): string {
  return `/volumes/${pathSegment(volume, "Volume", " Local volume names use only [a-zA-Z0-9_.-].")}`;
}

function isAnonymous(doc: VolumeDoc): boolean {
  return ANONYMOUS_NAME.test(doc.Name) || doc.Labels?.[ANONYMOUS_LABEL] !== undefined;
}

function onVolume<T>(ctx: ToolContext, volume: string, call: () => Promise<T>): Promise<T> {
  return explainDaemonErrors(call, (status, message) => {
    if (status === 404) return `No such volume ${quote(volume)} on host '${ctx.host.label}'. See volume_list.`;
    if (status === 409 && /in use/i.test(message)) {
      return `Volume ${quote(volume)} is in use (${message}). Remove the containers that mount it first; force does not override this.`;
    }
    return undefined;
  });
}

export const volumeCreate = defineTool({
  description: "Create a volume, labelled as created by this server. No name = anonymous.",
  input: {
    name: z.string().refine(notBlank, NOT_BLANK).nullish(),
    driver: z.string().nullish().describe("Default local."),
    driver_opts: stringMap
      .nullish()
      .describe('e.g. bind a host dir: {"type":"none","device":"/host/path","o":"bind"}.'),
    labels: z.union([stringMap, z.array(z.string())]).nullish(),
  },
  async run(args, ctx) {
    const labels = ctx.labels(args.labels);
    const doc = await engineRequest<VolumeDoc>(await ctx.docker(), {
      method: "POST",
      path: "/volumes/create",
      body: {
        ...(args.name !== null && args.name !== undefined ? { Name: args.name } : {}),
        ...(args.driver ? { Driver: args.driver } : {}),
        ...(args.driver_opts ? { DriverOpts: args.driver_opts } : {}),
        ...(labels ? { Labels: labels } : {}),
      },
      signal: ctx.signal,
    });
    return { name: doc.Name, driver: doc.Driver, mountpoint: doc.Mountpoint, scope: doc.Scope };
  },
});

export const volumeInspect = defineTool({
  description: "A volume's document (driver, mountpoint, labels, options) without null or empty fields.",
  input: { name, fields: fieldsParam(["Mountpoint"]), detail: flag() },
  async run(args, ctx) {
    const docker = await ctx.docker();
    const doc = await onVolume(ctx, args.name, () =>
      engineRequest<VolumeDoc>(docker, { method: "GET", path: volumePath(args.name), signal: ctx.signal }),
    );
    return inspectAnswer(doc, args);
  },
});

export const volumeList = defineTool({
  description: "List volumes as rows: name, driver, created.",
  input: {
    filters: z
      .record(z.string(), z.unknown())
      .nullish()
      .describe('dangling, name, label, driver, e.g. {"dangling":true} = used by no container.'),
    managed_only: z.boolean().default(false),
    detail: z.boolean().default(false),
  },
  async run(args, ctx) {
    const given = engineFilters(args.filters);
    const filters = args.managed_only ? withManagedFilter(given) : given;
    const result = await engineRequest<{ Volumes?: VolumeDoc[] | null; Warnings?: string[] | null }>(
      await ctx.docker(),
      { method: "GET", path: "/volumes", query: filters ? { filters } : {}, signal: ctx.signal },
    );
    const volumes = result.Volumes ?? [];
    if (args.detail) return volumes;
    const withLabels = hasLabelFilter(filters);
    return volumes.map((doc) => ({
      name: doc.Name,
      driver: doc.Driver,
      created: doc.CreatedAt,
      ...(isAnonymous(doc) ? { anonymous: true } : {}),
      ...(withLabels && doc.Labels ? { labels: doc.Labels } : {}),
    }));
  },
});

export const volumeRemove = defineTool({
  description: "Remove a volume and its data; refused while a container uses it.",
  input: { name, force: z.boolean().default(false).describe("Ignore a driver's removal error; not an in-use one.") },
  async run(args, ctx) {
    const docker = await ctx.docker();
    await onVolume(ctx, args.name, () =>
      engineRequest<unknown>(docker, {
        method: "DELETE",
        path: volumePath(args.name),
        query: { force: args.force },
        signal: ctx.signal,
      }),
    );
    return { removed: args.name };
  },
});

function truthy(value: unknown): boolean {
  const first = Array.isArray(value) ? value[0] : value;
  return first === true || (typeof first === "string" && /^(1|true|yes)$/i.test(first));
}

function apiAtLeast(version: string | undefined, major: number, minor: number): boolean {
  const [m, n] = (version ?? "0.0").split(".").map(Number);
  return (m ?? 0) > major || ((m ?? 0) === major && (n ?? 0) >= minor);
}

export const volumePrune = defineTool({
  description:
    'Remove volumes no container uses: only anonymous ones unless filters {"all": true}, on every API version.',
  input: {
    filters: z
      .record(z.string(), z.unknown())
      .nullish()
      .describe('label, and all=true to include named volumes, e.g. {"label":"stage=tmp","all":true}.'),
  },
  async run(args, ctx) {
    const { all, ...filters } = engineFilters(args.filters) ?? {};
    const includeNamed = truthy(all);
    const docker = await ctx.docker();
    const api = (await withSignals(docker).version({ abortSignal: ctx.signal })).ApiVersion;
    const scope = includeNamed ? "all unused volumes" : "unused anonymous volumes";
    if (includeNamed || apiAtLeast(api, 1, 42)) {
      const query = { ...filters, ...(includeNamed && apiAtLeast(api, 1, 42) ? { all: ["true"] } : {}) };
      const result = await engineRequest<{ VolumesDeleted?: string[] | null; SpaceReclaimed?: number }>(docker, {
        method: "POST",
        path: "/volumes/prune",
        query: Object.keys(query).length > 0 ? { filters: query } : {},
        signal: ctx.signal,
      });
      return {
        deleted: result.VolumesDeleted ?? [],
        space_reclaimed: result.SpaceReclaimed ?? 0,
        scope,
        api_version: api,
      };
    }
    // API < 1.42 prunes named volumes as well: remove only the anonymous unused ones, one by one.
    const listed = await engineRequest<{ Volumes?: VolumeDoc[] | null }>(docker, {
      method: "GET",
      path: "/volumes",
      query: { filters: { ...filters, dangling: ["true"] } },
      signal: ctx.signal,
    });
    const deleted: string[] = [];
    for (const doc of listed.Volumes ?? []) {
      if (!isAnonymous(doc)) continue;
      try {
        await engineRequest<unknown>(docker, { method: "DELETE", path: volumePath(doc.Name), signal: ctx.signal });
        deleted.push(doc.Name);
      } catch (err) {
        // Taken into use (409) or removed by someone else (404) since the list: not ours to delete any more.
        if (statusOf(err) !== 409 && statusOf(err) !== 404) throw err;
      }
    }
    return {
      deleted,
      space_reclaimed: null,
      scope,
      api_version: api,
      note: `API ${api} would prune named volumes too, so unused anonymous volumes were removed one by one (space not measured). Pass {"all": true} to prune named ones as well.`,
    };
  },
});

export const volumesDomain = defineDomain({
  name: "volumes",
  keywords: "create, list, inspect, remove",
  traits: ["managed_only"],
  docs: [sdkSection("volumes")],
  tools: {
    volume_create: mutating(volumeCreate),
    volume_inspect: readOnly(volumeInspect),
    volume_list: readOnly(volumeList),
    volume_prune: destructive(volumePrune, { idempotent: true }),
    volume_remove: destructive(volumeRemove),
  },
});
