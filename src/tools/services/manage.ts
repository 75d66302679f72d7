// Changing services: create (provenance-labelled), update (merged over the current spec, or forced), scale,
// rollback, remove. Each returns a short confirmation, not the whole document.

import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { refParam } from "../../contract/params.js";
import { defineTool, type ToolContext } from "../../contract/tool.js";
import { MANAGED_LABEL } from "../../engine/labels.js";
import { argv } from "../../engine/option-values.js";
import {
  declaredReplicas,
  inspectService,
  type ServiceDoc,
  type ServiceSpec,
  serviceMode,
} from "../../engine/services.js";
import { type Explain, notFound, objectPath, SwarmApi } from "../../engine/swarm.js";
import { applyOptions, type Resolver } from "./spec.js";

type Json = Record<string, unknown>;

export const serviceRef = refParam();

function resolver(api: SwarmApi): Resolver {
  return async (kind, ref) => {
    const doc = await api.get<{ ID: string; Spec?: { Name?: string } }>(
      objectPath(kind, ref),
      undefined,
      notFound(kind, ref, api.host),
    );
    return { ID: doc.ID, Name: doc.Spec?.Name ?? ref };
  };
}

/** Refusals of create/update that a caller can act on; the daemon's own words are kept. */
const specRefusal: Explain = (status, message) => {
  if (status === 409) return `${message}. Nothing was created; choose another name or remove the old service first.`;
  if (/out of sequence/i.test(message)) return "The service changed while this update was sent; run the update again.";
  if (status === 400 && message) return `The daemon refused the service spec: ${message}. Nothing was changed.`;
  return undefined;
};

function brief(doc: ServiceDoc): Json {
  return {
    id: doc.ID,
    name: doc.Spec.Name ?? null,
    mode: serviceMode(doc.Spec),
    ...(declaredReplicas(doc.Spec) !== null ? { replicas: declaredReplicas(doc.Spec) } : {}),
    image: doc.Spec.TaskTemplate?.ContainerSpec?.Image ?? null,
  };
}

function withWarnings(result: Json, warnings: string[] | null | undefined): Json {
  return warnings?.length ? { ...result, warnings } : result;
}

async function submitUpdate(api: SwarmApi, current: ServiceDoc, spec: ServiceSpec, query: Json = {}) {
  const response = await api.post<{ Warnings?: string[] | null }>(
    `/services/${current.ID}/update`,
    spec,
    { version: current.Version.Index, ...query },
    specRefusal,
  );
  return { after: await inspectService(api, current.ID), warnings: response?.Warnings };
}

export const serviceCreate = defineTool({
  description: "Create a swarm service: {id, name, mode, replicas, image}.",
  input: {
    image: z.string().min(1),
    command: z.union([z.string(), z.array(z.string())]).nullish(),
    extra_kwargs: z
      .record(z.string(), z.unknown())
      .nullish()
      .describe(
        'Options: name, replicas, mode ("global"), env, mounts ["src:dst[:ro]"], networks, endpoint_spec, constraints ["node.role==worker"], resources, restart_policy, update_config, rollback_config, secrets/configs (names), labels, container_labels, healthcheck, args, user, workdir, hosts, …',
      ),
  },
  async run(args, ctx) {
    const options = { ...(args.extra_kwargs ?? {}) };
    const api = await SwarmApi.of(ctx);
    const base: ServiceSpec = {
      TaskTemplate: {
        ContainerSpec: { Image: args.image, ...(args.command ? { Command: argv(args.command, "command") } : {}) },
      },
    };
    const spec = await applyOptions(base, options, resolver(api));
    const labels = ctx.labels(spec.Labels);
    if (labels) spec.Labels = labels;
    const created = await api.post<{ ID: string; Warnings?: string[] | null }>(
      "/services/create",
      spec,
      undefined,
      specRefusal,
    );
    return withWarnings(brief(await inspectService(api, created.ID)), created.Warnings);
  },
});

/** The provenance keys (docker-mcp-server.managed, .tool, …) survive a caller replacing the service's labels. */
const PROVENANCE_PREFIX = MANAGED_LABEL.slice(0, MANAGED_LABEL.lastIndexOf(".") + 1);

