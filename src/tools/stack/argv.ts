// The argv of the five stack tools (after `docker`), built and flag-guarded before anything runs. `{{json .}}` (one
// JSON object per line) rather than the `json` shorthand, which older CLIs do not know.

import { CliError } from "../../cli/errors.js";
import { filterFlags } from "../../cli/filters.js";
import { positional, positionals } from "../../cli/guard.js";

const JSON_LINES = ["--format", "{{json .}}"];

export type ResolveImage = "always" | "changed" | "never";

export interface DeployArgs {
  name: string;
  compose_files: readonly string[];
  with_registry_auth?: boolean | null | undefined;
  prune?: boolean | null | undefined;
  resolve_image?: ResolveImage | null | undefined;
  detach: boolean;
}

export type Filters = Record<string, unknown> | null | undefined;

/** `stack deploy {-c <file>} [--with-registry-auth] [--prune] [--resolve-image=<v>] --detach=<bool> !name` */
export function deployArgv(args: DeployArgs): string[] {
  if (args.compose_files.length === 0) {
    throw new CliError("compose_files needs at least one compose file; nothing was run.");
  }
  const argv = ["stack", "deploy", ...args.compose_files.flatMap((file) => ["-c", file])];
  if (args.with_registry_auth) argv.push("--with-registry-auth");
  if (args.prune) argv.push("--prune");
  if (args.resolve_image) argv.push(`--resolve-image=${args.resolve_image}`);
  argv.push(`--detach=${args.detach}`, positional("name", args.name));
  return argv;
}

export function listArgv(): string[] {
  return ["stack", "ls", ...JSON_LINES];
}

/** `stack ps --format {{json .}} [--no-trunc] {--filter k=v} !name` */
export function psArgv(args: { name: string; no_trunc?: boolean | null | undefined; filters?: Filters }): string[] {
  const argv = ["stack", "ps", ...JSON_LINES];
  if (args.no_trunc) argv.push("--no-trunc");
  argv.push(...filterFlags(args.filters), positional("name", args.name));
  return argv;
}

/** `stack services --format {{json .}} {--filter k=v} !name` */
export function servicesArgv(args: { name: string; filters?: Filters }): string[] {
  return ["stack", "services", ...JSON_LINES, ...filterFlags(args.filters), positional("name", args.name)];
}

/** `stack rm --detach=<bool> {!name}` */
export function removeArgv(args: { names: readonly string[]; detach: boolean }): string[] {
  if (args.names.length === 0) throw new CliError("names needs at least one stack name; nothing was run.");
  return ["stack", "rm", `--detach=${args.detach}`, ...positionals("name", args.names)];
}
