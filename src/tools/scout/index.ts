// Domain `scout`: image analysis through the `docker scout` plugin (CVEs, quickview, base-image
// recommendations, comparisons, SBOMs). Every tool is read-only, runs 300 s at most, never raises on a non-zero exit,
// and returns the parsed JSON when the format is a JSON one.

import { z } from "zod";
import { CliError } from "../../cli/errors.js";
import { positional } from "../../cli/guard.js";
import { lastLines, PRODUCT_BYTES } from "../../cli/results.js";
import { defineDomain, readOnly } from "../../contract/domain.js";
import { flag } from "../../contract/params.js";
import { defineTool, type ToolContext } from "../../contract/tool.js";
import { externalSection } from "../../docs/sections.js";

const SCOUT_TIMEOUT_SECONDS = 300;

const image = z.string();
const platform = z.string().nullish();
const severities = z.array(z.string()).nullish();

const SBOM_JSON_FORMATS = new Set(["spdx", "cyclonedx", "json"]);

interface ScoutArgs {
  image: string;
  platform?: string | null | undefined;
  format: string;
}

async function scout(
  ctx: ToolContext,
  sub: string,
  args: ScoutArgs,
  flags: readonly string[],
  parsedFormats: Set<string>,
) {
  const argv = ["scout", sub, "--format", args.format, ...flags];
  if (args.platform) argv.push("--platform", args.platform);
  argv.push(positional("image", args.image));
  const result = await ctx.cli.run(argv, {
    plugin: "scout",
    timeoutSeconds: SCOUT_TIMEOUT_SECONDS,
    describe: `docker scout ${sub}`,
  });
  const out: Record<string, unknown> = { exit_code: result.returncode, format: args.format };
  const stdout = result.stdout;
  const tooBig = Buffer.byteLength(stdout) > PRODUCT_BYTES || result.truncated;
  if (tooBig) {
    out.result = Buffer.from(stdout).subarray(0, PRODUCT_BYTES).toString("utf8");
    out.truncated = true;
    out.note =
      "The report is too large for one result and was cut; narrow it (only_severity, only_fixed, platform) or use a text format.";
  } else if (parsedFormats.has(args.format)) {
    if (!stdout.trim()) out.result = null;
    else {
      try {
        out.result = JSON.parse(stdout) as unknown;
      } catch {
        out.result = stdout;
      }
    }
  } else {
    out.result = stdout;
  }
  if (result.returncode !== 0 && result.stderr.trim()) out.stderr = lastLines(result.stderr.trim().split("\n"));
  return out;
}

function severityFlag(values: readonly string[] | null | undefined): string[] {
  return values && values.length > 0 ? ["--only-severity", values.join(",")] : [];
}

export const scoutCves = defineTool({
  description: "docker scout cves (format json, sarif, spdx, list, markdown or text).",
  input: {
    image,
    only_fixed: flag(),
    only_severity: severities,
    ignore_base: flag(),
    platform,
    format: z.string().default("json"),
  },
  async run(args, ctx) {
    const flags = [...(args.only_fixed ? ["--only-fixed"] : []), ...severityFlag(args.only_severity)];
    if (args.ignore_base) flags.push("--ignore-base");
    return await scout(ctx, "cves", args, flags, new Set(["json"]));
  },
});

export const scoutQuickview = defineTool({
  description: "docker scout quickview.",
  input: { image, platform, format: z.string().default("json") },
  async run(args, ctx) {
    return await scout(ctx, "quickview", args, [], new Set(["json"]));
  },
});

export const scoutRecommendations = defineTool({
  description: "docker scout recommendations: base-image updates.",
  input: {
    image,
    only_refresh: flag(),
    only_update: flag(),
    tag: z.string().nullish(),
    platform,
    format: z.string().default("json"),
  },
  async run(args, ctx) {
    const flags: string[] = [];
    if (args.only_refresh) flags.push("--only-refresh");
    if (args.only_update) flags.push("--only-update");
    if (args.tag !== null && args.tag !== undefined) flags.push("--tag", args.tag);
    return await scout(ctx, "recommendations", args, flags, new Set(["json"]));
  },
});

export const scoutCompare = defineTool({
  description: "docker scout compare: an image against exactly one of to, to_env, to_latest.",
  input: {
    image,
    to: z.string().nullish(),
    to_env: z.string().nullish(),
    to_latest: flag(),
    only_severity: severities,
    ignore_unchanged: flag(),
    platform,
    format: z.string().default("json"),
  },
  async run(args, ctx) {
    const targets = [args.to, args.to_env, args.to_latest].filter(Boolean).length;
    if (targets !== 1) {
      throw new CliError(
        `scout_compare needs exactly one of to, to_env or to_latest (got ${targets}). Nothing was run.`,
      );
    }
    const flags: string[] = [];
    if (args.to) flags.push("--to", args.to);
    if (args.to_env) flags.push("--to-env", args.to_env);
    if (args.to_latest) flags.push("--to-latest");
    flags.push(...severityFlag(args.only_severity));
    if (args.ignore_unchanged) flags.push("--ignore-unchanged");
    return await scout(ctx, "compare", args, flags, new Set(["json"]));
  },
});

export const scoutSbom = defineTool({
  description: "docker scout sbom (format spdx, cyclonedx, json or list).",
  input: { image, platform, format: z.string().default("spdx") },
  async run(args, ctx) {
    return await scout(ctx, "sbom", args, [], SBOM_JSON_FORMATS);
  },
});

export const scoutDomain = defineDomain({
  name: "scout",
  keywords: "CVE scanning, SBOMs, base-image advice; via the docker CLI",
  traits: ["cli"],
  plugin: "scout",
  docs: [
    externalSection("scout", "https://docs.docker.com/scout/"),
    externalSection("scout-cli", "https://docs.docker.com/reference/cli/docker/scout/"),
  ],
  tools: {
    scout_cves: readOnly(scoutCves),
    scout_quickview: readOnly(scoutQuickview),
    scout_recommendations: readOnly(scoutRecommendations),
    scout_compare: readOnly(scoutCompare),
    scout_sbom: readOnly(scoutSbom),
  },
});
