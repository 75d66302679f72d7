// Compose actions that change a project's state: up, down, build, pull, restart, stop, start, kill, pause, unpause.
// Each returns the exit code, what changed (from compose's own progress lines) and the lines worth reading.

import { z } from "zod";
import { progressFromLines } from "../../cli/progress.js";
import { actionResult } from "../../cli/results.js";
import { flag, timeoutParam } from "../../contract/params.js";
import { defineTool, type ToolContext } from "../../contract/tool.js";
import { guardServices, type ProjectArgs, profilesShape, projectShape, runCompose, servicesParam } from "./project.js";

const PLAIN_PROGRESS = ["--progress", "plain"];

async function action(
  ctx: ToolContext,
  args: ProjectArgs & { timeout_seconds?: number },
  sub: readonly string[],
  options: { profiles?: boolean; progress?: boolean; timeoutSeconds?: number } = {},
) {
  const result = await runCompose(ctx, args, sub, {
    timeoutSeconds: options.timeoutSeconds ?? args.timeout_seconds ?? 60,
    keep: "tail",
    ...(options.profiles ? { profiles: true } : {}),
    ...(options.progress
      ? { extraGlobal: PLAIN_PROGRESS, onLine: progressFromLines((message) => ctx.progress(message)) }
      : {}),
  });
  return actionResult(result, { events: true });
}

export const composeUp = defineTool({
  description: "docker compose up -d; project_dir is the CLI's cwd.",
  input: {
    ...projectShape,
    ...profilesShape,
    services: servicesParam,
    build: flag(),
    pull: z.string().nullish(),
    remove_orphans: flag(),
    wait: flag(),
    timeout_seconds: timeoutParam(600),
  },
  async run(args, ctx) {
    const sub = ["up", "-d"];
    if (args.build) sub.push("--build");
    if (args.pull) sub.push("--pull", args.pull);
    if (args.remove_orphans) sub.push("--remove-orphans");
    if (args.wait) sub.push("--wait");
    sub.push(...guardServices(args.services));
    return await action(ctx, args, sub, { profiles: true, progress: true });
  },
});

export const composeDown = defineTool({
  description: "docker compose down.",
  input: {
    ...projectShape,
    ...profilesShape,
    volumes: flag().describe("Also delete named volumes."),
    remove_orphans: flag(),
    timeout_seconds: timeoutParam(300),
  },
  async run(args, ctx) {
    const sub = ["down"];
    if (args.volumes) sub.push("--volumes");
    if (args.remove_orphans) sub.push("--remove-orphans");
    return await action(ctx, args, sub, { profiles: true });
  },
});

export const composeBuild = defineTool({
  description: "docker compose build.",
  input: {
    ...projectShape,
    services: servicesParam,
    pull: flag(),
    no_cache: flag(),
    timeout_seconds: timeoutParam(1800),
  },
  async run(args, ctx) {
    const sub = ["build"];
    if (args.pull) sub.push("--pull");
    if (args.no_cache) sub.push("--no-cache");
    sub.push(...guardServices(args.services));
    return await action(ctx, args, sub, { progress: true });
  },
});

export const composePull = defineTool({
  description: "docker compose pull.",
  input: {
    ...projectShape,
    services: servicesParam,
    ignore_pull_failures: flag(),
    timeout_seconds: timeoutParam(1800),
  },
  async run(args, ctx) {
    const sub = ["pull"];
    if (args.ignore_pull_failures) sub.push("--ignore-pull-failures");
    sub.push(...guardServices(args.services));
    return await action(ctx, args, sub, { progress: true });
  },
});

const stopTimeout = z.number().int().nullish();

/** restart and stop take the same arguments: services and the containers' stop grace period. */
function stopLike(verb: "restart" | "stop") {
  return defineTool({
    description: `docker compose ${verb}.`,
    input: {
      ...projectShape,
      services: servicesParam,
      stop_timeout_seconds: stopTimeout,
      timeout_seconds: timeoutParam(300),
    },
    async run(args, ctx) {
      const sub: string[] = [verb];
      if (args.stop_timeout_seconds !== null && args.stop_timeout_seconds !== undefined) {
        sub.push("--timeout", String(args.stop_timeout_seconds));
      }
      sub.push(...guardServices(args.services));
      return await action(ctx, args, sub);
    },
  });
}

export const composeRestart = stopLike("restart");
export const composeStop = stopLike("stop");

export const composeStart = defineTool({
  description: "docker compose start.",
  input: { ...projectShape, services: servicesParam, timeout_seconds: timeoutParam(600) },
  async run(args, ctx) {
    return await action(ctx, args, ["start", ...guardServices(args.services)]);
  },
});

export const composeKill = defineTool({
  description: "docker compose kill.",
  input: {
    ...projectShape,
    services: servicesParam,
    signal: z.string().default("SIGKILL"),
    remove_orphans: flag(),
  },
  async run(args, ctx) {
    const sub = ["kill"];
    if (args.signal && args.signal !== "SIGKILL") sub.push("--signal", args.signal);
    if (args.remove_orphans) sub.push("--remove-orphans");
    sub.push(...guardServices(args.services));
    return await action(ctx, args, sub);
  },
});

export const composePause = defineTool({
  description: "docker compose pause.",
  input: { ...projectShape, services: servicesParam },
  async run(args, ctx) {
    return await action(ctx, args, ["pause", ...guardServices(args.services)]);
  },
});

export const composeUnpause = defineTool({
  description: "docker compose unpause.",
  input: { ...projectShape, services: servicesParam },
  async run(args, ctx) {
    return await action(ctx, args, ["unpause", ...guardServices(args.services)]);
  },
});
