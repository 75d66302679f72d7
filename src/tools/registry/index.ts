// Domain `registry`: OCI registries and Docker Hub over HTTPS, no daemon involved. The client rules
// (auth, realm guard, retries, caps, loopback HTTP) live in src/registry/; this file maps arguments onto them.

import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { untrusted } from "../../base/untrusted.js";
import { defineDomain, readOnly } from "../../contract/domain.js";
import { defineTool } from "../../contract/tool.js";
import { externalSection } from "../../docs/sections.js";
import { abortableSleep } from "../../engine/timers.js";
import { type Credentials, resolveCredentials } from "../../registry/credentials.js";
import { getImageConfig, getManifest, listTags } from "../../registry/distribution.js";
import { hubRateLimit, hubRepoInfo, hubTags } from "../../registry/hub.js";
import { parsePlatform } from "../../registry/platform.js";
import { normalizeHubRepository, parseRepositoryRef } from "../../registry/reference.js";

const cancelledWait = () => new CallerError("The wait was cancelled.");

const NO_CREDENTIALS: Credentials = { username: undefined, password: undefined };

const repository = z.string();
const username = z.string().nullish();
const password = z.string().nullish();
const limit = (fallback: number) => z.number().int().min(1, "limit must be >= 1").default(fallback);
const reference = z.string().default("latest").describe("Tag or digest.");

/** No error message ever shows a password, whatever a server echoed (the password itself, or its Basic header). */
async function guarded<T>(credentials: Credentials, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const secrets = credentials.password
      ? [Buffer.from(`${credentials.username ?? ""}:${credentials.password}`).toString("base64"), credentials.password]
      : [];
    const message = (err as Error)?.message ?? String(err);
    const safe = secrets
      .reduce((text, secret) => text.replaceAll(secret, "***"), message)
      .replace(/\bBasic\s+[A-Za-z0-9+/]{4,}=*/g, "Basic ***");
    // Scrubbed in place, so the error keeps its class (a caller error stays one).
    if (safe !== message && err instanceof Error) err.message = safe;
    throw err;
  }
}

export const registryTags = defineTool({
  description: "A repository's tags from its registry (v2 API, every page).",
  input: { repository, username, password, limit: limit(1000) },
  async run(args, ctx) {
    const credentials = resolveCredentials(args, ctx.logins.fromEnv);
    return await guarded(credentials, async () => {
      const ref = parseRepositoryRef(args.repository);
      return await listTags(ctx.registry.client(ref.registry, credentials, ctx.signal), ref, args.limit);
    });
  },
});

export const registryTagWait = defineTool({
  description: "Poll a registry until a tag appears (e.g. a CI push).",
  input: {
    repository,
    tag: z.string().min(1),
    username,
    password,
    limit: limit(1000),
    timeout_seconds: z.number().min(0, "timeout_seconds must be >= 0").default(600),
    poll_interval: z.number().positive("poll_interval must be > 0").default(5),
  },
  async run(args, ctx) {
    const credentials = resolveCredentials(args, ctx.logins.fromEnv);
    return await guarded(credentials, async () => {
      const ref = parseRepositoryRef(args.repository);
      const registry = ctx.registry.client(ref.registry, credentials, ctx.signal);
      const started = performance.now();
      const deadline = started + args.timeout_seconds * 1000;
      const result = (met: boolean) => ({
        repository: args.repository,
        tag: args.tag,
        met,
        timed_out: !met,
        waited_seconds: Math.round((performance.now() - started) / 10) / 100,
      });
      for (;;) {
        const { tags } = await listTags(registry, ref, args.limit);
        if (tags.includes(args.tag)) return result(true);
        const remaining = deadline - performance.now();
        if (remaining <= 0) return result(false);
        ctx.progress(`${args.tag} not in ${ref.registry}/${ref.repository} yet`);
        await abortableSleep(Math.min(args.poll_interval * 1000, remaining), ctx.signal, cancelledWait);
      }
    });
  },
});

