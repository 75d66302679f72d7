// Files on the machine that runs the server (tools.md §0.7): the one writer behind every `dest_path` and the check
// behind every `from_file`. Writes never clobber without `overwrite`, go through a temp file renamed into place, and
// inside a container are refused where they would vanish with it.

import { randomBytes } from "node:crypto";
import { createReadStream, type ReadStream } from "node:fs";
import { type FileHandle, link, lstat, open, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { addAbortSignal, type Readable } from "node:stream";
import { EngineError } from "./errors.js";
import { isHostBacked, readMountinfo } from "./mountinfo.js";

export interface HostFileEnvironment {
  /** config.inContainer: DOCKER_MCP_SERVER_IN_CONTAINER or /.dockerenv. */
  inContainer: boolean;
  /** Home directory for a leading `~`. */
  home: string;
  /** Mountinfo text; injected by tests, /proc/self/mountinfo otherwise. */
  mountinfo?: () => string | undefined;
}

export interface WriteOptions extends HostFileEnvironment {
  overwrite: boolean;
  signal?: AbortSignal;
}

export interface WriteResult {
  path: string;
  bytes_written: number;
}

/** Expands a leading `~` (alone or followed by `/`) to the home directory, then makes the path absolute. */
export function expandHome(path: string, home: string): string {
  if (path === "~") return resolve(home);
  if (path.startsWith("~/")) return resolve(home, path.slice(2));
  return resolve(path);
}

function hostBacked(path: string, env: HostFileEnvironment): boolean {
  return isHostBacked(path, (env.mountinfo ?? readMountinfo)());
}

function mountAdvice(dir: string): string {
  return (
    `The server runs in a container: bind-mount that directory with the same path inside and out ` +
    `(-v ${dir}:${dir}) when starting it, or use the in-band variant (no dest_path / from_file) to move the bytes ` +
    "through the protocol instead."
  );
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

function alreadyExists(path: string): EngineError {
  return new EngineError(`${path} already exists; pass overwrite=true to replace it. Nothing was written.`);
}

function describeFsError(err: unknown, path: string): EngineError {
  const e = err as NodeJS.ErrnoException;
  if (e?.name === "AbortError") return new EngineError(`The call was cancelled; ${path} was not written.`);
  if (e?.code === "ENOENT")
    return new EngineError(`Cannot write ${path}: the directory ${dirname(path)} does not exist.`);
  if (e?.code === "EACCES" || e?.code === "EPERM") {
    return new EngineError(`Cannot write ${path}: permission denied for the server's user.`);
  }
  if (e?.code === "EISDIR") return new EngineError(`Cannot write ${path}: it is a directory.`);
  return err instanceof EngineError ? err : new EngineError(`Writing ${path} failed: ${e?.message ?? String(err)}`);
}

/**
 * Checks where a write would go, without touching anything: containerised → must be host-backed; existing → needs
 * `overwrite`. Returns the resolved path. Run it before asking the daemon for the bytes.
 */
export async function checkWriteDestination(destPath: string, options: WriteOptions): Promise<string> {
  const path = expandHome(destPath, options.home);
  if (options.inContainer && !hostBacked(path, options)) {
    throw new EngineError(
      `Refusing to write ${path}: it is not on a host bind mount, so the file would be lost when the container exits. ` +
        mountAdvice(dirname(path)),
    );
  }
  if (!options.overwrite && (await exists(path))) throw alreadyExists(path);
  return path;
}

/** Moves the finished temp file onto the destination; without overwrite a hard link refuses to clobber atomically. */
async function publish(temp: string, path: string, overwrite: boolean): Promise<void> {
  if (overwrite) {
    await rename(temp, path);
    return;
  }
  try {
    await link(temp, path);
    await unlink(temp);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw alreadyExists(path);
    // Filesystems without hard links: check again, then rename (a small race, but never a partial file).
    if (await exists(path)) throw alreadyExists(path);
    await rename(temp, path);
  }
}

async function copyInto(file: FileHandle, source: Readable): Promise<number> {
  let written = 0;
  for await (const chunk of source) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    await file.write(buffer);
    written += buffer.length;
  }
  return written;
}

/**
 * Streams `open()`'s bytes into `destPath` (§0.7): checks first, then a sibling `.<name>.<random>.partial` file,
 * fsync, and an atomic rename. On any failure the temp file is removed and an existing destination is untouched.
 * The source is always destroyed. No byte cap: the bytes go to disk, not memory.
 */
export async function writeHostFile(
  destPath: string,
  openSource: () => Promise<Readable>,
  options: WriteOptions,
): Promise<WriteResult> {
  const path = await checkWriteDestination(destPath, options);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.partial`);
  let file: FileHandle | undefined;
  let source: Readable | undefined;
  try {
    file = await open(temp, "wx");
    options.signal?.throwIfAborted();
    source = await openSource();
    if (options.signal) addAbortSignal(options.signal, source);
    const written = await copyInto(file, source);
    await file.sync();
    await file.close();
    file = undefined;
    await publish(temp, path, options.overwrite);
    return { path, bytes_written: written };
  } catch (err) {
    await file?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw describeFsError(err, path);
  } finally {
    source?.destroy();
  }
}

export interface OpenedHostFile {
  path: string;
  size: number;
  stream: ReadStream;
}

/**
 * Resolves a `from_file` path (§0.7 read rules): inside a container a missing file on a non-host-backed path gets
 * mount guidance; otherwise a missing file is a plain not-found.
 */
export async function checkReadSource(
  fromFile: string,
  env: HostFileEnvironment,
): Promise<{ path: string; size: number }> {
  const path = expandHome(fromFile, env.home);
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new EngineError(`${path} is a directory; from_file must name a file.`);
    return { path, size: info.size };
  } catch (err) {
    if (err instanceof EngineError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && env.inContainer && !hostBacked(path, env)) {
      throw new EngineError(
        `No such file ${path}: no such path is visible inside this server's container. ${mountAdvice(dirname(path))}`,
      );
    }
    if (code === "ENOENT") throw new EngineError(`No such file on the server host: ${path}`);
    if (code === "EACCES") throw new EngineError(`Cannot read ${path}: permission denied for the server's user.`);
    throw new EngineError(`Cannot read ${path}: ${(err as Error).message}`);
  }
}

/** checkReadSource, then a read stream to hand to the daemon (streamed, never buffered whole). */
export async function openHostFile(fromFile: string, env: HostFileEnvironment): Promise<OpenedHostFile> {
  const { path, size } = await checkReadSource(fromFile, env);
  return { path, size, stream: createReadStream(path) };
}
