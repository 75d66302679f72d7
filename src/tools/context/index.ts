// Domain `context`: the docker CLI's contexts on the server's machine. They run with the server's own
// (allow-listed) environment and never retarget the server's daemons, which were pinned at start-up: context_use
// changes only what a docker CLI started without DOCKER_HOST would use.

import { z } from "zod";
import { CliError } from "../../cli/errors.js";
import { noComma, positional } from "../../cli/guard.js";
import { parseNdjson } from "../../cli/parse.js";
import { actionResult, commandFailed } from "../../cli/results.js";
import type { CliResult } from "../../cli/runner.js";
import { defineDomain, destructive, mutating, readOnly } from "../../contract/domain.js";
import { flag } from "../../contract/params.js";
import { defineTool, type ToolContext } from "../../contract/tool.js";
import { externalSection } from "../../docs/sections.js";

/** The docker CLI's own rule for context names, checked here so a bad one is an error before anything runs. */
const CONTEXT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$/;
const name = z
  .string()
  .refine(
    (value) => CONTEXT_NAME.test(value),
    "is not a context name (letters, digits, _ . + -; at least two characters, starting with a letter or digit)",
  );

async function context(ctx: ToolContext, args: readonly string[]): Promise<CliResult> {
  return await ctx.cli.run(["context", ...args], { ambient: true, describe: `docker context ${args[0]}` });
}

export const contextList = defineTool({
  description: "docker context ls.",
  input: {},
  async run(_args, ctx) {
    const result = await context(ctx, ["ls", "--format", "{{json .}}"]);
    if (result.returncode !== 0) throw commandFailed("docker context ls", result);
    return parseNdjson(result.stdout, result.truncated, "context ls output").map((raw) => {
      const row = raw as Record<string, unknown>;
      return {
        name: row.Name,
        current: row.Current === true,
        endpoint: row.DockerEndpoint,
        ...(row.Description ? { description: row.Description } : {}),
        ...(row.Error ? { error: row.Error } : {}),
      };
    });
  },
});

export const contextInspect = defineTool({
  description: "docker context inspect.",
  input: { name },
  async run(args, ctx) {
    const result = await context(ctx, ["inspect", positional("name", args.name)]);
    if (result.returncode !== 0) throw commandFailed("docker context inspect", result);
    let parsed: unknown;
    try {
      parsed = JSON.parse(result.stdout);
    } catch {
      throw new CliError("Could not parse context inspect output as JSON.");
    }
    if (!Array.isArray(parsed)) return parsed;
    if (parsed.length === 0) throw new CliError(`docker context inspect ${args.name} returned no entries.`);
    return parsed[0];
  },
});

export const contextCreate = defineTool({
  description: "docker context create --docker host=…",
  input: {
    name,
    docker_host: z.string(),
    description: z.string().nullish(),
    tls_ca: z.string().nullish(),
    tls_cert: z.string().nullish(),
    tls_key: z.string().nullish(),
    skip_tls_verify: flag(),
  },
  async run(args, ctx) {
    const parts = [`host=${noComma("docker_host", args.docker_host)}`];
    if (args.tls_ca) parts.push(`ca=${noComma("tls_ca", args.tls_ca)}`);
    if (args.tls_cert) parts.push(`cert=${noComma("tls_cert", args.tls_cert)}`);
    if (args.tls_key) parts.push(`key=${noComma("tls_key", args.tls_key)}`);
    if (args.skip_tls_verify) parts.push("skip-tls-verify=true");
    const argv = ["create", positional("name", args.name), "--docker", parts.join(",")];
    if (args.description !== null && args.description !== undefined) argv.push("--description", args.description);
    return actionResult(await context(ctx, argv));
  },
});

export const contextUse = defineTool({
  description: "docker context use (the CLI default; the server's daemons stay as pinned).",
  input: { name },
  async run(args, ctx) {
    return actionResult(await context(ctx, ["use", positional("name", args.name)]));
  },
});

export const contextRemove = defineTool({
  description: "docker context rm.",
  input: { name, force: flag() },
  async run(args, ctx) {
    const argv = ["rm", positional("name", args.name)];
    if (args.force) argv.push("--force");
    return actionResult(await context(ctx, argv));
  },
});

export const contextDomain = defineDomain({
  name: "context",
  keywords: "docker CLI contexts; via the docker CLI",
  traits: ["cli"],
  hostless: true,
  docs: [
    externalSection("context", "https://docs.docker.com/engine/manage-resources/contexts/"),
    externalSection("context-cli", "https://docs.docker.com/reference/cli/docker/context/"),
  ],
  tools: {
    context_list: readOnly(contextList),
    context_inspect: readOnly(contextInspect),
    context_create: mutating(contextCreate),
    context_use: mutating(contextUse),
    context_remove: destructive(contextRemove),
  },
});
