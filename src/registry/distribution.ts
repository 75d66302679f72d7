// The registry v2 operations behind the registry_* tools.

import { HttpsError } from "../https/errors.js";
import { header, headerValues } from "../https/transport.js";
import type { RegistryClient } from "./client.js";
import { MANIFEST_ACCEPT, nextLink } from "./headers.js";
import { entryPlatform, formatPlatform, type IndexEntry, type Platform, selectEntry } from "./platform.js";
import { checkManifestReference, type RepositoryRef } from "./reference.js";

export const MAX_PAGES = 50;

export interface TagList {
  name: string;
  registry: string;
  tags: string[];
  truncated: boolean;
}

/**
 * A Link target as a path on the same registry: whatever its form (absolute, relative, or a host-changing
 * `//host/…` or `/\\host/…`), only its path + query are kept, so the next page never leaves the registry host.
 */
export function samehostPath(link: string): string {
  let url: URL;
  try {
    url = new URL(link, "https://same-host.invalid/");
  } catch {
    throw new HttpsError(`The registry sent an unusable next-page link '${link.slice(0, 200)}'.`);
  }
  return `${url.pathname}${url.search}`;
}

/** `pageSize` (the `n` query) exists for tests of pagination; the tools send none, as the spec says. */
export async function listTags(
  client: RegistryClient,
  ref: RepositoryRef,
  limit: number,
  pageSize?: number,
): Promise<TagList> {
  const tags: string[] = [];
  let path: string | undefined = `/v2/${ref.repository}/tags/list${pageSize ? `?n=${pageSize}` : ""}`;
  for (let page = 0; page < MAX_PAGES && path; page++) {
    const { json, response } = await client.getJson<{ tags?: unknown }>(path);
    for (const tag of Array.isArray(json.tags) ? json.tags : []) {
      if (typeof tag !== "string") continue;
      tags.push(tag);
      if (tags.length >= limit) return { name: ref.repository, registry: ref.registry, tags, truncated: true };
    }
    const next = nextLink(headerValues(response.headers, "link"));
    path = next === undefined ? undefined : samehostPath(next);
  }
  return { name: ref.repository, registry: ref.registry, tags, truncated: path !== undefined };
}

export interface ManifestDoc {
  mediaType?: unknown;
  manifests?: IndexEntry[];
  config?: { digest?: unknown; size?: unknown; mediaType?: unknown };
  layers?: Array<{ size?: unknown }>;
}

export interface ManifestResult {
  name: string;
  registry: string;
  reference: string;
  media_type: string;
  digest: string;
  manifest: ManifestDoc;
  /** Only for an index: its platforms in order (attestation entries left out). */
  platforms?: string[];
}

export async function getManifest(
  client: RegistryClient,
  ref: RepositoryRef,
  reference: string,
): Promise<ManifestResult> {
  const { json, response } = await client.getJson<ManifestDoc>(
    `/v2/${ref.repository}/manifests/${checkManifestReference(reference)}`,
    MANIFEST_ACCEPT,
  );
  const result: ManifestResult = {
    name: ref.repository,
    registry: ref.registry,
    reference,
    media_type: header(response.headers, "content-type") ?? "",
    digest: header(response.headers, "docker-content-digest") ?? "",
    manifest: json,
  };
  if (Array.isArray(json.manifests)) {
    result.platforms = json.manifests
      .map(entryPlatform)
      .filter((p): p is Platform => p !== undefined)
      .map(formatPlatform);
  }
  return result;
}

export interface ImageConfigResult {
  name: string;
  registry: string;
  reference: string;
  platform: string | null;
  config_digest: string;
  config: unknown;
}

export async function getImageConfig(
  client: RegistryClient,
  ref: RepositoryRef,
  reference: string,
  wanted: Platform,
): Promise<ImageConfigResult> {
  let { manifest } = await getManifest(client, ref, reference);
  let platform: string | null = null;
  if (Array.isArray(manifest.manifests)) {
    const selected = selectEntry(manifest.manifests, wanted);
    if (typeof selected.entry.digest !== "string") throw new HttpsError("The selected index entry has no digest.");
    platform = formatPlatform(selected.platform);
    manifest = (await getManifest(client, ref, selected.entry.digest)).manifest;
  }
  const digest = manifest.config?.digest;
  if (typeof digest !== "string" || !digest) {
    throw new HttpsError(`The manifest of ${ref.registry}/${ref.repository}:${reference} has no config descriptor.`);
  }
  const { json } = await client.getJson(`/v2/${ref.repository}/blobs/${checkManifestReference(digest)}`);
  return { name: ref.repository, registry: ref.registry, reference, platform, config_digest: digest, config: json };
}