function keepProvenance(current: ServiceSpec, next: ServiceSpec): void {
  const kept = Object.entries(current.Labels ?? {}).filter(([key]) => key.startsWith(PROVENANCE_PREFIX));
  if (kept.length > 0) next.Labels = { ...Object.fromEntries(kept), ...(next.Labels ?? {}) };
}

export const serviceUpdate = defineTool({
  description:
    "Change a service: either `updates` (service_create's options) merged over its spec, or force=true to redeploy every task unchanged.",
  input: {
    id_or_name: serviceRef,
    updates: z.record(z.string(), z.unknown()).nullish().describe('e.g. {"image":"app:2","env":["A=1"]}.'),
    force: z.boolean().default(false),
  },
  async run(args, ctx) {
    if ((args.updates == null) === !args.force) {
      throw new CallerError(
        "Pass exactly one of updates (the fields to change) or force=true (recreate every task unchanged).",
      );
    }
    const api = await SwarmApi.of(ctx);
    const current = await inspectService(api, args.id_or_name);
    let spec: ServiceSpec;
    let updated: string[];
    if (args.force) {
      const forceUpdate = (current.Spec.TaskTemplate?.ForceUpdate ?? 0) + 1;
      spec = { ...current.Spec, TaskTemplate: { ...current.Spec.TaskTemplate, ForceUpdate: forceUpdate } };
      updated = ["force"];
    } else {
      const { fetch_current_spec: fetchCurrent, ...options } = args.updates as Json;
      const image = current.Spec.TaskTemplate?.ContainerSpec?.Image;
      const base: ServiceSpec =
        fetchCurrent === false
          ? { Name: current.Spec.Name, TaskTemplate: { ContainerSpec: { ...(image ? { Image: image } : {}) } } }
          : current.Spec;
      spec = await applyOptions(base, options, resolver(api));
      if (options.labels !== undefined) keepProvenance(current.Spec, spec);
      updated = Object.keys(options);
    }
    const { after, warnings } = await submitUpdate(api, current, spec);
    return withWarnings({ ...brief(after), updated, version: after.Version.Index }, warnings);
  },
});

async function replicated(ctx: ToolContext, ref: string): Promise<{ api: SwarmApi; current: ServiceDoc }> {
  const api = await SwarmApi.of(ctx);
  const current = await inspectService(api, ref);
  const mode = serviceMode(current.Spec);
  if (mode !== "replicated") {
    throw new CallerError(
      `Cannot scale a ${mode ?? "non-replicated"} service: '${current.Spec.Name}' ${mode === "global" ? "runs one task per eligible node" : "is not replicated"}. Change its nodes (constraints, node_update availability) instead.`,
    );
  }
  return { api, current };
}

export const serviceScale = defineTool({
  description: "Set a replicated service's replica count (returns once accepted).",
  input: { id_or_name: serviceRef, replicas: z.number().int().min(0) },
  async run(args, ctx) {
    const { api, current } = await replicated(ctx, args.id_or_name);
    const spec = { ...structuredClone(current.Spec), Mode: { Replicated: { Replicas: args.replicas } } };
    const { after, warnings } = await submitUpdate(api, current, spec);
    return withWarnings({ ...brief(after), previous_replicas: declaredReplicas(current.Spec) }, warnings);
  },
});

export const serviceRollback = defineTool({
  description: "Roll a service back to its previous spec.",
  input: { id_or_name: serviceRef },
  async run(args, ctx) {
    const api = await SwarmApi.of(ctx);
    const current = await inspectService(api, args.id_or_name);
    if (!current.PreviousSpec || Object.keys(current.PreviousSpec).length === 0) {
      throw new CallerError(
        `Service '${current.Spec.Name}' has no PreviousSpec (it was never updated): there is nothing to roll back to.`,
      );
    }
    const { after, warnings } = await submitUpdate(api, current, current.Spec, { rollback: "previous" });
    return withWarnings({ ...brief(after), rolled_back: true, version: after.Version.Index }, warnings);
  },
});

export const serviceRemove = defineTool({
  description: "Remove a service and its tasks (no undo).",
  input: { id_or_name: serviceRef },
  async run(args, ctx) {
    const api = await SwarmApi.of(ctx);
    await api.delete(objectPath("service", args.id_or_name), undefined, notFound("service", args.id_or_name, api.host));
    return { removed: args.id_or_name };
  },
});
