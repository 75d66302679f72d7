// The swarm's own document: swarm_inspect (never with join tokens), swarm_update (merged into the current spec,
// with token and unlock-key rotation), and the two tools whose job is to return secrets: swarm_join_tokens and
// swarm_unlock_key.

import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { fieldsParam, flag } from "../../contract/params.js";
import { defineTool } from "../../contract/tool.js";
import { inspectAnswer } from "../../engine/inspect-shape.js";
import { SwarmApi } from "../../engine/swarm.js";

type Json = Record<string, unknown>;

interface SwarmDoc {
  ID: string;
  Version: { Index: number };
  Spec: Json;
  JoinTokens?: { Worker?: string; Manager?: string };
  [key: string]: unknown;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** `patch` over `base`: objects merge key by key, anything else replaces, null removes the key. */
export function deepMerge(base: Json, patch: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (isObject(value) && isObject(out[key])) out[key] = deepMerge(out[key] as Json, value);
    else out[key] = value;
  }
  return out;
}

export const swarmInspect = defineTool({
  description: "The swarm's document without join tokens (swarm_join_tokens) or null, empty or default fields.",
  input: { fields: fieldsParam(["Spec.Orchestration"]), detail: flag() },
  async run(args, ctx) {
    const doc = await (await SwarmApi.of(ctx)).get<SwarmDoc>("/swarm");
    delete doc.JoinTokens;
    return inspectAnswer(doc, args);
  },
});

export const swarmUpdate = defineTool({
  description:
    "Change swarm settings (`spec` merged into the current one; null clears a key), or rotate join tokens or the unlock key.",
  input: {
    spec: z
      .record(z.string(), z.unknown())
      .nullish()
      .describe('e.g. {"Orchestration":{"TaskHistoryRetentionLimit":3}}.'),
    autolock_managers: z.boolean().nullish(),
    rotate_worker_token: z.boolean().default(false),
    rotate_manager_token: z.boolean().default(false),
    rotate_manager_unlock_key: z.boolean().default(false),
  },
  async run(args, ctx) {
    const changes = [
      ...(args.spec && Object.keys(args.spec).length > 0 ? ["spec"] : []),
      ...(args.autolock_managers != null ? ["autolock_managers"] : []),
      ...(args.rotate_worker_token ? ["worker_token"] : []),
      ...(args.rotate_manager_token ? ["manager_token"] : []),
      ...(args.rotate_manager_unlock_key ? ["unlock_key"] : []),
    ];
    if (changes.length === 0) {
      throw new CallerError("Nothing to update: pass spec, autolock_managers or a rotate_* flag.");
    }
    const api = await SwarmApi.of(ctx);
    const current = await api.get<SwarmDoc>("/swarm");
    let spec = deepMerge(current.Spec, args.spec ?? {});
    if (args.autolock_managers != null) {
      const encryption = isObject(spec.EncryptionConfig) ? spec.EncryptionConfig : {};
      spec = { ...spec, EncryptionConfig: { ...encryption, AutoLockManagers: args.autolock_managers } };
    }
    await api.post<unknown>("/swarm/update", spec, {
      version: current.Version.Index,
      rotateWorkerToken: args.rotate_worker_token,
      rotateManagerToken: args.rotate_manager_token,
      rotateManagerUnlockKey: args.rotate_manager_unlock_key,
    });
    const after = await api.get<SwarmDoc>("/swarm");
    const autolock = (after.Spec.EncryptionConfig as Json | undefined)?.AutoLockManagers === true;
    return { updated: changes, version: after.Version.Index, autolock };
  },
});

export const swarmUnlockKey = defineTool({
  description: "The unlock key (sensitive): {UnlockKey}; null without autolock.",
  input: {},
  async run(_args, ctx) {
    const { UnlockKey } = await (await SwarmApi.of(ctx)).get<{ UnlockKey?: string }>("/swarm/unlockkey");
    return { UnlockKey: UnlockKey || null };
  },
});

export const swarmJoinTokens = defineTool({
  description: "The current join tokens (sensitive): {Worker, Manager}.",
  input: {},
  async run(_args, ctx) {
    const doc = await (await SwarmApi.of(ctx)).get<SwarmDoc>("/swarm");
    return { Worker: doc.JoinTokens?.Worker ?? null, Manager: doc.JoinTokens?.Manager ?? null };
  },
});
