// Running `docker buildx …` for the buildx tools: the plugin is probed first, the call is pinned to its host.

import { z } from "zod";
import type { CliResult, CliRunOptions } from "../../cli/runner.js";
import type { ToolContext } from "../../contract/tool.js";

export async function buildx(
  ctx: ToolContext,
  argv: readonly string[],
  options: Omit<CliRunOptions, "plugin" | "describe">,
): Promise<CliResult> {
  return await ctx.cli.run(["buildx", ...argv], {
    ...options,
    plugin: "buildx",
    describe: `docker buildx ${argv[0] === "imagetools" || argv[0] === "history" ? `${argv[0]} ${argv[1]}` : argv[0]}`,
  });
}

/** buildx's own rule for builder names, checked here so a bad one is an error before anything runs. */
const BUILDER_NAME = /^[a-zA-Z][a-zA-Z0-9._-]*$/;
export const builderName = z
  .string()
  .refine((value) => BUILDER_NAME.test(value), "is not a builder name (a letter first, then letters, digits, . _ -)");
