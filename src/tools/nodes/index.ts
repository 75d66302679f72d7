// Domain `nodes`: inspect, list (compact `docker node ls` rows), update (merged; the version index is
// read for the caller), remove, wait.

import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { defineDomain, destructive, mutating, readOnly } from "../../contract/domain.js";
import { fieldsParam, flag, refParam } from "../../contract/params.js";
import { defineTool } from "../../contract/tool.js";
import { sdkSection } from "../../docs/sections.js";
import { engineFilters } from "../../engine/filters.js";
import { inspectAnswer } from "../../engine/inspect-shape.js";
import { checkPollOptions, pollUntil } from "../../engine/poll.js";
import { explainAll, notFound, objectPath, SwarmApi } from "../../engine/swarm.js";

const ref = refParam("Node id or hostname.");

interface NodeDoc {
  ID: string;
  Version: { Index: number };
  Spec: { Name?: string; Labels?: Record<string, string> | null; Role?: string; Availability?: string };
  Description?: { Hostname?: string; Engine?: { EngineVersion?: string } };
  Status?: { State?: string; Message?: string; Addr?: string };
  ManagerStatus?: { Leader?: boolean; Reachability?: string; Addr?: string } | null;
}

async function inspectNode(api: SwarmApi, id: string): Promise<NodeDoc> {
  return await api.get<NodeDoc>(objectPath("node", id), undefined, notFound("node", id, api.host));
}

function managerStatus(doc: NodeDoc): string | null {
  if (!doc.ManagerStatus) return null;
  return doc.ManagerStatus.Leader ? "Leader" : (doc.ManagerStatus.Reachability ?? null);
}

/** The `docker node ls` columns plus the full id and address; labels only when the caller filtered on them. */
function nodeRow(doc: NodeDoc, withLabels: boolean): Record<string, unknown> {
  return {
    id: doc.ID,
    hostname: doc.Description?.Hostname ?? null,
    role: doc.Spec.Role ?? null,
    availability: doc.Spec.Availability ?? null,
    status: doc.Status?.State ?? null,
    manager_status: managerStatus(doc),
    engine_version: doc.Description?.Engine?.EngineVersion ?? null,
    addr: doc.Status?.Addr ?? null,
    ...(withLabels ? { labels: doc.Spec.Labels ?? {} } : {}),
  };
}

export const nodeInspect = defineTool({
  description: "A node's document (Spec, Status, ManagerStatus, Description) without null, empty or default fields.",
  input: { id_or_name: ref, fields: fieldsParam(["Status.State"]), detail: flag() },
  async run(args, ctx) {
    return inspectAnswer(await inspectNode(await SwarmApi.of(ctx), args.id_or_name), args);
  },
});

export const nodeList = defineTool({
  description: "List nodes as rows: id, hostname, role, availability, status, manager_status, engine_version.",
  input: {
    filters: z.record(z.string(), z.unknown()).nullish().describe("id, name, role, membership, node.label."),
    detail: z.boolean().default(false),
  },
  async run(args, ctx) {
    const filters = engineFilters(args.filters);
    const docs = await (await SwarmApi.of(ctx)).get<NodeDoc[]>("/nodes", filters ? { filters } : undefined);
    if (args.detail) return docs;
    const withLabels = Boolean(filters?.["node.label"]?.length || filters?.label?.length);
    return docs.map((doc) => nodeRow(doc, withLabels));
  },
});

export const nodeUpdate = defineTool({
  description: "Change a node's availability, role or labels (merged; null removes one).",
  input: {
    id_or_name: ref,
    availability: z.enum(["active", "pause", "drain"]).nullish(),
    role: z.enum(["worker", "manager"]).nullish(),
    labels: z.record(z.string(), z.string().nullable()).nullish(),
  },
  async run(args, ctx) {
    if (!args.availability && !args.role && !args.labels) {
      throw new CallerError("Nothing to update: pass availability, role or labels.");
    }
    const api = await SwarmApi.of(ctx);
    const doc = await inspectNode(api, args.id_or_name);
    const labels: Record<string, string> = { ...(doc.Spec.Labels ?? {}) };
    for (const [key, value] of Object.entries(args.labels ?? {})) {
      if (value === null) delete labels[key];
      else labels[key] = value;
    }
    const spec = {
      ...doc.Spec,
      Labels: labels,
      ...(args.availability ? { Availability: args.availability } : {}),
      ...(args.role ? { Role: args.role } : {}),
    };
    await api.post<unknown>(`/nodes/${doc.ID}/update`, spec, { version: doc.Version.Index }, (_status, message) =>
      /demote|last manager|quorum/i.test(message) ? `${message}. Nothing was changed.` : undefined,
    );
    return nodeRow(await inspectNode(api, doc.ID), true);
  },
});

export const nodeRemove = defineTool({
  description: "Remove a node from the swarm (one still up needs force=true; demote a manager first).",
  input: { id_or_name: ref, force: z.boolean().default(false) },
  async run(args, ctx) {
    const api = await SwarmApi.of(ctx);
    const doc = await inspectNode(api, args.id_or_name);
    const name = doc.Description?.Hostname ?? doc.ID;
    await api.delete(
      `/nodes/${doc.ID}`,
      { force: args.force },
      explainAll(notFound("node", args.id_or_name, api.host), (_status, message) => {
        if (/is not down/i.test(message)) {
          return `Node '${name}' is still ${doc.Status?.State ?? "up"}: leave the swarm on that daemon first (then node_wait until="down"), or pass force=true.`;
        }
        if (/manager/i.test(message)) {
          return `Node '${name}' is a manager: demote it first (node_update role="worker").`;
        }
        return undefined;
      }),
    );
    return { removed: doc.ID, hostname: name };
  },
});

export const nodeWait = defineTool({
  description: "Wait until a node's status is `until` (ready by default).",
  input: {
    id_or_name: ref,
    until: z.enum(["ready", "down", "disconnected", "unknown"]).default("ready"),
    timeout_seconds: z.number().default(300),
    poll_interval: z.number().default(2),
  },
  async run(args, ctx) {
    checkPollOptions(args.timeout_seconds, args.poll_interval);
    const api = await SwarmApi.of(ctx);
    const outcome = await pollUntil(
      { timeoutSeconds: args.timeout_seconds, intervalSeconds: args.poll_interval, signal: ctx.signal },
      async () => {
        const doc = await inspectNode(api, args.id_or_name);
        return { verdict: doc.Status?.State === args.until ? "met" : "wait", value: doc };
      },
    );
    return {
      node: args.id_or_name,
      until: args.until,
      met: outcome.met,
      timed_out: outcome.timed_out,
      state: outcome.last.Status?.State ?? null,
      availability: outcome.last.Spec.Availability ?? null,
      waited_seconds: outcome.waited_seconds,
    };
  },
});

export const nodesDomain = defineDomain({
  name: "nodes",
  keywords: "Swarm nodes: list, inspect, update, remove; needs a manager node",
  traits: ["swarm"],
  docs: [sdkSection("nodes")],
  tools: {
    node_inspect: readOnly(nodeInspect),
    node_list: readOnly(nodeList),
    node_update: mutating(nodeUpdate),
    node_remove: destructive(nodeRemove),
    node_wait: readOnly(nodeWait),
  },
});
