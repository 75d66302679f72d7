// Making containers: container_run (create, start, optionally wait and return the output) and container_create.
// Missing images are pulled once; labels carry the provenance set.

import type Docker from "dockerode";
import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { untrusted } from "../../base/untrusted.js";
import { type CallerLabels, defineTool, type ToolContext } from "../../contract/tool.js";
import { engineRequest } from "../../engine/api.js";
import { readLogTail } from "../../engine/container-logs.js";
import { daemonMessage, statusOf, toEngineError } from "../../engine/errors.js";
import { after, displayName, inspect, type Json, startContainer, withWarnings } from "./common.js";
import { buildCreateRequest } from "./create-options.js";
import { pullImage } from "./pull.js";

const argvParam = z.union([z.string(), z.array(z.string())]).nullish();
const labelsParam = z.union([z.record(z.string(), z.string()), z.array(z.string())]).nullish();
const extraKwargs = z
  .record(z.string(), z.unknown())
  .nullish()
  .describe(
    "Other docker SDK run options by snake_case name (cap_add, healthcheck, mounts, shm_size, …), applied last.",
  );

interface Created {
  Id: string;
  Warnings?: string[] | null;
}

function createOnce(docker: Docker, options: Json, ctx: ToolContext): Promise<Created> {
  const request = buildCreateRequest(String(options.image), { ...options, image: undefined });
  return engineRequest<Created>(docker, {
    path: "/containers/create",
    method: "POST",
    query: {
      ...(request.name ? { name: request.name } : {}),
      ...(request.platform ? { platform: request.platform } : {}),
    },
    body: request.body,
    signal: ctx.signal,
  });
}

/** POST /containers/create; a missing image is pulled once (honouring `platform`) and the create retried. */
async function createContainer(docker: Docker, options: Json, ctx: ToolContext): Promise<Created> {
  try {
    return await createOnce(docker, options, ctx);
  } catch (err) {
    // Only a missing image is worth a pull; a 404 for anything else (a network, a volume plugin) is the answer.
    if (statusOf(err) !== 404 || !/no such image/i.test(daemonMessage(err) ?? "")) throw err;
    const platform = typeof options.platform === "string" ? options.platform : undefined;
    await pullImage(ctx, docker, String(options.image), platform);
    return await createOnce(docker, options, ctx);
  }
}

/** Bounds the clean-up call on its own: the call's signal may be what failed the start. */
const REMOVE_TIMEOUT_MS = 30_000;

/** Force-removes the container this call created (by id, nothing else) and says in a sentence how that went. */
async function removeCreated(docker: Docker, created: Created, name: string | undefined): Promise<string> {
  const what = `${name ? `${name} (${created.Id.slice(0, 12)})` : created.Id.slice(0, 12)}`;
  try {
    await docker
      .getContainer(created.Id)
      .remove({ force: true, v: true, abortSignal: AbortSignal.timeout(REMOVE_TIMEOUT_MS) });
  } catch (err) {
    if (statusOf(err) !== 404) {
      const why = daemonMessage(err) ?? (err as Error)?.message ?? String(err);
      return (
        ` The container this call created, ${what}, could not be removed (${why}) and is left behind: remove it with ` +
        `container_remove {"id_or_name": "${created.Id}", "force": true} before retrying.`
      );
    }
  }
  return ` The container this call created, ${what}, was removed, so its name is free for a retry once the cause is fixed.`;
}

/**
 * Starts the container this call created. When the start fails (a network that does not resolve, a port already
 * taken, a user or entrypoint the image lacks), the half-made container is removed so its name does not block a
 * retry, and the error says what happened to it.
 */
async function startOrRemove(docker: Docker, created: Created, name: string | undefined, ctx: ToolContext) {
  try {
    await startContainer(docker, created.Id, ctx.signal);
  } catch (err) {
    const reason = toEngineError(err, ctx.host.label, ctx.host.url ?? "the default Docker socket");
    const note = await removeCreated(docker, created, name);
    const message = `${reason.message.replace(/([^.])$/, "$1.")}${note}`;
    if (reason instanceof CallerError) throw new CallerError(message);
    throw new Error(message, { cause: err });
  }
}

const FOREGROUND_OUTPUT_BYTES = 60 * 1024;

