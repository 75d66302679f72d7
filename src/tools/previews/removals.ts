// Previews of the single-object removals: the object (as the daemon names it), its size and state, and what uses
// it, so "in use" is visible before force=true is agreed to. Read by inspect and list calls only.

import { decimalBytes } from "../../base/display.js";
import type { Preview, PreviewItem } from "../../contract/preview.js";
import type { ToolContext } from "../../contract/tool.js";
import { containerName, get, listContainers, plural } from "./read.js";

const seg = (value: unknown) => encodeURIComponent(String(value));

interface ContainerDoc {
  Id: string;
  Name?: string;
  State?: { Status?: string };
  SizeRw?: number;
  Mounts?: Array<{ Type?: string; Name?: string; Destination?: string }> | null;
}

export async function containerRemovePreview(args: Record<string, unknown>, ctx: ToolContext): Promise<Preview> {
  if (args.link) {
    return { summary: `The legacy link ${String(args.id_or_name)} would be removed; the containers stay.`, items: [] };
  }
  const doc = await get<ContainerDoc>(ctx, `/containers/${seg(args.id_or_name)}/json`, { size: true });
  const status = doc.State?.Status ?? "?";
  const anonymous = (doc.Mounts ?? []).filter(
    (mount) => mount.Type === "volume" && /^[0-9a-f]{64}$/.test(mount.Name ?? ""),
  );
  const items: PreviewItem[] = [
    {
      kind: "container",
      id: doc.Id,
      name: (doc.Name ?? "").replace(/^\//, ""),
      state: status,
      ...(doc.SizeRw !== undefined ? { size: doc.SizeRw } : {}),
      ...(status === "running" || status === "paused"
        ? { note: args.force ? "killed first (force)" : "running: refused without force" }
        : {}),
    },
  ];
  if (args.volumes) {
    for (const mount of anonymous)
      items.push({ kind: "volume", name: mount.Name as string, note: `anonymous, mounted at ${mount.Destination}` });
  }
  return {
    summary: `Container ${items[0]?.name} (${status}) would be removed${args.volumes && anonymous.length > 0 ? ` with ${plural(anonymous.length, "anonymous volume")}` : ""}.`,
    items,
  };
}

export async function containerKillPreview(args: Record<string, unknown>, ctx: ToolContext): Promise<Preview> {
  const doc = await get<ContainerDoc>(ctx, `/containers/${seg(args.id_or_name)}/json`);
  const name = (doc.Name ?? "").replace(/^\//, "");
  return {
    summary: `Container ${name} (${doc.State?.Status ?? "?"}) would get ${String(args.signal ?? "SIGKILL")}; unsaved work in it is lost.`,
    items: [{ kind: "container", id: doc.Id, name, state: doc.State?.Status ?? "?" }],
  };
}

interface ImageDoc {
  Id: string;
  RepoTags?: string[] | null;
  Size?: number;
}

export async function imageRemovePreview(args: Record<string, unknown>, ctx: ToolContext): Promise<Preview> {
  const doc = await get<ImageDoc>(ctx, `/images/${seg(args.id_or_name)}/json`);
  const users = (await listContainers(ctx)).filter((row) => row.ImageID === doc.Id).map(containerName);
  const tags = doc.RepoTags ?? [];
  const untagOnly =
    tags.length > 1 && !args.force && String(args.id_or_name) !== doc.Id && !doc.Id.startsWith(String(args.id_or_name));
  return {
    summary: untagOnly
      ? `Tag ${String(args.id_or_name)} would be removed; the image keeps its other tags.`
      : `Image ${tags.join(", ") || doc.Id.slice(7, 19)} (${decimalBytes(doc.Size ?? 0)}) would be removed${users.length > 0 ? (args.force ? "; containers using it keep running on it" : "; refused while containers use it unless force") : ""}.`,
    items: [
      {
        kind: "image",
        id: doc.Id,
        name: tags.join(", ") || "<none>",
        ...(doc.Size !== undefined ? { size: doc.Size } : {}),
        ...(users.length > 0 ? { in_use: users } : {}),
      },
    ],
  };
}

export async function volumeRemovePreview(args: Record<string, unknown>, ctx: ToolContext): Promise<Preview> {
  const doc = await get<{ Name: string; Driver?: string; UsageData?: { Size?: number } | null }>(
    ctx,
    `/volumes/${seg(args.name)}`,
  );
  const users = (await listContainers(ctx, { filters: { volume: [doc.Name] } })).map(containerName);
  const size = doc.UsageData?.Size;
  return {
    summary: `Volume ${doc.Name} would be removed with its data${users.length > 0 ? "; refused while containers use it" : ""}.`,
    items: [
      {
        kind: "volume",
        name: doc.Name,
        ...(size !== undefined && size >= 0 ? { size } : {}),
        ...(users.length > 0 ? { in_use: users } : {}),
      },
    ],
  };
}

export async function networkRemovePreview(args: Record<string, unknown>, ctx: ToolContext): Promise<Preview> {
  const doc = await get<{
    Id: string;
    Name: string;
    Driver?: string;
    Containers?: Record<string, { Name?: string }> | null;
  }>(ctx, `/networks/${seg(args.id_or_name)}`);
  const users = Object.values(doc.Containers ?? {}).map((entry) => entry.Name ?? "?");
  return {
    summary: `Network ${doc.Name} (${doc.Driver ?? "?"}) would be removed${users.length > 0 ? "; refused while containers are attached" : ""}.`,
    items: [{ kind: "network", id: doc.Id, name: doc.Name, ...(users.length > 0 ? { in_use: users } : {}) }],
  };
}
