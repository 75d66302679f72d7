// buildx builders, history and cache: ls, inspect, create, use, rm; history ls / inspect; du, prune.

import { z } from "zod";
import { CliError } from "../../cli/errors.js";
import { filterFlags } from "../../cli/filters.js";
import { positional } from "../../cli/guard.js";
import { parseNdjson } from "../../cli/parse.js";
import { actionResult, commandFailed } from "../../cli/results.js";
import type { CliResult } from "../../cli/runner.js";
import { flag, timeoutParam } from "../../contract/params.js";
import { defineTool, type ToolContext } from "../../contract/tool.js";
import { builderName, buildx } from "./run.js";

type Row = Record<string, unknown>;

function optional(flag: string, value: string | null | undefined): string[] {
  return value === null || value === undefined ? [] : [flag, value];
}

export const buildxList = defineTool({
  description: "docker buildx ls.",
  input: {},
  async run(_args, ctx) {
    const [listed, current] = await Promise.all([
      buildx(ctx, ["ls", "--format", "{{json .}}"], {}),
      buildx(ctx, ["inspect"], {}),
    ]);
    if (listed.returncode !== 0) throw commandFailed("docker buildx ls", listed);
    const currentName = /^Name:\s+(\S+)/m.exec(current.stdout)?.[1];
    const seen = new Set<string>();
    const rows: Row[] = [];
    // buildx 0.13 prints each builder twice with a Go template.
    for (const raw of parseNdjson(listed.stdout, listed.truncated, "buildx ls output")) {
      const row = raw as Row;
      const name = String(row.Name);
      if (seen.has(name)) continue;
      seen.add(name);
      const nodes = Array.isArray(row.Nodes) ? (row.Nodes as Row[]) : [];
      rows.push({
        name,
        driver: row.Driver,
        current: typeof row.Current === "boolean" ? row.Current : name === currentName,
        nodes: nodes.map((node) => ({
          name: node.Name,
          endpoint: node.Endpoint,
          status: node.Status,
          ...(node.Version ? { buildkit: node.Version } : {}),
          ...(Array.isArray(node.Platforms) ? { platforms: node.Platforms } : {}),
          ...(node.Err ? { error: node.Err } : {}),
        })),
      });
    }
    return rows;
  },
});

/** `docker buildx history` appeared after buildx 0.13; on older releases the CLI prints its usage or rejects flags. */
async function historyUnavailable(ctx: ToolContext, result: CliResult): Promise<CliError | undefined> {
  const text = `${result.stderr}\n${result.stdout}`;
  if (!/unknown (flag|command)|Usage:\s+docker buildx \[OPTIONS\] COMMAND/.test(text)) return undefined;
  const version = (await buildx(ctx, ["version"], {}).catch(() => undefined))?.stdout.trim() || "unknown version";
  return new CliError(
    `This buildx (${version}) has no \`history\` command; build history needs a newer buildx (Docker Desktop, or docker-buildx-plugin from Docker's repository).`,
  );
}

const HISTORY_ENV = { BUILDX_EXPERIMENTAL: "1" };

export const buildxHistoryList = defineTool({
  description: "docker buildx history ls.",
  input: { builder: builderName.nullish() },
  async run(args, ctx) {
    const argv = ["history", "ls", "--format", "{{json .}}"];
    if (args.builder) argv.push("--builder", positional("builder", args.builder));
    const result = await buildx(ctx, argv, { env: HISTORY_ENV });
    if (result.returncode !== 0)
      throw (await historyUnavailable(ctx, result)) ?? commandFailed("docker buildx history ls", result);
    return parseNdjson(result.stdout, result.truncated, "buildx history ls output");
  },
});

export const buildxHistoryInspect = defineTool({
  description: "docker buildx history inspect (ref default: the latest).",
  input: { ref: z.string().default(""), builder: builderName.nullish() },
  async run(args, ctx) {
    let ref = args.ref;
    let builder = args.builder ?? undefined;
    // `<builder>/<node>/<id>` as history ls prints it: the id, and the builder unless one was named.
    const parts = ref.split("/");
    if (parts.length >= 3) {
      ref = parts.at(-1) ?? "";
      builder ??= parts[0] || undefined;
    }
    const argv = ["history", "inspect", "--format", "json"];
    if (builder) argv.push("--builder", positional("builder", builder));
    if (ref) argv.push(positional("ref", ref));
    const result = await buildx(ctx, argv, { env: HISTORY_ENV });
    if (result.returncode !== 0) {
      throw (await historyUnavailable(ctx, result)) ?? commandFailed("docker buildx history inspect", result);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(result.stdout);
    } catch {
      throw new CliError("Could not parse buildx history inspect output as JSON.");
    }
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : { raw: result.stdout };
  },
});

export const buildxInspect = defineTool({
  description: "docker buildx inspect.",
  input: { name: builderName.nullish(), bootstrap: flag() },
  async run(args, ctx) {
    const argv = ["inspect"];
    if (args.bootstrap) argv.push("--bootstrap");
    if (args.name) argv.push(positional("name", args.name));
    return actionResult(await buildx(ctx, argv, {}), { product: true });
  },
});

const CACHE_KEYS: Record<string, string> = {
  ID: "id",
  "Created at": "created_at",
  CreatedAt: "created_at",
  Mutable: "mutable",
  Reclaimable: "reclaimable",
  Shared: "shared",
  Size: "size",
  Description: "description",
  "Usage count": "usage_count",
  UsageCount: "usage_count",
  "Last used": "last_used",
  LastUsedAt: "last_used",
  Type: "type",
  Parent: "parents",
  Parents: "parents",
  InUse: "in_use",
};

