import { describe, expect, it } from "vitest";
import { decodeMountPath, isHostBacked, mountFor, parseMountinfo } from "../../src/engine/mountinfo.js";

// A containerised server: overlay root, a bind mount with a space in its name, a tmpfs under it.
const CONTAINER = [
  "100 90 0:50 / / rw,relatime - overlay overlay rw,lowerdir=/a",
  "101 100 0:51 / /proc rw - proc proc rw",
  "102 100 254:1 /srv/out /data\\040dir rw,relatime - ext4 /dev/vda1 rw",
  "103 102 0:52 / /data\\040dir/scratch rw - tmpfs tmpfs rw",
  "garbage line without separator",
  "104 100 254:1 /home/u /home/u rw - xfs /dev/vda2 rw",
].join("\n");

describe("mountinfo", () => {
  it("parses mount points and filesystem types, decoding octal escapes and skipping junk", () => {
    const mounts = parseMountinfo(CONTAINER);
    expect(mounts.map((m) => m.mountPoint)).toEqual(["/", "/proc", "/data dir", "/data dir/scratch", "/home/u"]);
    expect(decodeMountPath("a\\011b\\012c\\134d")).toBe("a\tb\nc\\d");
  });

  it("picks the longest prefix at a path boundary", () => {
    const mounts = parseMountinfo(CONTAINER);
    expect(mountFor("/data dir/x/y.tar", mounts)?.fsType).toBe("ext4");
    expect(mountFor("/data dir/scratch/y.tar", mounts)?.fsType).toBe("tmpfs");
    expect(mountFor("/data dirt/y.tar", mounts)?.fsType).toBe("overlay");
    expect(mountFor("/home/u", mounts)?.fsType).toBe("xfs");
  });

  it("only real host filesystems count as host-backed", () => {
    expect(isHostBacked("/data dir/new/file.tar", CONTAINER)).toBe(true);
    expect(isHostBacked("/home/u/out.tar", CONTAINER)).toBe(true);
    expect(isHostBacked("/data dir/scratch/file.tar", CONTAINER)).toBe(false);
    expect(isHostBacked("/tmp/file.tar", CONTAINER)).toBe(false);
    expect(isHostBacked("/proc/x", CONTAINER)).toBe(false);
  });

  it("unreadable mountinfo is never host-backed", () => {
    expect(isHostBacked("/home/u/out.tar", undefined)).toBe(false);
  });

  it("a later mount on the same point stacks on top", () => {
    const stacked = "1 0 0:1 / / rw - ext4 /dev/a rw\n2 1 0:2 / /x rw - ext4 /dev/b rw\n3 1 0:3 / /x rw - tmpfs t rw";
    expect(isHostBacked("/x/f", stacked)).toBe(false);
  });
});
