// Files on the machine that runs the server: the one writer behind every `dest_path` and the one
// checker behind every file read on a caller's behalf (`from_file`, `dockercfg_path`, …). Writes never clobber
// without `overwrite`, go through a temp file renamed into place, and inside a container are refused where they
// would vanish with it. Reads take regular files only, under a cap per use, checked again on the open descriptor.

import { randomBytes } from "node:crypto";
import { type FileHandle, link, lstat, open, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { addAbortSignal, type Readable } from "node:stream";
import { shorten } from "../base/quote.js";
import { EngineError } from "./errors.js";
import { isHostBacked, readMountinfo } from "./mountinfo.js";
import {
  checkRegular,
  describeReadError,
  FileReadError,
  type OpenedFile,
  openRegularFile,
  type ReadLimit,
  readOpenedFile,
} from "./regular-file.js";

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

/** Node's own error for a NUL byte in a path names no argument and suggests nothing; this says both. */
export function checkPathArgument(path: string, parameter: string): void {
  if (path.includes("\0")) {
    throw new EngineError(`${parameter} contains a NUL byte, which no file path can hold; pass the path without it.`);
  }
}

/**
 * Expands a leading `~` (alone or followed by `/`) to the home directory, then makes the path absolute. A path with
 * a NUL byte is refused, naming `parameter`.
 */
export function expandHome(path: string, home: string, parameter = "path"): string {
  checkPathArgument(path, parameter);
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

/** Whether anything (even a dangling link) is at `path`. */
export async function exists(path: string): Promise<boolean> {
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

function describeFsError(err: unknown, fullPath: string): EngineError {
  const e = err as NodeJS.ErrnoException;
  // A path can be as long as the caller made it; the sentence shows its start and end.
  const path = shorten(fullPath, 200);
  if (e?.name === "AbortError") return new EngineError(`The call was cancelled; ${path} was not written.`);
  if (e?.code === "ENOENT")
    return new EngineError(`Cannot write ${path}: the directory ${shorten(dirname(fullPath), 200)} does not exist.`);
  if (e?.code === "EACCES" || e?.code === "EPERM") {
    return new EngineError(`Cannot write ${path}: permission denied for the server's user.`);
  }
  if (e?.code === "EISDIR") return new EngineError(`Cannot write ${path}: it is a directory.`);
  if (e?.code === "ENAMETOOLONG") {
    return new EngineError(
      `Cannot write ${path}: the path is too long (${fullPath.length} characters; a file name may have at most 255 bytes). Pass a shorter dest_path.`,
    );
  }
  if (e?.code === "ENOSPC") return new EngineError(`Cannot write ${path}: the disk is full.`);
  if (err instanceof EngineError) return err;
  return new EngineError(`Writing ${path} failed (${e?.code ?? "error"}): ${shorten(e?.message ?? String(err), 300)}`);
}

/**
 * Checks where a write would go, without touching anything: containerised → must be host-backed; existing → needs
 * `overwrite`. Returns the resolved path. Run it before asking the daemon for the bytes.
 */
export async function checkWriteDestination(destPath: string, options: WriteOptions): Promise<string> {
  const path = expandHome(destPath, options.home, "dest_path");
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
 * Streams `open()`'s bytes into `destPath`: checks first, then a sibling `.<name>.<random>.partial` file,
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

/** Tar files read from the server host (from_file, build contexts): far above any real image, yet finite. */
export const HOST_TAR_MAX_BYTES = 64 * 1024 ** 3;

const FROM_FILE: ReadLimit = { parameter: "from_file", maxBytes: HOST_TAR_MAX_BYTES };

export type OpenedHostFile = OpenedFile;

/**
 * Resolves a path the caller named for reading and checks what it names, without opening it: a
 * regular file within the limit. Inside a container a missing file on a non-host-backed path gets mount guidance;
 * otherwise a missing file is a plain not-found.
 */
export async function checkReadSource(
  fromFile: string,
  env: HostFileEnvironment,
  limit: ReadLimit = FROM_FILE,
): Promise<{ path: string; size: number }> {
  const path = expandHome(fromFile, env.home, limit.parameter);
  try {
    const info = await stat(path);
    checkRegular(info, path, limit);
    return { path, size: info.size };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && env.inContainer && !hostBacked(path, env)) {
      throw new FileReadError(
        `No such file ${path}: no such path is visible inside this server's container. ${mountAdvice(dirname(path))}`,
        code,
      );
    }
    throw describeReadError(err, path, limit);
  }
}

/**
 * checkReadSource, then the file opened and checked again on its descriptor (nothing swapped in between is read),
 * as a bounded stream to hand to the daemon (streamed, never buffered whole). Destroy the stream if unused.
 */
export async function openHostFile(
  fromFile: string,
  env: HostFileEnvironment,
  limit: ReadLimit = FROM_FILE,
): Promise<OpenedHostFile> {
  const { path } = await checkReadSource(fromFile, env, limit);
  return await openRegularFile(path, limit);
}

/** A small file the caller named, read whole under `limit` (a Docker config file, …). */
export async function readHostFile(fromFile: string, env: HostFileEnvironment, limit: ReadLimit): Promise<Buffer> {
  return await readOpenedFile(await openHostFile(fromFile, env, limit));
}
