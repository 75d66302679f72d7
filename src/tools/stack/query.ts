// Reading stacks: ls, services, ps, as parsed rows. They raise on failure (`docker stack <sub>` failed …); an
// unknown stack is said in words, while a filter that matches nothing is an empty list.

import { z } from "zod";
import { quote } from "../../base/quote.js";
import { CliError } from "../../cli/errors.js";
import { commandFailed } from "../../cli/results.js";
import type { CliResult } from "../../cli/runner.js";
import { flag, refParam } from "../../contract/params.js";
import { defineTool, type ToolContext } from "../../contract/tool.js";
import { listArgv, psArgv, servicesArgv } from "./argv.js";
import { notManager } from "./results.js";
import { serviceRows, stackRows, taskRows } from "./rows.js";

// `stack services` prints it (exit 0) and `stack ps` fails with it when nothing matched.
const NOTHING_FOUND = /^nothing found in stack: /im;

const filters = (keys: string) => z.record(z.string(), z.unknown()).nullish().describe(`${keys}.`);

interface Target {
  /** The stack the call names. */
  name?: string;
  /** The caller narrowed with filters, so "nothing found" is an empty answer, not an unknown stack. */
  filtered?: boolean;
}

/** The command's stdout, or undefined when a filtered call matched nothing. */
async function query(ctx: ToolContext, argv: readonly string[], target: Target = {}): Promise<CliResult | undefined> {
  const command = `docker stack ${argv[1]}`;
  const result = await ctx.cli.run(argv, { describe: command });
  const refusal = notManager(ctx.host.label, result);
  if (refusal) throw new CliError(`\`${command}\` failed with exit code ${result.returncode}: ${refusal}`);
  if (target.name !== undefined && !result.stdout.trim() && NOTHING_FOUND.test(result.stderr)) {
    if (target.filtered) return undefined;
    throw new CliError(
      `No stack named ${quote(target.name)} on host '${ctx.host.label}' (\`${command}\`: nothing found in stack). stack_list shows the stacks there.`,
    );
  }
  if (result.returncode !== 0) throw commandFailed(command, result);
  return result;
}

const hasFilters = (value: Record<string, unknown> | null | undefined) => Object.keys(value ?? {}).length > 0;

export const stackList = defineTool({
  description: "docker stack ls.",
  input: {},
  async run(_args, ctx) {
    const result = (await query(ctx, listArgv())) as CliResult;
    return stackRows(result.stdout, result.truncated);
  },
});

export const stackServices = defineTool({
  description: "docker stack services.",
  input: { name: refParam(), filters: filters("id, name, label, mode") },
  async run(args, ctx) {
    const result = await query(ctx, servicesArgv(args), { name: args.name, filtered: hasFilters(args.filters) });
    return result ? serviceRows(result.stdout, result.truncated) : [];
  },
});

export const stackPs = defineTool({
  description: "docker stack ps.",
  input: { name: refParam(), no_trunc: flag(), filters: filters("id, name, node, desired-state") },
  async run(args, ctx) {
    const result = await query(ctx, psArgv(args), { name: args.name, filtered: hasFilters(args.filters) });
    return result ? taskRows(result.stdout, result.truncated) : [];
  },
});
