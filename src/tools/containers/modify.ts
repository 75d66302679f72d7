// Changing a container in place: rename, update (resources and restart policy), commit to an image.

import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { quote } from "../../base/quote.js";
import { defineTool } from "../../contract/tool.js";
import { engineRequest } from "../../engine/api.js";
import { after, brief, displayName, idOrName, inspect, type Json, resolveTarget, withWarnings } from "./common.js";
import { parseSize, restartPolicy } from "./create-options.js";

export const containerRename = defineTool({
  description: "Rename a container.",
  input: { id_or_name: idOrName, name: z.string().min(1).describe("The new name.") },
  async run({ id_or_name, name }, ctx) {
    const { docker, doc } = await resolveTarget(ctx, id_or_name);
    await docker.getContainer(doc.Id).rename({ name, abortSignal: ctx.signal });
    return { ...(await after(docker, doc.Id, ctx)), renamed_from: displayName(doc) };
  },
});

/** container_update's vocabulary (the SDK's update options) → Engine UpdateConfig keys. */
const UPDATE_TABLE: Record<string, [string, (value: unknown, option: string) => unknown]> = {
  blkio_weight: ["BlkioWeight", (v) => Number(v)],
  cpu_period: ["CpuPeriod", (v) => Number(v)],
  cpu_quota: ["CpuQuota", (v) => Number(v)],
  cpu_shares: ["CpuShares", (v) => Number(v)],
  cpuset_cpus: ["CpusetCpus", (v) => String(v)],
  cpuset_mems: ["CpusetMems", (v) => String(v)],
  mem_limit: ["Memory", parseSize],
  mem_reservation: ["MemoryReservation", parseSize],
  memswap_limit: ["MemorySwap", (v, o) => (v === -1 || v === "-1" ? -1 : parseSize(v, o))],
  kernel_memory: ["KernelMemory", parseSize],
  restart_policy: ["RestartPolicy", (v) => restartPolicy(v)],
};
/** Looked up by the caller's key: a Map, so "constructor" or "valueOf" never finds a member of Object. */
const UPDATE_KEYS = new Map(Object.entries(UPDATE_TABLE));
const UPDATE_NAMES = [...UPDATE_KEYS.keys()].join(", ");

export const containerUpdate = defineTool({
  description: "Change a container's resource limits or restart policy in place.",
  input: {
    id_or_name: idOrName,
    updates: z
      .record(z.string(), z.unknown())
      .describe(`Keys: ${UPDATE_NAMES}; sizes as bytes or "512m"; restart_policy {"Name","MaximumRetryCount"}.`),
  },
  async run({ id_or_name, updates }, ctx) {
    const body: Json = {};
    for (const [key, value] of Object.entries(updates)) {
      const known = UPDATE_KEYS.get(key);
      if (!known) throw new CallerError(`Unknown update key ${quote(key, 100)}. Allowed: ${UPDATE_NAMES}.`);
      if (value !== null && value !== undefined) body[known[0]] = known[1](value, key);
    }
    if (Object.keys(body).length === 0) throw new CallerError("updates is empty: name at least one limit to change.");
    const { docker, doc } = await resolveTarget(ctx, id_or_name);
    const result = (await docker.getContainer(doc.Id).update({ ...body, abortSignal: ctx.signal })) as {
      Warnings?: string[] | null;
    };
    const now = await inspect(docker, doc.Id, ctx.signal);
    const changed = Object.fromEntries(Object.keys(body).map((key) => [key, now.HostConfig?.[key] ?? null]));
    return withWarnings({ ...brief(now), changed }, result?.Warnings);
  },
});

export const containerCommit = defineTool({
  description: "Snapshot a container's filesystem and settings as a new image: {id, tags}.",
  input: {
    id_or_name: idOrName,
    repository: z.string().nullish(),
    tag: z.string().nullish().describe("Default latest."),
    message: z.string().nullish(),
    author: z.string().nullish(),
    pause: z.boolean().default(true),
    changes: z
      .union([z.string(), z.array(z.string())])
      .nullish()
      .describe('Dockerfile instructions to apply, e.g. ["CMD [\\"sh\\"]", "ENV A=1"].'),
    conf: z.record(z.string(), z.unknown()).nullish().describe("Engine container-config overrides for the image."),
  },
  async run(args, ctx) {
    if (args.tag && !args.repository) throw new CallerError("tag needs a repository to tag.");
    const { docker, doc } = await resolveTarget(ctx, args.id_or_name);
    const query: Json = { container: doc.Id, pause: args.pause };
    if (args.repository) query.repo = args.repository;
    if (args.tag) query.tag = args.tag;
    if (args.message) query.comment = args.message;
    if (args.author) query.author = args.author;
    if (args.changes) query.changes = args.changes;
    const committed = await engineRequest<{ Id: string }>(docker, {
      path: "/commit",
      method: "POST",
      query,
      body: args.conf ?? {},
      signal: ctx.signal,
    });
    const image = (await docker.getImage(committed.Id).inspect()) as { Id: string; RepoTags?: string[]; Size?: number };
    return {
      id: image.Id,
      repo_tags: image.RepoTags ?? [],
      size: image.Size ?? null,
      from_container: displayName(doc),
    };
  },
});
