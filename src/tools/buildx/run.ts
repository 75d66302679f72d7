// Running `docker buildx …` for the buildx tools: the plugin is probed first, the call is pinned to its host.

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
