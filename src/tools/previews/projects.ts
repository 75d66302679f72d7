// Previews of the project teardowns, read through the Engine API by the labels compose and stack put on their
// objects: compose_down / compose_kill by com.docker.compose.project, stack_remove by com.docker.stack.namespace.

import { CallerError } from "../../base/errors.js";
import { quote } from "../../base/quote.js";
import type { Preview, PreviewItem } from "../../contract/preview.js";
import type { ToolContext } from "../../contract/tool.js";
import { containerName, get, listContainers, plural } from "./read.js";

const COMPOSE_PROJECT = "com.docker.compose.project";
const STACK_NAMESPACE = "com.docker.stack.namespace";

/** The project name: as given, else the one compose resolves from the project's files (`config --format json`). */
async function composeProject(args: Record<string, unknown>, ctx: ToolContext): Promise<string> {
  if (typeof args.project_name === "string" && args.project_name) return args.project_name;
  const global: string[] = [];
  for (const file of (args.files as string[] | null | undefined) ?? []) global.push("-f", file);
  if (typeof args.env_file === "string" && args.env_file) global.push("--env-file", args.env_file);
  for (const profile of (args.profiles as string[] | null | undefined) ?? []) global.push("--profile", profile);
  const cwd = typeof args.project_dir === "string" && args.project_dir ? args.project_dir : undefined;
  const result = await ctx.cli.run(["compose", ...global, "config", "--format", "json"], {
    plugin: "compose",
    cwd,
    describe: "docker compose config (for the preview)",
  });
  let name: unknown;
  try {
    name = (JSON.parse(result.stdout) as { name?: unknown }).name;
  } catch {
    name = undefined;
  }
  if (typeof name !== "string" || !name) {
    throw new CallerError("Cannot tell which compose project this is for the preview; pass project_name.");
  }
  return name;
}

function byLabel(label: string, value: string) {
  return { filters: { label: [`${label}=${value}`] } };
}

interface NamedRow {
  Id?: string;
  ID?: string;
  Name?: string;
  Spec?: { Name?: string };
}

export async function composeDownPreview(args: Record<string, unknown>, ctx: ToolContext): Promise<Preview> {
  const project = await composeProject(args, ctx);
  const containers = await listContainers(ctx, byLabel(COMPOSE_PROJECT, project));
  const networks = (await get<NamedRow[] | null>(ctx, "/networks", byLabel(COMPOSE_PROJECT, project))) ?? [];
  const items: PreviewItem[] = [
    ...containers.map((row) => ({ kind: "container", id: row.Id, name: containerName(row), state: row.State ?? "?" })),
    ...networks.map((row) => ({ kind: "network", id: row.Id ?? "", name: row.Name ?? "?" })),
  ];
  let volumeCount = 0;
  if (args.volumes) {
    const listed = await get<{ Volumes?: Array<{ Name: string }> | null }>(
      ctx,
      "/volumes",
      byLabel(COMPOSE_PROJECT, project),
    );
    const anonymous = new Set<string>();
    for (const row of containers) {
      for (const mount of row.Mounts ?? [])
        if (mount.Type === "volume" && mount.Name && /^[0-9a-f]{64}$/.test(mount.Name)) anonymous.add(mount.Name);
    }
    const names = [...new Set([...(listed.Volumes ?? []).map((row) => row.Name), ...anonymous])];
    volumeCount = names.length;
    items.push(...names.map((name) => ({ kind: "volume", name, note: "its data is deleted" })));
  }
  return {
    summary:
      `Compose project ${quote(project)}: ${plural(containers.length, "container")} and ${plural(networks.length, "network")} would be removed` +
      (args.volumes ? `, and ${plural(volumeCount, "volume")} with their data.` : "; volumes stay."),
    items,
    notes: args.remove_orphans ? ["remove_orphans also removes containers of services no longer in the files."] : [],
  };
}

export async function composeKillPreview(args: Record<string, unknown>, ctx: ToolContext): Promise<Preview> {
  const project = await composeProject(args, ctx);
  const services = (args.services as string[] | null | undefined) ?? [];
  const running = (await listContainers(ctx, byLabel(COMPOSE_PROJECT, project))).filter(
    (row) =>
      row.State === "running" &&
      (services.length === 0 || services.includes(row.Labels?.["com.docker.compose.service"] ?? "")),
  );
  return {
    summary: `Compose project ${quote(project)}: ${plural(running.length, "running container")} would get ${String(args.signal ?? "SIGKILL")}.`,
    items: running.map((row) => ({ kind: "container", id: row.Id, name: containerName(row), state: row.State ?? "?" })),
  };
}

export async function stackRemovePreview(args: Record<string, unknown>, ctx: ToolContext): Promise<Preview> {
  const names = (args.names as string[] | null | undefined) ?? (typeof args.name === "string" ? [args.name] : []);
  const items: PreviewItem[] = [];
  for (const stack of names) {
    const query = byLabel(STACK_NAMESPACE, stack);
    const [services, networks, secrets, configs] = await Promise.all([
      get<NamedRow[] | null>(ctx, "/services", query),
      get<NamedRow[] | null>(ctx, "/networks", query),
      get<NamedRow[] | null>(ctx, "/secrets", query),
      get<NamedRow[] | null>(ctx, "/configs", query),
    ]);
    const add = (kind: string, rows: NamedRow[] | null) => {
      for (const row of rows ?? [])
        items.push({
          kind,
          id: row.ID ?? row.Id ?? "",
          name: row.Spec?.Name ?? row.Name ?? "?",
          note: `stack ${stack}`,
        });
    };
    add("service", services);
    add("network", networks);
    add("secret", secrets);
    add("config", configs);
  }
  const count = (kind: string) => items.filter((item) => item.kind === kind).length;
  return {
    summary: `Stack ${names.map((name) => quote(name)).join(", ")}: ${plural(count("service"), "service")}, ${plural(count("network"), "network")}, ${plural(count("secret"), "secret")} and ${plural(count("config"), "config")} would be removed.`,
    items,
  };
}
