// Platform strings and picking one manifest out of an index (registry_image_config).

import { CallerError } from "../base/errors.js";

export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string | undefined;
}

export function parsePlatform(text: string): Platform {
  const parts = text.trim().split("/");
  if ((parts.length !== 2 && parts.length !== 3) || parts.some((part) => !/^[A-Za-z0-9_.-]+$/.test(part))) {
    throw new CallerError(
      `Invalid platform '${text}': expected os/arch or os/arch/variant, e.g. linux/amd64 or linux/arm64/v8.`,
    );
  }
  const [os = "", architecture = "", variant] = parts;
  return { os, architecture, variant };
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join("/");
}

export interface IndexEntry {
  digest?: unknown;
  mediaType?: unknown;
  size?: unknown;
  platform?: { os?: unknown; architecture?: unknown; variant?: unknown };
}

/** The entry's platform, or undefined for entries without a real one (attestations say `unknown/unknown`). */
export function entryPlatform(entry: IndexEntry): Platform | undefined {
  const { os, architecture, variant } = entry.platform ?? {};
  if (typeof os !== "string" || typeof architecture !== "string") return undefined;
  if (!os || !architecture || os === "unknown" || architecture === "unknown") return undefined;
  return { os, architecture, variant: typeof variant === "string" && variant ? variant : undefined };
}

/** First entry matching os and architecture, and the variant when one was asked for. */
export function selectEntry(
  entries: readonly IndexEntry[],
  wanted: Platform,
): { entry: IndexEntry; platform: Platform } {
  for (const entry of entries) {
    const platform = entryPlatform(entry);
    if (!platform || platform.os !== wanted.os || platform.architecture !== wanted.architecture) continue;
    if (wanted.variant && platform.variant !== wanted.variant) continue;
    return { entry, platform };
  }
  const available = [
    ...new Set(
      entries
        .map(entryPlatform)
        .filter((p): p is Platform => p !== undefined)
        .map(formatPlatform),
    ),
  ].sort();
  throw new CallerError(
    `No manifest for platform ${formatPlatform(wanted)} in this index; available: ${available.length ? available.join(", ") : "none"}.`,
  );
}