function normalise(row: Row): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    const name = CACHE_KEYS[key] ?? key.toLowerCase().replace(/\s+/g, "_");
    out[name] = value === "true" ? true : value === "false" ? false : value;
  }
  return out;
}

/** `du --verbose` (buildx without --format): blocks of `Key:<tabs>value` lines, then a Reclaimable/Total summary. */
export function parseVerboseDu(text: string): { records: Row[]; summary: Row } {
  const records: Row[] = [];
  const summary: Row = {};
  for (const block of text.split(/\n\s*\n/)) {
    const fields: Row = {};
    for (const line of block.split("\n")) {
      const match = /^([A-Za-z][A-Za-z ()]*?):\s+(.*)$/.exec(line.trim());
      if (match) fields[match[1] as string] = (match[2] as string).trim();
    }
    if (fields.ID !== undefined) records.push(normalise(fields));
    else {
      if (fields.Reclaimable !== undefined) summary.reclaimable = fields.Reclaimable;
      if (fields.Total !== undefined) summary.total = fields.Total;
    }
  }
  return { records, summary };
}

export const buildxDu = defineTool({
  description: "docker buildx du: build cache records.",
  input: { builder: builderName.nullish() },
  async run(args, ctx) {
    const builder = optional("--builder", args.builder);
    const json = await buildx(ctx, ["du", "--format", "{{json .}}", ...builder], {});
    if (json.returncode === 0) {
      return { records: parseNdjson(json.stdout, json.truncated, "buildx du output").map((r) => normalise(r as Row)) };
    }
    if (!/unknown flag: --format/.test(json.stderr)) throw commandFailed("docker buildx du", json);
    // buildx without `du --format` (0.13): its verbose listing has every field, one `Key: value` per line.
    const verbose = await buildx(ctx, ["du", "--verbose", ...builder], {});
    if (verbose.returncode !== 0) throw commandFailed("docker buildx du", verbose);
    const { records, summary } = parseVerboseDu(verbose.stdout);
    return { records, ...summary, ...(verbose.truncated ? { truncated: true } : {}) };
  },
});

export const buildxPrune = defineTool({
  description: 'docker buildx prune --force; filters e.g. {"until":"24h"}.',
  input: {
    all: flag(),
    filters: z.record(z.string(), z.unknown()).nullish(),
    reserved_space: z.string().nullish(),
    max_used_space: z.string().nullish(),
    min_free_space: z.string().nullish(),
    builder: builderName.nullish(),
    timeout_seconds: timeoutParam(600),
  },
  async run(args, ctx) {
    const argv = ["prune", "--force"];
    if (args.all) argv.push("--all");
    argv.push(...filterFlags(args.filters));
    argv.push(
      ...optional("--reserved-space", args.reserved_space),
      ...optional("--max-used-space", args.max_used_space),
    );
    argv.push(...optional("--min-free-space", args.min_free_space), ...optional("--builder", args.builder));
    const result = await buildx(ctx, argv, { timeoutSeconds: args.timeout_seconds });
    const reclaimed = /Total:\s+(\S+)/.exec(result.stdout)?.[1];
    return { ...actionResult(result), ...(reclaimed ? { reclaimed } : {}) };
  },
});

export const buildxCreate = defineTool({
  description: "docker buildx create.",
  input: {
    name: builderName.nullish(),
    driver: z.string().nullish(),
    driver_opts: z.record(z.string(), z.string()).nullish(),
    use: flag(),
    bootstrap: flag(),
    platforms: z.array(z.string()).nullish(),
    config: z.string().nullish(),
    node_name: z.string().nullish(),
    append: flag(),
  },
  async run(args, ctx) {
    const argv = ["create", ...optional("--driver", args.driver)];
    for (const [key, value] of Object.entries(args.driver_opts ?? {})) argv.push("--driver-opt", `${key}=${value}`);
    if (args.use) argv.push("--use");
    if (args.bootstrap) argv.push("--bootstrap");
    if (args.platforms && args.platforms.length > 0) argv.push("--platform", args.platforms.join(","));
    argv.push(...optional("--config", args.config), ...optional("--node", args.node_name));
    if (args.append) argv.push("--append");
    argv.push(...optional("--name", args.name));
    const result = await buildx(ctx, argv, {});
    const created = result.returncode === 0 ? result.stdout.trim().split("\n").at(-1) : undefined;
    return { ...actionResult(result), ...(created ? { builder: created } : {}) };
  },
});

export const buildxUse = defineTool({
  description: "docker buildx use.",
  input: {
    name: builderName,
    default: flag(),
    global_default: flag(),
  },
  async run(args, ctx) {
    const argv = ["use"];
    if (args.default) argv.push("--default");
    if (args.global_default) argv.push("--global");
    argv.push(positional("name", args.name));
    return actionResult(await buildx(ctx, argv, {}));
  },
});

export const buildxRemove = defineTool({
  description: "docker buildx rm.",
  input: {
    name: builderName.nullish(),
    all_inactive: flag(),
    keep_state: flag(),
    keep_daemon: flag(),
    force: flag(),
  },
  async run(args, ctx) {
    if (!args.name && !args.all_inactive) throw new CliError("Pass `name` or `all_inactive=True`.");
    if (args.name && args.all_inactive) throw new CliError("name and all_inactive are mutually exclusive.");
    const argv = ["rm"];
    if (args.all_inactive) argv.push("--all-inactive");
    if (args.keep_state) argv.push("--keep-state");
    if (args.keep_daemon) argv.push("--keep-daemon");
    if (args.force) argv.push("--force");
    if (args.name) argv.push(positional("name", args.name));
    return actionResult(await buildx(ctx, argv, {}));
  },
});
