// What every compose tool shares: the project selection (project_dir as the
// CLI's working directory, files, project_name, env_file, profiles on up/down/config), the global arguments placed
// right after `compose`, and one way to run a compose subcommand.

import { z } from "zod";
import { positionals } from "../../cli/guard.js";
import { checkCliInputFiles } from "../../cli/input-files.js";
import type { CliResult, CliRunOptions } from "../../cli/runner.js";
import { workingDir } from "../../cli/working-dir.js";
import type { ToolContext } from "../../contract/tool.js";

const list = z.array(z.string()).nullish();

/** The project parameters, verbatim to the CLI (no `~` or glob expansion). */
export const projectShape = {
  project_dir: z.string().nullish(),
  files: list,
  project_name: z.string().nullish(),
  env_file: z.string().nullish(),
};

export const profilesShape = { profiles: list };

export const servicesParam = list;

export interface ProjectArgs {
  project_dir?: string | null | undefined;
  files?: readonly string[] | null | undefined;
  project_name?: string | null | undefined;
  env_file?: string | null | undefined;
  profiles?: readonly string[] | null | undefined;
}

/** `{-f <file>} [--project-name <n>] [--env-file <f>] {--profile <p>}`: flag values, so not flag-guarded. */
export function globalArgs(args: ProjectArgs): string[] {
  const out: string[] = [];
  for (const file of args.files ?? []) out.push("-f", file);
  if (args.project_name) out.push("--project-name", args.project_name);
  if (args.env_file) out.push("--env-file", args.env_file);
  for (const profile of args.profiles ?? []) out.push("--profile", profile);
  return out;
}

/** The working directory, checked before anything runs (cli/working-dir.ts). */
export function projectCwd(dir: string | null | undefined): string | undefined {
  return workingDir("project_dir", dir);
}

export const guardServices = (services: readonly string[] | null | undefined) => positionals("service", services);

export interface ComposeCall extends Omit<CliRunOptions, "plugin" | "cwd" | "describe"> {
  /** Include --profile flags (up, down, config only). */
  profiles?: boolean;
  /** Global flags of this call only, e.g. --progress plain. */
  extraGlobal?: readonly string[];
}

/** Runs `docker compose <G> <sub...>` in project_dir; the caller has already guarded the positionals in `sub`. */
export async function runCompose(
  ctx: ToolContext,
  args: ProjectArgs,
  sub: readonly string[],
  call: ComposeCall = {},
): Promise<CliResult> {
  const { profiles, extraGlobal, ...options } = call;
  const global = globalArgs(profiles ? args : { ...args, profiles: null });
  const cwd = projectCwd(args.project_dir);
  await checkCliInputFiles(
    [
      ...(args.files ?? []).map((path) => ({ parameter: "files", path })),
      ...(args.env_file ? [{ parameter: "env_file", path: args.env_file }] : []),
    ],
    ctx.hostFiles,
    cwd,
  );
  return await ctx.cli.run(["compose", ...global, ...(extraGlobal ?? []), ...sub], {
    ...options,
    plugin: "compose",
    cwd,
    describe: `docker compose ${sub[0] ?? ""}`.trim(),
  });
}
