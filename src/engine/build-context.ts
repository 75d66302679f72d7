// Packs a build context directory on the server host into a tar stream for POST /build, honouring .dockerignore the
// way the docker CLI does. Files are streamed one at a time from disk, so memory stays bounded whatever the size;
// sockets, FIFOs and devices are never opened.

import type { Stats } from "node:fs";
import { lstat, readdir, readlink } from "node:fs/promises";
import { join, posix, relative, sep } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { pack as tarPack } from "tar-stream";
import { HOST_TAR_MAX_BYTES } from "./host-files.js";
import { FileReadError, openRegularFile, readOpenedFile } from "./regular-file.js";

interface IgnoreRule {
  regex: RegExp;
  negated: boolean;
}

/** Converts one .dockerignore pattern (Go filepath.Match plus `**`) into an anchored regular expression. */
export function patternToRegex(pattern: string): RegExp {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === "*") {
      if (pattern[i + 1] === "*") {
        i++;
        // `**/` matches zero or more directories; a trailing `**` matches everything below.
        if (pattern[i + 1] === "/") {
          i++;
          out += "(?:.*/)?";
        } else out += ".*";
      } else out += "[^/]*";
    } else if (ch === "?") out += "[^/]";
    else if (ch === "[") {
      const close = pattern.indexOf("]", i + 1);
      if (close < 0) out += "\\[";
      else {
        let body = pattern.slice(i + 1, close);
        if (body.startsWith("!")) body = `^${body.slice(1)}`;
        out += `[${body.replace(/\\/g, "\\\\")}]`;
        i = close;
      }
    } else if (ch === "\\" && i + 1 < pattern.length) {
      i++;
      out += (pattern[i] as string).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    } else out += ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}

/** Parses .dockerignore text into rules; comments and blank lines are skipped, paths are cleaned and made relative. */
export function parseDockerignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const negated = line.startsWith("!");
    if (negated) line = line.slice(1).trim();
    const cleaned = posix.normalize(line).replace(/^\/+/, "").replace(/\/+$/, "");
    if (!cleaned || cleaned === ".") continue;
    rules.push({ regex: patternToRegex(cleaned), negated });
  }
  return rules;
}

/** Last matching rule wins; a rule matching a parent directory matches everything below it. */
export function isExcluded(path: string, rules: readonly IgnoreRule[]): boolean {
  let excluded = false;
  const parts = path.split("/");
  for (const rule of rules) {
    let matched = false;
    for (let depth = parts.length; depth > 0 && !matched; depth--) {
      matched = rule.regex.test(parts.slice(0, depth).join("/"));
    }
    if (matched) excluded = !rule.negated;
  }
  return excluded;
}

export interface ContextEntry {
  /** Path inside the context, `/`-separated. */
  name: string;
  /** `special`: a socket, FIFO or device, which is never opened and not sent. */
  type: "file" | "directory" | "symlink" | "special";
}

/** Walks the context and yields what the tar will hold, in a stable order. */
export async function* walkContext(
  root: string,
  rules: readonly IgnoreRule[],
  keep: ReadonlySet<string>,
): AsyncGenerator<ContextEntry> {
  const hasExceptions = rules.some((rule) => rule.negated);
  async function* walk(dir: string): AsyncGenerator<ContextEntry> {
    const names = (await readdir(dir)).sort();
    for (const name of names) {
      const full = join(dir, name);
      const rel = relative(root, full).split(sep).join("/");
      const stat = await lstat(full);
      const excluded = !keep.has(rel) && isExcluded(rel, rules);
      if (stat.isDirectory()) {
        if (!excluded) yield { name: rel, type: "directory" };
        // An exception rule (`!dir/keep`) or the Dockerfile may re-include something below an excluded directory.
        if (!excluded || hasExceptions || [...keep].some((path) => path.startsWith(`${rel}/`))) yield* walk(full);
        continue;
      }
      if (excluded) continue;
      if (stat.isFile()) yield { name: rel, type: "file" };
      // Symlinks are sent as links, never followed, as the docker CLI does.
      else if (stat.isSymbolicLink()) yield { name: rel, type: "symlink" };
      // Reading a FIFO or a device could block or never end: such entries are reported, not sent.
      else yield { name: rel, type: "special" };
    }
  }
  yield* walk(root);
}

/** The whole context, like a from_file tar: finite, far above any real build. */
const CONTEXT_MAX_BYTES = HOST_TAR_MAX_BYTES;
const CONTEXT_FILE = { parameter: "build context file", maxBytes: CONTEXT_MAX_BYTES };
const DOCKERIGNORE_MAX_BYTES = 1024 * 1024;

async function readDockerignore(root: string): Promise<string> {
  const limit = { parameter: ".dockerignore", maxBytes: DOCKERIGNORE_MAX_BYTES };
  try {
    return (await readOpenedFile(await openRegularFile(join(root, ".dockerignore"), limit))).toString("utf8");
  } catch (err) {
    // No .dockerignore: everything is sent.
    if (err instanceof FileReadError && err.code === "ENOENT") return "";
    throw err;
  }
}

export interface PackedContext {
  stream: Readable;
  /** Special files not sent (paths inside the context), filled while the stream is read. */
  skipped: string[];
}

/**
 * A tar stream of `root` for the daemon. `dockerfile` (relative to root) and .dockerignore are always included, as
 * the docker CLI does, even when .dockerignore matches them. Owner ids are zeroed like the CLI's context. Each file
 * is opened without following links and checked on its descriptor, then exactly the size in its header is sent.
 */
export async function packContext(root: string, dockerfile: string): Promise<PackedContext> {
  const rules = parseDockerignore(await readDockerignore(root));
  const keep = new Set([posix.normalize(dockerfile.split(sep).join("/")), ".dockerignore"]);
  const tar = tarPack();
  const skipped: string[] = [];
  let total = 0;
  void (async () => {
    try {
      for await (const entry of walkContext(root, rules, keep)) {
        const full = join(root, ...entry.name.split("/"));
        if (entry.type === "special") {
          skipped.push(entry.name);
          continue;
        }
        if (entry.type === "file") {
          const file = await openRegularFile(full, { ...CONTEXT_FILE, snapshot: true, noFollow: true });
          total += file.size;
          if (total > CONTEXT_MAX_BYTES) {
            file.stream.destroy();
            throw new FileReadError(
              `The build context ${root} holds more than ${CONTEXT_MAX_BYTES} bytes (reached at ${entry.name}); ` +
                "exclude what the build does not need with .dockerignore.",
            );
          }
          const sink = tar.entry({ ...tarHeader(entry.name, file.stats), type: "file", size: file.size });
          await pipeline(file.stream, sink);
          continue;
        }
        const stat = await lstat(full);
        if (entry.type === "directory") tar.entry({ ...tarHeader(entry.name, stat), type: "directory" });
        else tar.entry({ ...tarHeader(entry.name, stat), type: "symlink", linkname: await readlink(full) });
      }
      tar.finalize();
    } catch (err) {
      tar.destroy(err as Error);
    }
  })();
  // tar-stream's pack is a streamx stream; a Node Readable is what the HTTP layer pipes.
  return { stream: Readable.from(tar), skipped };
}

function tarHeader(name: string, stat: Stats) {
  return { name, mode: stat.mode & 0o7777, mtime: stat.mtime, uid: 0, gid: 0 };
}
