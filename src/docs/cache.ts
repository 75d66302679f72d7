// The on-disk cache of rendered documentation pages: a second read is instant and works offline.
// Entries are keyed by section and URL, written atomically (temp file + rename) so a reader never sees half a page.

import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Pages older than this are refreshed when the network allows; the old copy is served when it does not. */
export const DOCS_CACHE_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

export interface CachedPage {
  readonly text: string;
  readonly fresh: boolean;
}

export function cacheFileName(section: string, url: string): string {
  const safe = section.replace(/[^a-z0-9._-]/gi, "_");
  return `${safe}-${createHash("sha256").update(url).digest("hex").slice(0, 12)}.md`;
}

export async function readCachedPage(
  dir: string,
  section: string,
  url: string,
  now = Date.now(),
): Promise<CachedPage | undefined> {
  const file = join(dir, cacheFileName(section, url));
  try {
    const [text, info] = await Promise.all([readFile(file, "utf8"), stat(file)]);
    return { text, fresh: now - info.mtimeMs < DOCS_CACHE_MAX_AGE_MS };
  } catch {
    return undefined;
  }
}

/** Best effort: a read-only or full disk must not fail the read that fetched the page. */
export async function writeCachedPage(dir: string, section: string, url: string, text: string): Promise<boolean> {
  const name = cacheFileName(section, url);
  const temp = join(dir, `.${name}.${randomBytes(6).toString("hex")}.partial`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temp, text, { encoding: "utf8", mode: 0o644 });
    await rename(temp, join(dir, name));
    return true;
  } catch {
    await rm(temp, { force: true }).catch(() => undefined);
    return false;
  }
}
