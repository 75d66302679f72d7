// Reading one regular file without trusting its name. The descriptor that is read is the one checked: opened with
// O_NONBLOCK (a FIFO swapped in after a check cannot block the open), then fstat. Directories, FIFOs, sockets,
// devices and kernel pseudo-files (/proc, /sys, …) are refused with a sentence saying what the path is, and every
// read is capped before it starts and while it runs, so a file that grows cannot make it endless.

import { constants, type Stats } from "node:fs";
import { type FileHandle, lstat, open, stat, statfs } from "node:fs/promises";
import { Readable } from "node:stream";
import { EngineError } from "./errors.js";

export interface ReadLimit {
  /** What named the file, for messages: "from_file", "dockercfg_path", "build context file", … */
  readonly parameter: string;
  /** Largest size accepted: checked against fstat before reading and enforced while reading. */
  readonly maxBytes: number;
  /** Read exactly the size fstat reported, ignoring later growth (a tar entry's size is fixed); else read to EOF. */
  readonly snapshot?: boolean;
  /** Refuse a symbolic link in the last component instead of following it. */
  readonly noFollow?: boolean;
}

/** A refused or failed read of a file; `code` keeps the errno code (ENOENT, …) for callers that map it. */
export class FileReadError extends EngineError {
  override name = "FileReadError";
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface OpenedFile {
  readonly path: string;
  /** fstat of the descriptor being read. */
  readonly stats: Stats;
  readonly size: number;
  /** The bytes from the start, bounded by the limit; ending or destroying it closes the file. */
  readonly stream: Readable;
  /** Up to `bytes` from the start, without moving the stream. */
  head(bytes: number): Promise<Buffer>;
}

const CHUNK_BYTES = 64 * 1024;

/** Linux pseudo-filesystems (statfs f_type): their files are kernel state whose sizes and reads mean nothing here. */
const PSEUDO_FILESYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, "proc"],
  [0x62656572, "sysfs"],
  [0x64626720, "debugfs"],
  [0x74726163, "tracefs"],
  [0x73636673, "securityfs"],
  [0x27e0eb, "cgroup"],
  [0x63677270, "cgroup2"],
  [0xcafe4a11, "bpf"],
  [0x62656570, "configfs"],
  [0xde5e81e4, "efivarfs"],
  [0x6165676c, "pstore"],
]);

/** What a non-regular file is, in words; undefined for a regular file. */
export function irregularKind(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSymbolicLink()) return "a symbolic link";
  return "not a regular file";
}

function refusal(limit: ReadLimit, path: string, what: string): FileReadError {
  return new FileReadError(`${limit.parameter} ${path} is ${what}, not a regular file; nothing was read.`);
}

/** Refuses what is not a regular file or is above the cap; used on a path's stat and on the descriptor's fstat. */
export function checkRegular(stats: Stats, path: string, limit: ReadLimit): void {
  const kind = irregularKind(stats);
  if (kind) throw refusal(limit, path, kind);
  if (stats.size > limit.maxBytes) {
    throw new FileReadError(
      `${limit.parameter} ${path} is ${stats.size} bytes, above the ${limit.maxBytes}-byte limit for it; nothing was read.`,
    );
  }
}

/** The pseudo-filesystem the open descriptor lives on, if any (Linux; elsewhere, or without /proc, none). */
async function pseudoFilesystem(handle: FileHandle): Promise<string | undefined> {
  if (process.platform !== "linux") return undefined;
  try {
    // statfs follows the /proc/self/fd magic link to the open file itself, so this names what is being read.
    return PSEUDO_FILESYSTEMS.get((await statfs(`/proc/self/fd/${handle.fd}`)).type);
  } catch {
    return undefined;
  }
}

/** A failed stat, open or read as a sentence naming the path. */
export function describeReadError(err: unknown, path: string, limit: ReadLimit): FileReadError {
  if (err instanceof FileReadError) return err;
  const e = err as NodeJS.ErrnoException;
  const code = e?.code;
  if (code === "ENOENT") return new FileReadError(`No such file on the server host: ${path}`, code);
  if (code === "EACCES" || code === "EPERM") {
    return new FileReadError(`Cannot read ${path}: permission denied for the server's user.`, code);
  }
  if (code === "ELOOP" && limit.noFollow) return refusal(limit, path, "a symbolic link");
  if (code === "ENOTDIR")
    return new FileReadError(`No such file on the server host: ${path} (a parent is a file)`, code);
  if (code === "EIO") return new FileReadError(`Cannot read ${path}: the system reported an I/O error.`, code);
  return new FileReadError(`Cannot read ${path}: ${e?.message ?? String(err)}`, code);
}

