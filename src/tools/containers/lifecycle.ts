// Creating and driving containers: run, create, start, stop, restart, kill, pause, unpause, remove, rename, update,
// commit. Action tools return a compact confirmation (spec README §6.10), re-inspected after the action.

import type Docker from "dockerode";
import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { type CallerLabels, defineTool, type ToolContext } from "../../contract/tool.js";
import { engineRequest } from "../../engine/api.js";
import { readLogTail } from "../../engine/container-logs.js";
import { CONTAINER_REF_HINT, isContainerRef } from "../../engine/container-ref.js";
import { statusOf } from "../../engine/errors.js";
import { brief, displayName, guardSelf, idOrName, inspect, resolveTarget } from "./common.js";
import { buildCreateRequest, parseSize, restartPolicy } from "./create-options.js";
import { pullImage } from "./pull.js";

const argvParam = z.union([z.string(), z.array(z.string())]).nullish();
const labelsParam = z.union([z.record(z.string(), z.string()), z.array(z.string())]).nullish();
const extraKwargs = z
  .record(z.string(), z.unknown())
  .nullish()
  .describe(
    "Further docker SDK run/create options by snake_case name (cap_add, healthcheck, mounts, shm_size, network_mode, read_only, …); applied last.",
  );

type Json = Record<string, unknown>;

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
    if (statusOf(err) !== 404) throw err;
    const platform = typeof options.platform === "string" ? options.platform : undefined;
    await pullImage(ctx, docker, String(options.image), platform);
    return await createOnce(docker, options, ctx);
  }
}

/** Re-inspects after an action; a container that is already gone (auto-remove) is reported as removed. */
async function after(docker: Docker, id: string, ctx: ToolContext, fallbackName?: string): Promise<Json> {
  try {
    return brief(await inspect(docker, id, ctx.signal));
  } catch (err) {
    if (statusOf(err) === 404) return { id, name: fallbackName ?? null, status: "removed" };
    throw err;
  }
}

function withWarnings(result: Json, warnings: string[] | null | undefined): Json {
  return warnings && warnings.length > 0 ? { ...result, warnings } : result;
}

/** Starts a container; "already started" (HTTP 304) is not an error. */
async function start(docker: Docker, id: string, signal: AbortSignal): Promise<void> {
  try {
    await docker.getContainer(id).start({ abortSignal: signal });
  } catch (err) {
    if (statusOf(err) !== 304) throw err;
  }
}

const FOREGROUND_OUTPUT_BYTES = 60 * 1024;

/** detach=false: wait for the exit, then return the output (a non-zero exit is an error carrying stderr). */
async function runForeground(docker: Docker, created: Created, remove: boolean, ctx: ToolContext): Promise<string> {
  const container = docker.getContainer(created.Id);
  try {
    await start(docker, created.Id, ctx.signal);
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
        `Container ${displayName(doc)} (${created.Id.slice(0, 12)}) exited with code ${code}. stderr:\n${stderr.lines.join("\n")}`,
      );
    }
    return note + output.lines.join("\n");
  } finally {
    if (remove) await container.remove({ force: true }).catch(() => undefined);
  }
}

export const containerRun = defineTool({
  description:
    "Create and start a container, like `docker run` (pulls the image once if missing). detach=true returns its id, name and state; detach=false waits for the exit and returns the output.",
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
    options.labels = ctx.labels(("labels" in extra ? extra.labels : labels) as CallerLabels);
    const docker = await ctx.docker();
    const created = await createContainer(docker, options, ctx);
    if (!detach) return await runForeground(docker, created, remove, ctx);
    await start(docker, created.Id, ctx.signal);
    return withWarnings(await after(docker, created.Id, ctx, args.name ?? undefined), created.Warnings);
  },
});