export const registryManifest = defineTool({
  description: "A manifest or index from a registry, with media type and digest (an index lists its platforms).",
  input: { repository, reference, username, password },
  async run(args, ctx) {
    const credentials = resolveCredentials(args, ctx.logins.fromEnv);
    return await guarded(credentials, async () => {
      const ref = parseRepositoryRef(args.repository);
      return await getManifest(ctx.registry.client(ref.registry, credentials, ctx.signal), ref, args.reference);
    });
  },
});

export const registryImageConfig = defineTool({
  description:
    "An image's config from its registry without pulling: env, entrypoint, cmd, user, labels, ports, created, arch, history.",
  input: {
    repository,
    reference,
    platform: z
      .string()
      .default("linux/amd64")
      .describe("os/arch or os/arch/variant; used when the reference is an index."),
    username,
    password,
  },
  async run(args, ctx) {
    const credentials = resolveCredentials(args, ctx.logins.fromEnv);
    return await guarded(credentials, async () => {
      const wanted = parsePlatform(args.platform);
      const ref = parseRepositoryRef(args.repository);
      return await getImageConfig(
        ctx.registry.client(ref.registry, credentials, ctx.signal),
        ref,
        args.reference,
        wanted,
      );
    });
  },
});

const hubRepository = z.string().describe("e.g. alpine (= library/alpine) or bitnami/redis.");

export const hubTagsTool = defineTool({
  description: "A public Docker Hub repository's tags: size, date, digest, platforms (Hub API).",
  input: { repository: hubRepository, limit: limit(100) },
  async run(args, ctx) {
    return await guarded(NO_CREDENTIALS, async () => {
      const name = normalizeHubRepository(args.repository);
      const { api } = ctx.registry.hub;
      return await hubTags(ctx.registry.client(api, NO_CREDENTIALS, ctx.signal), name, args.limit);
    });
  },
});

export const hubRepoInfoTool = defineTool({
  description: "Docker Hub repository metadata: description, stars, pulls, last update, visibility (Hub API).",
  input: { repository: hubRepository },
  async run(args, ctx) {
    return await guarded(NO_CREDENTIALS, async () => {
      const name = normalizeHubRepository(args.repository);
      const { api } = ctx.registry.hub;
      const info = await hubRepoInfo(ctx.registry.client(api, NO_CREDENTIALS, ctx.signal), name);
      return markHubText(info);
    });
  },
});

/** The repository's own words (description, README) are the publisher's text: marked as data. */
function markHubText(info: unknown): unknown {
  if (info === null || typeof info !== "object" || Array.isArray(info)) return info;
  const out = { ...(info as Record<string, unknown>) };
  for (const key of ["description", "full_description"]) {
    const text = out[key];
    if (typeof text === "string") out[key] = untrusted("Docker Hub text", text);
  }
  return out;
}

export const hubRateLimitTool = defineTool({
  description: "Remaining Docker Hub pull budget (this IP or account), without spending a pull.",
  input: { username, password },
  async run(args, ctx) {
    const credentials = resolveCredentials(args, ctx.logins.fromEnv);
    return await guarded(credentials, async () => {
      const { registry } = ctx.registry.hub;
      return await hubRateLimit(ctx.registry.client(registry, credentials, ctx.signal), credentials);
    });
  },
});

export const registryDomain = defineDomain({
  name: "registry",
  keywords:
    "OCI registries and Docker Hub over HTTPS; works without a daemon. `repository` as for docker pull (alpine, ghcr.io/org/repo; a tag in it is ignored); no username and password = the configured credentials",
  hostless: true,
  docs: [
    externalSection("registry-api", "https://distribution.github.io/distribution/spec/api/"),
    externalSection("oci-distribution-spec", "https://github.com/opencontainers/distribution-spec/blob/main/spec.md"),
    externalSection("hub-api", "https://docs.docker.com/reference/api/hub/latest/"),
  ],
  tools: {
    registry_tags: readOnly(registryTags),
    registry_tag_wait: readOnly(registryTagWait),
    registry_manifest: readOnly(registryManifest),
    registry_image_config: readOnly(registryImageConfig),
    hub_tags: readOnly(hubTagsTool),
    hub_repo_info: readOnly(hubRepoInfoTool),
    hub_rate_limit: readOnly(hubRateLimitTool),
  },
});