/** detach=false: wait for the exit, then return the output (a non-zero exit is an error carrying stderr). */
async function runForeground(
  docker: Docker,
  created: Created,
  options: { remove: boolean; name: string | undefined },
  ctx: ToolContext,
): Promise<string> {
  const container = docker.getContainer(created.Id);
  const { remove } = options;
  try {
    await startOrRemove(docker, created, options.name, ctx);
    const result = (await container.wait({ abortSignal: ctx.signal } as object)) as { StatusCode?: number };
    const doc = await inspect(docker, created.Id, ctx.signal);
    const tty = doc.Config?.Tty === true;
    const bounds = { maxLines: Number.MAX_SAFE_INTEGER, maxBytes: FOREGROUND_OUTPUT_BYTES, signal: ctx.signal, tty };
    const logs = { stdout: true, stderr: true, timestamps: false, tail: "all" as const };
    // Only log drivers the daemon can read back (json-file, journald, local) keep output; others leave it empty.
    const read = (query: typeof logs) =>
      readLogTail(docker, created.Id, query, bounds).catch((err: unknown) => {
        if (statusOf(err) === 501) return { lines: [], seen: 0, cut: false };
        throw err;
      });
    const output = await read(logs);
    const note = output.cut ? `[output truncated: showing the last ${output.lines.length} lines]\n` : "";
    const code = result.StatusCode ?? 0;
    if (code !== 0) {
      const stderr = await read({ ...logs, stdout: false });
      throw new CallerError(
        `Container ${displayName(doc)} (${created.Id.slice(0, 12)}) exited with code ${code}. stderr:\n${untrusted("container output", stderr.lines.join("\n"))}`,
      );
    }
    return note + untrusted("container output", output.lines.join("\n"));
  } finally {
    if (remove) await container.remove({ force: true }).catch(() => undefined);
  }
}

export const containerRun = defineTool({
  description:
    "`docker run` (pulls a missing image once). detach=true returns id, name and state; detach=false waits for the exit and returns the output.",
  input: {
    image: z.string().min(1),
    command: argvParam,
    name: z.string().nullish(),
    detach: z.boolean().default(true),
    environment: z
      .union([z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])), z.array(z.string())])
      .nullish(),
    ports: z
      .record(z.string(), z.unknown())
      .nullish()
      .describe('Container port → host port, null (random), [ip, port] or a list, e.g. {"80/tcp": 8080}.'),
    volumes: z
      .union([z.record(z.string(), z.unknown()), z.array(z.string())])
      .nullish()
      .describe('["src:/dst[:ro]"] or {"src": {"bind": "/dst", "mode": "ro"}}; src is a host path or volume name.'),
    network: z.string().nullish(),
    hostname: z.string().nullish(),
    user: z.string().nullish(),
    working_dir: z.string().nullish(),
    entrypoint: argvParam,
    restart_policy: z
      .object({
        Name: z.enum(["no", "always", "on-failure", "unless-stopped"]).optional(),
        MaximumRetryCount: z.number().int().min(0).optional(),
      })
      .nullish(),
    labels: labelsParam,
    remove: z.boolean().default(false).describe("Remove the container after it exits (auto-remove when detached)."),
    auto_remove: z.boolean().default(false),
    privileged: z.boolean().default(false),
    tty: z.boolean().default(false),
    stdin_open: z.boolean().default(false),
    mem_limit: z
      .union([z.number().int().min(0), z.string()])
      .nullish()
      .describe('Bytes or a size like "512m".'),
    cpu_count: z.number().int().min(0).nullish(),
    extra_kwargs: extraKwargs,
  },
  async run(args, ctx) {
    const { image, detach, remove, extra_kwargs, labels, auto_remove, privileged, tty, stdin_open, ...named } = args;
    const extra = extra_kwargs ?? {};
    const options: Json = {
      image,
      ...named,
      ...(auto_remove || (remove && detach) ? { auto_remove: true } : {}),
      ...(privileged ? { privileged: true } : {}),
      ...(tty ? { tty: true } : {}),
      ...(stdin_open ? { stdin_open: true } : {}),
      ...extra,
    };
    options.labels = ctx.labels((Object.hasOwn(extra, "labels") ? extra.labels : labels) as CallerLabels);
    const name = typeof options.name === "string" ? options.name : undefined;
    const docker = await ctx.docker();
    const created = await createContainer(docker, options, ctx);
    if (!detach) return await runForeground(docker, created, { remove, name }, ctx);
    await startOrRemove(docker, created, name, ctx);
    return withWarnings(await after(docker, created.Id, ctx, name), created.Warnings);
  },
});

export const containerCreate = defineTool({
  description:
    "Create a container without starting it (pulls a missing image once); container_run's options go in extra_kwargs.",
  input: { image: z.string().min(1), command: argvParam, extra_kwargs: extraKwargs },
  async run({ image, command, extra_kwargs }, ctx) {
    const extra = extra_kwargs ?? {};
    const options: Json = { image, command, ...extra, labels: ctx.labels(extra.labels as CallerLabels) };
    const docker = await ctx.docker();
    const created = await createContainer(docker, options, ctx);
    return withWarnings(await after(docker, created.Id, ctx), created.Warnings);
  },
});