export const containerCreate = defineTool({
  description:
    "Create a container without starting it (pulls the image once if missing). Options as in container_run, by snake_case name in extra_kwargs.",
  input: { image: z.string().min(1), command: argvParam, extra_kwargs: extraKwargs },
  async run({ image, command, extra_kwargs }, ctx) {
    const extra = extra_kwargs ?? {};
    const options: Json = { image, command, ...extra, labels: ctx.labels(extra.labels as CallerLabels) };
    const docker = await ctx.docker();
    const created = await createContainer(docker, options, ctx);
    return withWarnings(await after(docker, created.Id, ctx), created.Warnings);
  },
});

export const containerStart = defineTool({
  description: "Start a stopped or created container (already running is fine).",
  input: { id_or_name: idOrName },
  async run({ id_or_name }, ctx) {
    const { docker, doc } = await resolveTarget(ctx, id_or_name);
    await start(docker, doc.Id, ctx.signal);
    return await after(docker, doc.Id, ctx);
  },
});

const stopTimeout = z.number().int().min(0).default(10).describe("Grace period before SIGKILL.");

export const containerStop = defineTool({
  description: "Stop a container: its stop signal, then SIGKILL after the grace period. Already stopped is fine.",
  input: { id_or_name: idOrName, stop_timeout_seconds: stopTimeout },
  async run({ id_or_name, stop_timeout_seconds }, ctx) {
    const { docker, doc } = await resolveTarget(ctx, id_or_name);
    guardSelf(ctx, doc, "stop");
    try {
      await docker.getContainer(doc.Id).stop({ t: stop_timeout_seconds, abortSignal: ctx.signal });
    } catch (err) {
      if (statusOf(err) !== 304) throw err;
    }
    return await after(docker, doc.Id, ctx);
  },
});

export const containerRestart = defineTool({
  description: "Restart a container (stop with the grace period, then start).",
  input: { id_or_name: idOrName, stop_timeout_seconds: stopTimeout },
  async run({ id_or_name, stop_timeout_seconds }, ctx) {
    const { docker, doc } = await resolveTarget(ctx, id_or_name);
    guardSelf(ctx, doc, "restart");
    await docker.getContainer(doc.Id).restart({ t: stop_timeout_seconds, abortSignal: ctx.signal });
    return await after(docker, doc.Id, ctx);
  },
});

const SIGNAL_NAMES = new Set(
  (
    "HUP INT QUIT ILL TRAP ABRT IOT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT CHLD CONT STOP TSTP TTIN TTOU " +
    "URG XCPU XFSZ VTALRM PROF WINCH IO POLL PWR SYS"
  ).split(" "),
);

/** SIGHUP, HUP, 9, SIGRTMIN+3 … are signals; anything else is refused before contacting the daemon. */
export function checkSignal(signal: string): string {
  const trimmed = signal.trim();
  if (/^\d+$/.test(trimmed) && Number(trimmed) >= 1 && Number(trimmed) <= 64) return trimmed;
  const name = trimmed.toUpperCase().replace(/^SIG/, "");
  if (SIGNAL_NAMES.has(name) || /^RTM(IN|AX)([+-]\d+)?$/.test(name)) return `SIG${name}`;
  throw new CallerError(
    `Invalid signal '${signal}': use a name like SIGTERM, SIGHUP or SIGKILL, or a number from 1 to 64.`,
  );
}

export const containerKill = defineTool({
  description: "Send a signal to a running container's main process (default SIGKILL).",
  input: { id_or_name: idOrName, signal: z.string().nullish().describe('Name or number, e.g. "SIGHUP", "9".') },
  async run({ id_or_name, signal }, ctx) {
    const checked = signal ? checkSignal(signal) : undefined;
    const { docker, doc } = await resolveTarget(ctx, id_or_name);
    guardSelf(ctx, doc, "kill");
    await docker.getContainer(doc.Id).kill({ ...(checked ? { signal: checked } : {}), abortSignal: ctx.signal });
    return await after(docker, doc.Id, ctx);
  },
});

