// image_pull and image_push: streamed through the daemon with progress notifications, cancellation, and a compact
// summary instead of the raw progress stream. A stream that carried an error line is a failure.

import type { Readable } from "node:stream";
import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { defineTool, type ToolContext } from "../../contract/tool.js";
import { engineRequest } from "../../engine/api.js";
import { daemonMessage } from "../../engine/errors.js";
import { consumeJsonStream, StreamFailure, TransferTracker } from "../../engine/progress.js";
import {
  type AuthConfig,
  authConfigInput,
  type Credentials,
  credentialsOf,
  isAuthFailure,
  scrub,
  serverEnvCredentials,
  storedCredentials,
  withCredentials,
} from "./credentials.js";
import { checkTag, type ImageReference, parseReference } from "./reference.js";
import { type ImageSummaryDoc, imageRow } from "./rows.js";
import { imagePath } from "./store.js";

interface StreamOutcome {
  tracker: TransferTracker;
}

/** Runs one streaming call to completion, feeding the tracker; failures keep the daemon's words. */
async function runTransfer(
  ctx: ToolContext,
  request: { path: string; query: Record<string, unknown>; auth: AuthConfig | undefined },
): Promise<StreamOutcome> {
  const tracker = new TransferTracker((message) => ctx.progress(message));
  const stream = await engineRequest<Readable>(await ctx.docker(), {
    method: "POST",
    path: request.path,
    query: request.query,
    // Engine 20.10 rejects a push without the header; an empty object means "anonymous".
    authconfig: request.auth ?? {},
    stream: true,
    signal: ctx.signal,
  });
  await consumeJsonStream(stream, (message) => tracker.accept(message), ctx.signal);
  return { tracker };
}

function failureText(err: unknown): string | undefined {
  if (err instanceof StreamFailure) return err.message;
  const status = (err as { statusCode?: unknown })?.statusCode;
  if (typeof status === "number") return daemonMessage(err) ?? (err as Error).message;
  return undefined;
}

function registryName(reference: ImageReference): string {
  return reference.registry ?? "docker.io";
}

function transferError(verb: string, target: string, reference: ImageReference, text: string, creds: Credentials) {
  const registry = registryName(reference);
  let hint = "";
  if (isAuthFailure(text)) {
    hint =
      creds.source === "none"
        ? ` The registry ${registry} wants credentials: log in with system_login (or pass auth_config where offered).`
        : ` The registry ${registry} refused the credentials (from ${creds.source}); check them with system_login.`;
  } else if (/no such host|dial tcp|i\/o timeout|connection refused|TLS handshake|network is unreachable/i.test(text)) {
    hint = ` The daemon could not reach ${registry}; check its network, DNS or proxy settings.`;
  }
  return new CallerError(scrub(`${verb} of ${target} (registry ${registry}) failed: ${text}.${hint}`, creds.secrets));
}

export const imagePull = defineTool({
  description:
    "Pull an image (POST /images/create) with progress notifications. Returns id, digest, size and status; all_tags returns the repository's local images.",
  input: {
    repository: z.string().min(1).describe("Image reference; a tag or digest in it is used when `tag` is omitted."),
    tag: z.string().nullish().describe("Tag, or a sha256:… digest; default latest."),
    all_tags: z.boolean().default(false),
    platform: z.string().nullish().describe("os/arch[/variant]"),
  },
  async run(args, ctx) {
    const reference = parseReference(args.repository);
    let tag = args.tag ?? reference.digest ?? reference.tag;
    if (args.tag?.startsWith("sha256:")) {
      if (!/^sha256:[0-9a-f]{64}$/.test(args.tag))
        throw new CallerError(`tag '${args.tag}' is not a valid digest: expected sha256: and 64 lowercase hex digits.`);
    } else if (args.tag) checkTag(args.tag);
    if (!args.all_tags) tag ??= "latest";
    const isDigest = tag?.startsWith("sha256:") ?? false;
    const target = args.all_tags
      ? `${reference.repository} (all tags)`
      : `${reference.repository}${isDigest ? "@" : ":"}${tag}`;
    const query = {
      fromImage: reference.repository,
      ...(args.all_tags ? {} : { tag }),
      ...(args.platform ? { platform: args.platform } : {}),
    };
    let outcome: StreamOutcome;
    let creds: Credentials;
    try {
      ({ result: outcome, creds } = await withCredentials(
        ctx,
        reference.registry,
        null,
        (attempt) => runTransfer(ctx, { path: "/images/create", query, auth: attempt.auth }),
        (err) => failureText(err) !== undefined,
      ));
    } catch (err) {
      const text = failureText(err);
      if (text === undefined) throw err;
      throw transferError("Pull", target, reference, text, credentialsOf(err));
    }
    const summary = outcome.tracker.summary();
    const docker = await ctx.docker();
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
  description:
    "Push a local image to its registry (POST /images/{name}/push) with progress notifications. A registry error fails the call. Returns digest and size.",
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
    let creds = storedCredentials(ctx, reference.registry, args.auth_config);
    if (creds.source === "none") creds = serverEnvCredentials(ctx, reference.registry) ?? creds;
    let outcome: StreamOutcome;
    try {
      outcome = await runTransfer(ctx, {
        path: `/images/${imagePath(reference.repository)}/push`,
        query: tag ? { tag } : {},
        auth: creds.auth,
      });
    } catch (err) {
      const text = failureText(err);
      if (text === undefined) throw err;
      throw transferError("Push", target, reference, text, creds);
    }
    const summary = outcome.tracker.summary();
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
