// Docker Hub: the UI API (tags, repository info; no credentials sent) and the pull-budget probe.

import { HttpsError } from "../https/errors.js";
import { isLoopbackHostname, urlHostname } from "../https/local-host.js";
import { header } from "../https/transport.js";
import type { RegistryClient } from "./client.js";
import { type Credentials, hasBoth } from "./credentials.js";
import { MAX_PAGES, samehostPath } from "./distribution.js";
import { MANIFEST_ACCEPT, parseRateLimitHeader } from "./headers.js";

export const HUB_API = "https://hub.docker.com";
export const HUB_REGISTRY = "https://registry-1.docker.io";
const RATE_LIMIT_PROBE = "/v2/ratelimitpreview/test/manifests/latest";
const DESCRIPTION_CAP = 4096;

export interface HubEndpoints {
  readonly api: string;
  readonly registry: string;
}

/** The real endpoints, unless a test gave loopback stand-ins (DOCKER_MCP_SERVER_TEST_HUB_*; anything else is ignored). */
export function hubEndpoints(testApi?: string, testRegistry?: string): HubEndpoints {
  const loopback = (value: string | undefined) => {
    if (!value) return undefined;
    try {
      const url = new URL(value);
      return /^https?:$/.test(url.protocol) && isLoopbackHostname(urlHostname(url)) ? url.origin : undefined;
    } catch {
      return undefined;
    }
  };
  return { api: loopback(testApi) ?? HUB_API, registry: loopback(testRegistry) ?? HUB_REGISTRY };
}

export interface HubTag {
  name: unknown;
  full_size: unknown;
  last_updated: unknown;
  digest: unknown;
  images: unknown;
}

interface HubImage {
  os?: unknown;
  architecture?: unknown;
  variant?: unknown;
  digest?: unknown;
  size?: unknown;
}

/** Per-platform rows cut to what identifies them (the Hub sends a dozen more fields per image). */
function compactImages(images: unknown): unknown {
  if (!Array.isArray(images)) return images;
  return (images as HubImage[]).map((image) => ({
    os: image.os,
    architecture: image.architecture,
    ...(image.variant ? { variant: image.variant } : {}),
    digest: image.digest,
    size: image.size,
  }));
}

export async function hubTags(
  client: RegistryClient,
  repository: string,
  limit: number,
): Promise<{ name: string; tags: HubTag[]; truncated: boolean }> {
  const tags: HubTag[] = [];
  let path: string | undefined = `/v2/repositories/${repository}/tags?page_size=100`;
  for (let page = 0; page < MAX_PAGES && path; page++) {
    const { json }: { json: { results?: unknown; next?: unknown } } = await client.getJson(path);
    for (const raw of Array.isArray(json.results) ? (json.results as Array<Record<string, unknown>>) : []) {
      tags.push({
        name: raw.name,
        full_size: raw.full_size,
        last_updated: raw.last_updated,
        digest: raw.digest,
        images: compactImages(raw.images),
      });
      if (tags.length >= limit) return { name: repository, tags, truncated: true };
    }
    // The body's `next` is followed, but only ever on the Hub host itself.
    path = typeof json.next === "string" && json.next ? samehostPath(json.next) : undefined;
  }
  return { name: repository, tags, truncated: path !== undefined };
}

export async function hubRepoInfo(client: RegistryClient, repository: string): Promise<unknown> {
  const { json } = await client.getJson<Record<string, unknown>>(`/v2/repositories/${repository}/`);
  const description = json.full_description;
  if (typeof description === "string" && description.length > DESCRIPTION_CAP) {
    // The README can run to tens of KB; the start says what the image is.
    json.full_description = `${description.slice(0, DESCRIPTION_CAP)}\n[truncated: ${description.length} characters in all]`;
  }
  return json;
}

export interface RateLimit {
  authenticated: boolean;
  limit: number | null;
  remaining: number | null;
  window_seconds: number | null;
  unlimited: boolean;
}

export async function hubRateLimit(client: RegistryClient, credentials: Credentials): Promise<RateLimit> {
  const response = await client.head(RATE_LIMIT_PROBE, MANIFEST_ACCEPT);
  if (response.status !== 200 && response.status !== 429) {
    throw new HttpsError(`The Docker Hub rate-limit probe answered HTTP ${response.status} (expected 200 or 429).`);
  }
  const limitHeader = header(response.headers, "ratelimit-limit");
  const remainingHeader = header(response.headers, "ratelimit-remaining");
  const limit = parseRateLimitHeader(limitHeader);
  return {
    authenticated: hasBoth(credentials),
    limit: limit.count,
    remaining: parseRateLimitHeader(remainingHeader).count,
    window_seconds: limit.windowSeconds,
    unlimited: limitHeader === undefined && remainingHeader === undefined,
  };
}