export const containerPause = defineTool({
  description: "Freeze all processes of a container (cgroup freezer).",
  input: { id_or_name: idOrName },
  async run({ id_or_name }, ctx) {
    const { docker, doc } = await resolveTarget(ctx, id_or_name);
    guardSelf(ctx, doc, "pause");
    await docker.getContainer(doc.Id).pause({ abortSignal: ctx.signal });
    return await after(docker, doc.Id, ctx);
  },
});

export const containerUnpause = defineTool({
  description: "Resume a paused container.",
  input: { id_or_name: idOrName },
  async run({ id_or_name }, ctx) {
    const { docker, doc } = await resolveTarget(ctx, id_or_name);
    await docker.getContainer(doc.Id).unpause({ abortSignal: ctx.signal });
    return await after(docker, doc.Id, ctx);
  },
});

/** A legacy link's name, `<container>/<alias>` (leading slash optional): what link=true removes. */
const LINK_NAME = /^\/?([A-Za-z0-9][A-Za-z0-9_.-]*)\/([A-Za-z0-9][A-Za-z0-9_.-]*)$/;

export const containerRemove = defineTool({
  description: "Remove a container. Returns true.",
  input: {
    id_or_name: z
      .string()
      .refine((value) => isContainerRef(value) || LINK_NAME.test(value), `must be ${CONTAINER_REF_HINT}`),
    volumes: z.boolean().default(false).describe("Also remove its anonymous volumes (named volumes survive)."),
    link: z
      .boolean()
      .default(false)
      .describe('Remove the legacy link id_or_name="<container>/<alias>" instead of a container.'),
    force: z.boolean().default(false).describe("Kill it first if running."),
  },
  async run({ id_or_name, volumes, link, force }, ctx) {
    const linkName = LINK_NAME.exec(id_or_name);
    if (link) {
      if (!linkName) throw new CallerError(`link=true removes a link: give id_or_name as "<container>/<alias>".`);
      // The daemon finds a link by its owner's name, not id; both parts were checked against the name charset.
      const { docker, doc } = await resolveTarget(ctx, linkName[1] as string);
      await engineRequest<unknown>(docker, {
        path: `/containers/${displayName(doc)}/${linkName[2]}`,
        method: "DELETE",
        query: { link: true },
        signal: ctx.signal,
      });
      return true;
    }
    if (linkName) throw new CallerError(`${id_or_name} names a link; pass link=true to remove it.`);
    const { docker, doc } = await resolveTarget(ctx, id_or_name);
    guardSelf(ctx, doc, "remove");
    if (doc.State?.Running && !force) {
      throw new CallerError(
        `Container ${displayName(doc)} is running; stop it first or pass force=true to kill and remove it.`,
      );
    }
    await docker.getContainer(doc.Id).remove({ v: volumes, force, abortSignal: ctx.signal });
    return true;
  },
});

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
const UPDATE_KEYS: Record<string, [string, (value: unknown, option: string) => unknown]> = {
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

export const containerUpdate = defineTool({
  description: "Change a container's resource limits or restart policy in place.",
  input: {
    id_or_name: idOrName,
    updates: z
      .record(z.string(), z.unknown())
      .describe(
        `Keys: ${Object.keys(UPDATE_KEYS).join(", ")}; sizes as bytes or "512m"; restart_policy {"Name","MaximumRetryCount"}.`,
      ),
  },
  async run({ id_or_name, updates }, ctx) {
    const body: Json = {};
    for (const [key, value] of Object.entries(updates)) {
      const known = UPDATE_KEYS[key];
      if (!known) {
        throw new CallerError(`Unknown update key '${key}'. Allowed: ${Object.keys(UPDATE_KEYS).join(", ")}.`);
      }
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
  description: "Snapshot a container's filesystem and settings as a new image. Returns the image id and tags.",
  input: {
    id_or_name: idOrName,
    repository: z.string().nullish(),
    tag: z.string().nullish().describe("Default latest."),
    message: z.string().nullish(),
    author: z.string().nullish(),
    pause: z.boolean().default(true).describe("Pause the container while committing."),
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
