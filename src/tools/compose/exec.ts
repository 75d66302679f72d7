// Commands in a project's containers: run (a one-off container), exec (in a running one), cp (files between a service
// container and the server's machine). The trailing `command` of run and exec is the container's own argv and is the
// one deliberate exception to the flag guard.

import { stat } from "node:fs/promises";
import { basename, isAbsolute, join, resolve } from "node:path";
import { z } from "zod";
import { untrusted } from "../../base/untrusted.js";
import { CliError } from "../../cli/errors.js";
import { positional } from "../../cli/guard.js";
import { type ActionResult, actionResult } from "../../cli/results.js";
import { flag, timeoutParam } from "../../contract/params.js";
import { defineTool, type ToolContext } from "../../contract/tool.js";
import { checkWriteDestination, exists } from "../../engine/host-files.js";
import { projectShape, runCompose } from "./project.js";

const envParam = z.record(z.string(), z.string()).nullish();

function envFlags(env: Record<string, string> | null | undefined): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(env ?? {})) {
    if (!key || key.includes("=")) throw new CliError(`env key ${JSON.stringify(key)} is not a variable name.`);
    out.push("--env", `${key}=${value}`);
  }
  return out;
}

export const composeRun = defineTool({
  description: "docker compose run -T; `command` is passed as is.",
  input: {
    ...projectShape,
    service: z.string(),
    command: z.array(z.string()).nullish(),
    detach: z.boolean().default(true),
    rm: z.boolean().default(true),
    no_deps: flag(),
    workdir: z.string().nullish(),
    user: z.string().nullish(),
    name: z.string().nullish(),
    env: envParam,
    timeout_seconds: timeoutParam(600),
  },
  async run(args, ctx) {
    const sub = ["run", "-T"];
    if (args.detach) sub.push("-d");
    if (args.rm) sub.push("--rm");
    if (args.no_deps) sub.push("--no-deps");
    if (args.workdir) sub.push("--workdir", args.workdir);
    if (args.user) sub.push("--user", args.user);
    if (args.name) sub.push("--name", args.name);
    sub.push(...envFlags(args.env), positional("service", args.service), ...(args.command ?? []));
    const result = await runCompose(ctx, args, sub, { timeoutSeconds: args.timeout_seconds, keep: "tail" });
    // Compose reports the dependencies it started on stderr: summarised in `changed`.
    return fenced(actionResult(result, { product: true, events: true, narrow: "a command that prints less" }));
  },
});

export const composeExec = defineTool({
  description: "docker compose exec -T; `command` is passed as is.",
  input: {
    ...projectShape,
    service: z.string(),
    command: z.array(z.string()).min(1),
    index: z.number().int().default(1),
    workdir: z.string().nullish(),
    user: z.string().nullish(),
    env: envParam,
    timeout_seconds: timeoutParam(60),
  },
  async run(args, ctx) {
    const sub = ["exec", "-T"];
    if (args.index !== 1) sub.push("--index", String(args.index));
    if (args.workdir) sub.push("--workdir", args.workdir);
    if (args.user) sub.push("--user", args.user);
    sub.push(...envFlags(args.env), positional("service", args.service), ...args.command);
    const result = await runCompose(ctx, args, sub, { timeoutSeconds: args.timeout_seconds, keep: "tail" });
    return fenced(actionResult(result, { product: true, narrow: "a command that prints less" }));
  },
});

/** The command's own output is the container's: marked as data. */
function fenced(result: ActionResult): ActionResult {
  return {
    ...result,
    ...(result.stdout ? { stdout: untrusted("container output", result.stdout) } : {}),
    ...(result.stderr ? { stderr: untrusted("container output", result.stderr) } : {}),
  };
}

/** `SERVICE:PATH` (a service name has no `/`); anything else is a path on the server's machine. */
const CONTAINER_SIDE = /^[A-Za-z0-9][A-Za-z0-9_.-]*:/;

/**
 * Copying out of a container writes on the server's machine: the same rules as every dest_path (never clobber
 * without overwrite, refuse a path that would vanish with the server's container).
 */
async function checkHostDestination(ctx: ToolContext, dest: string, source: string, cwd: string, overwrite: boolean) {
  const absolute = isAbsolute(dest) ? dest : resolve(cwd, dest);
  let target = absolute;
  try {
    if ((await stat(absolute)).isDirectory()) target = join(absolute, basename(source.slice(source.indexOf(":") + 1)));
  } catch {
    // A new path: the copy creates it.
  }
  if (target !== absolute && overwrite === false && (await exists(target))) {
    throw new CliError(`${target} already exists; pass overwrite=true to replace it. Nothing was copied.`);
  }
  try {
    await checkWriteDestination(target, { ...ctx.hostFiles, overwrite });
  } catch (err) {
    throw new CliError(`${(err as Error).message.replace("Nothing was written.", "Nothing was copied.")}`);
  }
}

export const composeCp = defineTool({
  description: "docker compose cp; one side is SERVICE:PATH. Host files need overwrite to be replaced.",
  input: {
    ...projectShape,
    source: z.string(),
    dest: z.string(),
    index: z.number().int().default(1),
    all_containers: flag(),
    overwrite: flag(),
    timeout_seconds: timeoutParam(300),
  },
  async run(args, ctx) {
    const source = positional("source", args.source);
    const dest = positional("dest", args.dest);
    const fromContainer = CONTAINER_SIDE.test(source);
    if (fromContainer === CONTAINER_SIDE.test(dest)) {
      throw new CliError(
        "compose_cp needs exactly one side as SERVICE:PATH (the container) and the other as a path on the server's machine.",
      );
    }
    if (fromContainer) {
      await checkHostDestination(ctx, dest, source, args.project_dir || process.cwd(), args.overwrite === true);
    }
    const sub = ["cp"];
    if (args.index !== 1) sub.push("--index", String(args.index));
    if (args.all_containers) sub.push("--all");
    sub.push(source, dest);
    const result = await runCompose(ctx, args, sub, { timeoutSeconds: args.timeout_seconds });
    return { ...actionResult(result), copied: result.returncode === 0 ? `${source} -> ${dest}` : null };
  },
});
