// Previews of the swarm-family and plugin removals: the object and what depends on it (services using a secret or
// config, the tasks of a service, the node's role), read through the Engine API.

import type { Preview } from "../../contract/preview.js";
import type { ToolContext } from "../../contract/tool.js";
import { get, plural } from "./read.js";

const seg = (value: unknown) => encodeURIComponent(String(value));

interface ServiceDoc {
  ID: string;
  Spec?: {
    Name?: string;
    Mode?: { Replicated?: { Replicas?: number }; Global?: object };
    TaskTemplate?: {
      ContainerSpec?: {
        Secrets?: Array<{ SecretID?: string; SecretName?: string }> | null;
        Configs?: Array<{ ConfigID?: string; ConfigName?: string }> | null;
      };
    };
  };
}

export async function serviceRemovePreview(args: Record<string, unknown>, ctx: ToolContext): Promise<Preview> {
  const doc = await get<ServiceDoc>(ctx, `/services/${seg(args.id_or_name)}`);
  const tasks =
    (await get<Array<{ Status?: { State?: string } }> | null>(ctx, "/tasks", {
      filters: { service: [doc.ID], "desired-state": ["running"] },
    })) ?? [];
  const mode = doc.Spec?.Mode?.Global ? "global" : `${doc.Spec?.Mode?.Replicated?.Replicas ?? "?"} replicas`;
  return {
    summary: `Service ${doc.Spec?.Name} (${mode}) would be removed with its ${plural(tasks.length, "running task")}.`,
    items: [{ kind: "service", id: doc.ID, name: doc.Spec?.Name ?? "?", state: mode }],
  };
}

async function swarmData(kind: "secret" | "config", args: Record<string, unknown>, ctx: ToolContext): Promise<Preview> {
  const doc = await get<{ ID: string; Spec?: { Name?: string } }>(ctx, `/${kind}s/${seg(args.id_or_name)}`);
  const services = (await get<ServiceDoc[] | null>(ctx, "/services")) ?? [];
  const users = services
    .filter((service) => {
      const spec = service.Spec?.TaskTemplate?.ContainerSpec;
      const refs =
        kind === "secret"
          ? (spec?.Secrets ?? []).map((ref) => ref.SecretID)
          : (spec?.Configs ?? []).map((ref) => ref.ConfigID);
      return refs.includes(doc.ID);
    })
    .map((service) => service.Spec?.Name ?? service.ID);
  return {
    summary: `${kind === "secret" ? "Secret" : "Config"} ${doc.Spec?.Name} would be removed${users.length > 0 ? "; refused while services use it" : ""}.`,
    items: [{ kind, id: doc.ID, name: doc.Spec?.Name ?? "?", ...(users.length > 0 ? { in_use: users } : {}) }],
  };
}

export const secretRemovePreview = (args: Record<string, unknown>, ctx: ToolContext) => swarmData("secret", args, ctx);
export const configRemovePreview = (args: Record<string, unknown>, ctx: ToolContext) => swarmData("config", args, ctx);

export async function nodeRemovePreview(args: Record<string, unknown>, ctx: ToolContext): Promise<Preview> {
  const doc = await get<{
    ID: string;
    Description?: { Hostname?: string };
    Spec?: { Role?: string };
    Status?: { State?: string };
  }>(ctx, `/nodes/${seg(args.id_or_name)}`);
  const name = doc.Description?.Hostname ?? doc.ID;
  return {
    summary: `Node ${name} (${doc.Spec?.Role ?? "?"}, ${doc.Status?.State ?? "?"}) would leave the swarm's node list; its tasks are rescheduled elsewhere.`,
    items: [{ kind: "node", id: doc.ID, name, state: `${doc.Spec?.Role ?? "?"}, ${doc.Status?.State ?? "?"}` }],
  };
}

export async function swarmLeavePreview(args: Record<string, unknown>, ctx: ToolContext): Promise<Preview> {
  const info = await get<{
    Swarm?: { NodeID?: string; LocalNodeState?: string; ControlAvailable?: boolean; Managers?: number; Nodes?: number };
  }>(ctx, "/info");
  const swarm = info.Swarm ?? {};
  const role = swarm.ControlAvailable ? "manager" : "worker";
  return {
    summary: `This daemon (${role}, swarm state ${swarm.LocalNodeState ?? "?"}) would leave the swarm${swarm.ControlAvailable ? `; the swarm has ${plural(swarm.Managers ?? 0, "manager")} and ${plural(swarm.Nodes ?? 0, "node")}, and the last manager leaving ends it` : ""}.`,
    items: [{ kind: "node", id: swarm.NodeID ?? "", name: ctx.host.label, state: role }],
    ...(args.force ? { notes: ["force: leaves even when that breaks the swarm's quorum."] } : {}),
  };
}

export async function pluginRemovePreview(args: Record<string, unknown>, ctx: ToolContext): Promise<Preview> {
  const doc = await get<{ Id?: string; Name?: string; Enabled?: boolean }>(ctx, `/plugins/${seg(args.name)}/json`);
  return {
    summary: `Plugin ${doc.Name} (${doc.Enabled ? "enabled" : "disabled"}) would be removed${doc.Enabled && !args.force ? "; refused while enabled unless force" : ""}.`,
    items: [{ kind: "plugin", id: doc.Id ?? "", name: doc.Name ?? "?", state: doc.Enabled ? "enabled" : "disabled" }],
  };
}
