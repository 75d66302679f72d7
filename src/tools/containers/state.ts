// Driving a container's state: start, stop, restart, kill, pause, unpause, remove. Each returns a compact
// confirmation, re-inspected after the action; the server's own container is guarded.

import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { defineTool } from "../../contract/tool.js";
import { engineRequest } from "../../engine/api.js";
import { CONTAINER_REF_HINT, isContainerRef } from "../../engine/container-ref.js";
import { statusOf } from "../../engine/errors.js";
import { after, displayName, guardSelf, idOrName, resolveTarget, startContainer } from "./common.js";

export const containerStart = defineTool({
  description: "Start a stopped or created container (already running is fine).",
  input: { id_or_name: idOrName },
  async run({ id_or_name }, ctx) {
    const { docker, doc } = await resolveTarget(ctx, id_or_name);
    await startContainer(docker, doc.Id, ctx.signal);
    return await after(docker, doc.Id, ctx);
  },
});

const stopTimeout = z.number().int().min(0).default(10).describe("Grace period before SIGKILL.");

export const containerStop = defineTool({
  description: "Stop a container: its stop signal, SIGKILL after the grace period (already stopped is fine).",
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
