// image_pull and image_push: streamed through the daemon (engine/image-transfer.ts) with progress notifications,
// cancellation, and a compact summary instead of the raw progress stream. A stream that carried an error line is a
// failure.

import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { defineTool, type ToolContext } from "../../contract/tool.js";
import { engineRequest } from "../../engine/api.js";
import { checkTag, parseReference, pullTag } from "../../engine/image-reference.js";
import { pullImage, pushImage, registryName, TransferFailure } from "../../engine/image-transfer.js";
import { authConfigInput } from "./credentials.js";
import { type ImageSummaryDoc, imageRow } from "./rows.js";
import { imagePath } from "./store.js";

/** A registry's refusal as the tool's error; anything else passes to the generic mapping. */
function refused(err: unknown, lead: string): unknown {
  return err instanceof TransferFailure ? new CallerError(err.explain(lead)) : err;
}

function transferOptions(ctx: ToolContext) {
  return { progress: (message: string) => ctx.progress(message), signal: ctx.signal };
}

export const imagePull = defineTool({
  description: "Pull an image: id, digest, size, status (all_tags: the repository's local images).",
  input: {
    repository: z.string().min(1).describe("Image reference; a tag or digest in it is used when `tag` is omitted."),
    tag: z.string().nullish().describe("Tag, or a sha256:… digest; default latest."),
    all_tags: z.boolean().default(false),
    platform: z.string().nullish().describe("os/arch[/variant]"),
  },
  async run(args, ctx) {
    const reference = parseReference(args.repository);
    if (args.tag?.startsWith("sha256:")) {
      if (!/^sha256:[0-9a-f]{64}$/.test(args.tag))
        throw new CallerError(`tag '${args.tag}' is not a valid digest: expected sha256: and 64 lowercase hex digits.`);
    } else if (args.tag) checkTag(args.tag);
    const tag = args.tag ?? pullTag(reference);
    const isDigest = tag.startsWith("sha256:");
    const target = args.all_tags
      ? `${reference.repository} (all tags)`
      : `${reference.repository}${isDigest ? "@" : ":"}${tag}`;
    const docker = await ctx.docker();
    const { summary, credentials: creds } = await pullImage(
      docker,
      ctx.logins,
      { reference, tag: args.all_tags ? undefined : tag, platform: args.platform ?? undefined },
      { ...transferOptions(ctx), envFallback: true },
    ).catch((err: unknown) => {
      throw refused(err, `Pull of ${target} (registry ${registryName(reference)}) failed`);
    });
    if (args.all_tags) {
      const images = await engineRequest<ImageSummaryDoc[]>(docker, {
        method: "GET",
        path: "/images/json",
        query: { filters: { reference: [reference.repository] } },
        signal: ctx.signal,
      });
      return { pulled: target, status: summary.status, images: images.map((image) => imageRow(image, false)) };
    }
    const inspected = await engineRequest<{ Id: string; Size?: number; RepoDigests?: string[] }>(docker, {
      method: "GET",
      path: `/images/${imagePath(target)}/json`,
      signal: ctx.signal,
    });
    return {
      pulled: target,
      id: inspected.Id,
      digest:
        summary.digest ?? inspected.RepoDigests?.find((d) => d.startsWith(`${reference.repository}@`))?.split("@")[1],
      size: inspected.Size,
      status: summary.status,
      layers: summary.layers,
      layers_reused: summary.layers_reused,
      ...(summary.warnings.length ? { warnings: summary.warnings } : {}),
      ...(creds.source !== "none" ? { credentials: creds.source } : {}),
    };
  },
});

export const imagePush = defineTool({
  description: "Push a local image to its registry: digest and size (a registry error fails the call).",
  input: {
    repository: z.string().min(1).describe("Registry-qualified name; tag it first with image_tag."),
    tag: z.string().nullish().describe("Default: the tag in `repository`, else every local tag of it."),
    auth_config: authConfigInput,
  },
  async run(args, ctx) {
    const reference = parseReference(args.repository);
    if (reference.digest) throw new CallerError("image_push takes a tag, not a digest: pass repository[:tag].");
    if (args.tag) checkTag(args.tag);
    const tag = args.tag ?? reference.tag;
    const target = tag ? `${reference.repository}:${tag}` : `${reference.repository} (all local tags)`;
    const { summary, credentials: creds } = await pushImage(
      await ctx.docker(),
      ctx.logins,
      { reference, tag, explicit: args.auth_config },
      transferOptions(ctx),
    ).catch((err: unknown) => {
      throw refused(err, `Push of ${target} (registry ${registryName(reference)}) failed`);
    });
    return {
      pushed: target,
      registry: registryName(reference),
      digest: summary.digest,
      size: summary.size,
      layers: summary.layers,
      layers_reused: summary.layers_reused,
      ...(summary.warnings.length ? { warnings: summary.warnings } : {}),
      ...(creds.source !== "none" ? { credentials: creds.source } : {}),
    };
  },
});
