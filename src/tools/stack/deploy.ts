// Changing stacks: deploy (create or update from compose files) and rm. Action results: the exit code, what
// changed, the last lines worth reading; a non-zero exit is a result, not an error.

import { z } from "zod";
import { CliError } from "../../cli/errors.js";
import { checkCliInputFiles } from "../../cli/input-files.js";
import type { StreamName } from "../../cli/process.js";
import { progressFromLines } from "../../cli/progress.js";
import { workingDir } from "../../cli/working-dir.js";
import { flag, refParam, timeoutParam } from "../../contract/params.js";
import { defineTool, type ToolContext } from "../../contract/tool.js";
import { deployArgv, removeArgv } from "./argv.js";
import { isObjectEvent, stackActionResult } from "./results.js";

/** Progress while `--detach=false` waits: every object line, the convergence chatter a few times a second. */
function convergenceProgress(ctx: ToolContext): (line: string, stream: StreamName) => void {
  const chatter = progressFromLines((message) => ctx.progress(message));
  return (line, stream) => (isObjectEvent(line) ? ctx.progress(line.trim()) : chatter(line, stream));
}

export const stackDeploy = defineTool({
  description: "docker stack deploy; detach=false waits for convergence.",
  input: {
    name: refParam(),
    compose_files: z.array(z.string()),
    with_registry_auth: flag(),
    prune: flag().describe("Remove services not in the files."),
    resolve_image: z.enum(["always", "changed", "never"]).nullish(),
    detach: z.boolean().default(true),
    cwd: z.string().nullish(),
    timeout_seconds: timeoutParam(1800),
  },
  async run(args, ctx) {
    const argv = deployArgv(args);
    const cwd = workingDir("cwd", args.cwd);
    await checkCliInputFiles(
      args.compose_files.map((path) => ({ parameter: "compose_files", path })),
      ctx.hostFiles,
      cwd,
    );
    const run = ctx.cli.run(argv, {
      describe: "docker stack deploy",
      timeoutSeconds: args.timeout_seconds,
      keep: "tail",
      ...(cwd !== undefined ? { cwd } : {}),
      ...(args.detach ? {} : { onLine: convergenceProgress(ctx) }),
    });
    const result = await run.catch((err: unknown) => {
      // The services are created before the wait starts: say where to look instead of implying nothing happened.
      if (!args.detach && err instanceof CliError && err.message.includes("timed out after")) {
        throw new CliError(
          `${err.message} With detach=false the deploy itself has usually gone through and only the wait for convergence was cut: stack_ps(name=${JSON.stringify(args.name)}) shows the tasks and their errors.`,
        );
      }
      throw err;
    });
    return stackActionResult(result, ctx.host.label);
  },
});

export const stackRemove = defineTool({
  description: "docker stack rm.",
  input: { names: z.array(refParam()), detach: z.boolean().default(true), timeout_seconds: timeoutParam(300) },
  async run(args, ctx) {
    const result = await ctx.cli.run(removeArgv(args), {
      describe: "docker stack rm",
      timeoutSeconds: args.timeout_seconds,
      keep: "tail",
    });
    return stackActionResult(result, ctx.host.label);
  },
});
