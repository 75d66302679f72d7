// Is a path on a real host filesystem, or would a write there vanish with this container?
// Decided from /proc/self/mountinfo alone: the mount that is the longest prefix of the resolved path wins.

import { readFileSync, realpathSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/** Filesystems whose contents do not outlive the container (or are not files at all). */
export const EPHEMERAL_FSTYPES: ReadonlySet<string> = new Set([
  "overlay",
  "tmpfs",
  "proc",
  "sysfs",
  "cgroup",
  "cgroup2",
  "devpts",
  "mqueue",
  "shm",
  "devtmpfs",
  "fuse.lxcfs",
  "nsfs",
  "tracefs",
  "debugfs",
  "securityfs",
  "pstore",
  "bpf",
  "configfs",
  "hugetlbfs",
  "fusectl",
  "ramfs",
  "binfmt_misc",
]);

export interface Mount {
  mountPoint: string;
  fsType: string;
}

/** Decodes the kernel's octal escapes (\040 space, \011 tab, \012 newline, \134 backslash). */
export function decodeMountPath(raw: string): string {
  return raw.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/** Parses mountinfo text; malformed lines are skipped. Later lines stack on top of earlier ones. */
export function parseMountinfo(text: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of text.split("\n")) {
    const separator = line.indexOf(" - ");
    if (separator < 0) continue;
    const left = line.slice(0, separator).split(" ");
    const right = line.slice(separator + 3).split(" ");
    const mountPoint = left[4];
    const fsType = right[0];
    if (!mountPoint || !fsType || !mountPoint.startsWith("/")) continue;
    mounts.push({ mountPoint: decodeMountPath(mountPoint), fsType });
  }
  return mounts;
}

function isUnder(path: string, mountPoint: string): boolean {
  if (mountPoint === "/") return true;
  return path === mountPoint || path.startsWith(`${mountPoint}/`);
}

/** The mount a resolved absolute path lives on: the longest matching mount point, the last one when stacked. */
export function mountFor(path: string, mounts: readonly Mount[]): Mount | undefined {
  let best: Mount | undefined;
  for (const mount of mounts) {
    if (!isUnder(path, mount.mountPoint)) continue;
    if (!best || mount.mountPoint.length >= best.mountPoint.length) best = mount;
  }
  return best;
}

/**
 * Resolves symlinks in the longest existing ancestor and appends the rest, so a path that does not exist yet still
 * resolves to where it would be created.
 */
export function resolveFully(path: string): string {
  const absolute = resolve(path);
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      return join(realpathSync(current), ...missing.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return absolute;
      missing.push(basename(current));
      current = parent;
    }
  }
}

/** Reads this process's mountinfo; undefined when it cannot (then nothing counts as host-backed). */
export function readMountinfo(): string | undefined {
  try {
    return readFileSync("/proc/self/mountinfo", "utf8");
  } catch {
    return undefined;
  }
}

/** True when `path` (resolved) sits on a mount whose filesystem outlives the container. */
export function isHostBacked(path: string, mountinfo: string | undefined): boolean {
  if (mountinfo === undefined) return false;
  const mount = mountFor(resolveFully(path), parseMountinfo(mountinfo));
  return mount !== undefined && !EPHEMERAL_FSTYPES.has(mount.fsType);
}