/** An open that failed on a special file (a socket answers ENXIO) is described by what the path is. */
async function openFailure(err: unknown, path: string, limit: ReadLimit): Promise<FileReadError> {
  const info = await stat(path).catch(() => undefined);
  const kind = info ? irregularKind(info) : undefined;
  return kind ? refusal(limit, path, kind) : describeReadError(err, path, limit);
}

/**
 * The file's bytes as a stream that stops at the cap: in snapshot mode exactly `size` bytes (a shorter file is an
 * error); otherwise to EOF, failing if the file grows past `maxBytes`. Positional reads, so head() never interferes.
 */
function boundedStream(handle: FileHandle, path: string, size: number, limit: ReadLimit): Readable {
  let position = 0;
  return new Readable({
    highWaterMark: CHUNK_BYTES,
    async read() {
      try {
        // One byte past the cap tells "grew past it" from "ended exactly at it".
        const end = limit.snapshot ? size : limit.maxBytes + 1;
        const want = Math.min(CHUNK_BYTES, end - position);
        if (want <= 0) {
          this.push(null);
          return;
        }
        const buffer = Buffer.allocUnsafe(want);
        const { bytesRead } = await handle.read(buffer, 0, want, position);
        if (bytesRead === 0) {
          if (limit.snapshot && position < size) {
            throw new FileReadError(`${path} shrank while it was read (${position} of ${size} bytes); read it again.`);
          }
          this.push(null);
          return;
        }
        position += bytesRead;
        if (position > limit.maxBytes) {
          throw new FileReadError(
            `${limit.parameter} ${path} grew past the ${limit.maxBytes}-byte limit while it was read; the read stopped there.`,
          );
        }
        this.push(buffer.subarray(0, bytesRead));
      } catch (err) {
        this.destroy(describeReadError(err, path, limit));
      }
    },
    destroy(err, callback) {
      handle.close().then(
        () => callback(err),
        () => callback(err),
      );
    },
  });
}

const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

/**
 * Opens `path` (absolute) for a bounded read. Nothing is read here; the stream reads on demand. A caller that does
 * not consume the stream must destroy it (that closes the file).
 */
export async function openRegularFile(path: string, limit: ReadLimit): Promise<OpenedFile> {
  if (path.includes("\0")) throw new FileReadError(`${limit.parameter} contains a NUL byte; pass a path without it.`);
  // A path-level look first, so a device is never opened at all (opening some has side effects, e.g. a tape rewind).
  try {
    checkRegular(await (limit.noFollow ? lstat(path) : stat(path)), path, limit);
  } catch (err) {
    throw describeReadError(err, path, limit);
  }
  let handle: FileHandle;
  try {
    handle = await open(path, READ_FLAGS | (limit.noFollow ? constants.O_NOFOLLOW : 0));
  } catch (err) {
    throw await openFailure(err, path, limit);
  }
  let stats: Stats;
  try {
    stats = await handle.stat();
    checkRegular(stats, path, limit);
    const pseudo = await pseudoFilesystem(handle);
    if (pseudo) throw refusal(limit, path, `a file of the kernel's ${pseudo} pseudo-filesystem`);
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw describeReadError(err, path, limit);
  }
  const size = stats.size;
  return {
    path,
    stats,
    size,
    stream: boundedStream(handle, path, size, limit),
    async head(bytes) {
      const buffer = Buffer.alloc(Math.min(bytes, limit.maxBytes));
      try {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        return buffer.subarray(0, bytesRead);
      } catch (err) {
        throw describeReadError(err, path, limit);
      }
    },
  };
}

/** The whole file (small files only: the limit bounds the buffer). */
export async function readOpenedFile(file: OpenedFile): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of file.stream) chunks.push(chunk as Buffer);
  } finally {
    file.stream.destroy();
  }
  return Buffer.concat(chunks);
}
