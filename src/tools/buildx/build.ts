// buildx build, bake and imagetools: builds always with --progress=plain, so the output is linear text
// summarised into what was built; imagetools reads and writes registry manifests without pulling.

import { z } from "zod";
import { CliError } from "../../cli/errors.js";
import { positional, positionals } from "../../cli/guard.js";
import { checkCliInputFiles } from "../../cli/input-files.js";
import { actionResult } from "../../cli/results.js";
import { workingDir } from "../../cli/working-dir.js";
import { flag, timeoutParam } from "../../contract/params.js";
import { defineTool } from "../../contract/tool.js";
import { builderName, buildx } from "./run.js";

const list = z.array(z.string()).nullish();
const map = z.record(z.string(), z.string()).nullish();

function repeat(flag: string, values: readonly string[] | null | undefined): string[] {
  return (values ?? []).flatMap((value) => [flag, value]);
}

function pairs(flag: string, values: Record<string, string> | null | undefined): string[] {
  return Object.entries(values ?? {}).flatMap(([key, value]) => [flag, `${key}=${value}`]);
}

/** Optional string flags are emitted whenever not null (even empty), as the CLI reference does. */
function optional(flag: string, value: string | null | undefined): string[] {
  return value === null || value === undefined ? [] : [flag, value];
}

function platformsFlag(platforms: readonly string[] | null | undefined): string[] {
  return platforms && platforms.length > 0 ? ["--platform", platforms.join(",")] : [];
}

export const buildxBuild = defineTool({
  description: "docker buildx build; `context` is a path or URL.",
  input: {
    context: z.string(),
    tags: list,
    platforms: list,
    file: z.string().nullish(),
    build_args: map,
    build_contexts: map,
    labels: map,
    annotations: list,
    target: z.string().nullish(),
    push: flag(),
    load: flag(),
    output: list,
    no_cache: flag(),
    no_cache_filter: list,
    pull: flag(),
    cache_from: list,
    cache_to: list,
    builder: builderName.nullish(),
    sbom: z.string().nullish(),
    provenance: z.string().nullish(),
    attest: list,
    secret: list,
    ssh: list,
    timeout_seconds: timeoutParam(1800),
  },
  async run(args, ctx) {
    if (args.context === "-") {
      throw new CliError(
        "context='-' (a Dockerfile on stdin) is not supported: the server never forwards stdin. Pass a directory or URL.",
      );
    }
    if (args.push && args.load) throw new CliError("push and load are mutually exclusive; pick one.");
    if (args.file) await checkCliInputFiles([{ parameter: "file", path: args.file }], ctx.hostFiles, undefined);
    const argv = ["build", "--progress=plain", ...repeat("--tag", args.tags), ...platformsFlag(args.platforms)];
    argv.push(...optional("--file", args.file), ...pairs("--build-arg", args.build_args));
    argv.push(...pairs("--build-context", args.build_contexts), ...pairs("--label", args.labels));
    argv.push(...repeat("--annotation", args.annotations), ...optional("--target", args.target));
    if (args.push) argv.push("--push");
    if (args.load) argv.push("--load");
    argv.push(...repeat("--output", args.output));
    if (args.no_cache) argv.push("--no-cache");
    argv.push(...repeat("--no-cache-filter", args.no_cache_filter));
    if (args.pull) argv.push("--pull");
    argv.push(...repeat("--cache-from", args.cache_from), ...repeat("--cache-to", args.cache_to));
    argv.push(...optional("--builder", args.builder), ...optional("--sbom", args.sbom));
    argv.push(...optional("--provenance", args.provenance), ...repeat("--attest", args.attest));
    argv.push(...repeat("--secret", args.secret), ...repeat("--ssh", args.ssh), positional("context", args.context));
    const result = await buildx(ctx, argv, { timeoutSeconds: args.timeout_seconds, keep: "tail" });
    return actionResult(result, { events: true });
  },
});

export const buildxBake = defineTool({
  description: "docker buildx bake in cwd.",
  input: {
    targets: list,
    files: list,
    set_overrides: list,
    push: flag(),
    load: flag(),
    no_cache: flag(),
    pull: flag(),
    builder: builderName.nullish(),
    cwd: z.string().nullish(),
    timeout_seconds: timeoutParam(1800),
  },
  async run(args, ctx) {
    const cwd = workingDir("cwd", args.cwd);
    await checkCliInputFiles(
      (args.files ?? []).map((path) => ({ parameter: "files", path })),
      ctx.hostFiles,
      cwd,
    );
    const argv = ["bake", "--progress=plain", ...repeat("-f", args.files), ...repeat("--set", args.set_overrides)];
    if (args.push) argv.push("--push");
    if (args.load) argv.push("--load");
    if (args.no_cache) argv.push("--no-cache");
    if (args.pull) argv.push("--pull");
    argv.push(...optional("--builder", args.builder), ...positionals("target", args.targets));
    const result = await buildx(ctx, argv, {
      timeoutSeconds: args.timeout_seconds,
      keep: "tail",
      ...(cwd !== undefined ? { cwd } : {}),
    });
    return actionResult(result, { events: true });
  },
});

export const buildxImagetoolsInspect = defineTool({
  description: "docker buildx imagetools inspect: a registry manifest, no pull.",
  input: {
    image: z.string(),
    raw: flag(),
    format: z.string().nullish(),
    builder: builderName.nullish(),
  },
  async run(args, ctx) {
    if (args.raw && args.format !== null && args.format !== undefined) {
      throw new CliError("raw and format are mutually exclusive; pick one.");
    }
    const argv = ["imagetools", "inspect"];
    if (args.raw) argv.push("--raw");
    argv.push(...optional("--format", args.format), ...optional("--builder", args.builder));
    argv.push(positional("image", args.image));
    const result = await buildx(ctx, argv, {});
    if (result.returncode === 0 && !result.truncated && (args.raw || args.format?.includes("json"))) {
      try {
        return { exit_code: 0, manifest: JSON.parse(result.stdout) as unknown };
      } catch {
        // Not JSON after all: return the text.
      }
    }
    return actionResult(result, { product: true });
  },
});

export const buildxImagetoolsCreate = defineTool({
  description: "docker buildx imagetools create: push an index of `sources` as `target`.",
  input: {
    target: z.string(),
    sources: z.array(z.string()),
    append: flag(),
    dry_run: flag(),
    annotations: list,
    platforms: list,
    descriptor_files: list,
    builder: builderName.nullish(),
    timeout_seconds: timeoutParam(600),
  },
  async run(args, ctx) {
    if (args.sources.length === 0 && (args.descriptor_files ?? []).length === 0) {
      throw new CliError("imagetools create needs at least one source ref or file (sources or descriptor_files).");
    }
    await checkCliInputFiles(
      (args.descriptor_files ?? []).map((path) => ({ parameter: "descriptor_files", path })),
      ctx.hostFiles,
      undefined,
    );
    const argv = ["imagetools", "create", "--tag", args.target];
    if (args.append) argv.push("--append");
    if (args.dry_run) argv.push("--dry-run");
    argv.push(...repeat("--annotation", args.annotations), ...platformsFlag(args.platforms));
    argv.push(...repeat("--file", args.descriptor_files), ...optional("--builder", args.builder));
    argv.push(...positionals("source", args.sources));
    const result = await buildx(ctx, argv, { timeoutSeconds: args.timeout_seconds });
    if (args.dry_run && result.returncode === 0) {
      try {
        return { exit_code: 0, manifest: JSON.parse(result.stdout) as unknown };
      } catch {
        // Fall through to the text.
      }
    }
    return actionResult(result, { product: args.dry_run === true });
  },
});
