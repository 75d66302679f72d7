import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { checkReadSource, expandHome, openHostFile, writeHostFile } from "../../src/engine/host-files.js";

const dir = realpathSync(mkdtempSync(join(tmpdir(), "dmcp-unit-hostfiles-")));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A containerised view: overlay root, `dir` bind-mounted from the host, `dir/tmpfs` a tmpfs. */
const containerMounts = () =>
  [
    "1 0 0:1 / / rw - overlay overlay rw",
    `2 1 8:1 /x ${dir} rw - ext4 /dev/sda1 rw`,
    `3 2 0:9 / ${dir}/tmpfs rw - tmpfs tmpfs rw`,
  ].join("\n");

const host = { inContainer: false, home: dir };
const container = { inContainer: true, home: dir, mountinfo: containerMounts };

const source =
  (...parts: string[]) =>
  async () =>
    Readable.from(parts.map((p) => Buffer.from(p)));

function failingSource(afterBytes: number) {
  return async () =>
    new Readable({
      read() {
        if (this.readableLength === 0 && !(this as { sent?: boolean }).sent) {
          (this as { sent?: boolean }).sent = true;
          this.push(Buffer.alloc(afterBytes, 120));
          setTimeout(() => this.destroy(new Error("daemon connection reset")), 5);
        }
      },
    });
}

const leftovers = () => readdirSync(dir).filter((name) => name.endsWith(".partial"));

describe("host-file writer", () => {
  it("expands ~ and writes atomically, reporting the bytes", async () => {
    const result = await writeHostFile("~/a.tar", source("hello ", "world"), { ...host, overwrite: false });
    expect(result).toEqual({ path: join(dir, "a.tar"), bytes_written: 11 });
    expect(readFileSync(join(dir, "a.tar"), "utf8")).toBe("hello world");
    expect(expandHome("~", "/h")).toBe("/h");
    expect(leftovers()).toEqual([]);
  });

  it("refuses an existing destination without overwrite and never opens the source", async () => {
    writeFileSync(join(dir, "keep.tar"), "original");
    let opened = false;
    const open = async () => {
      opened = true;
      return Readable.from([Buffer.from("new")]);
    };
    await expect(writeHostFile(join(dir, "keep.tar"), open, { ...host, overwrite: false })).rejects.toThrow(
      /already exists; pass overwrite=true/,
    );
    expect(opened).toBe(false);
    expect(readFileSync(join(dir, "keep.tar"), "utf8")).toBe("original");
  });

  it("replaces with overwrite=true", async () => {
    writeFileSync(join(dir, "replace.tar"), "old");
    await writeHostFile(join(dir, "replace.tar"), source("new"), { ...host, overwrite: true });
    expect(readFileSync(join(dir, "replace.tar"), "utf8")).toBe("new");
  });

  it("a failure mid-stream leaves the existing destination byte-for-byte intact and no temp file", async () => {
    writeFileSync(join(dir, "intact.tar"), "precious");
    await expect(
      writeHostFile(join(dir, "intact.tar"), failingSource(4096), { ...host, overwrite: true }),
    ).rejects.toThrow("daemon connection reset");
    expect(readFileSync(join(dir, "intact.tar"), "utf8")).toBe("precious");
    await expect(
      writeHostFile(join(dir, "never.tar"), failingSource(4096), { ...host, overwrite: false }),
    ).rejects.toThrow();
    expect(readdirSync(dir)).not.toContain("never.tar");
    expect(leftovers()).toEqual([]);
  });

  it("cancellation removes the temp file and destroys the source", async () => {
    const controller = new AbortController();
    const stream = new Readable({ read() {} });
    const pending = writeHostFile(join(dir, "cancel.tar"), async () => stream, {
      ...host,
      overwrite: false,
      signal: controller.signal,
    });
    stream.push(Buffer.alloc(100));
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toThrow("cancelled");
    expect(stream.destroyed).toBe(true);
    expect(readdirSync(dir)).not.toContain("cancel.tar");
    expect(leftovers()).toEqual([]);
  });

  it("a missing parent directory is a clear error", async () => {
    await expect(
      writeHostFile(join(dir, "no/such/dir/x.tar"), source("x"), { ...host, overwrite: false }),
    ).rejects.toThrow(/directory .* does not exist/);
  });

  it("inside a container, refuses paths that are not host bind mounts and names the -v to add", async () => {
    await expect(writeHostFile("/tmp/out.tar", source("x"), { ...container, overwrite: false })).rejects.toThrow(
      /lost when the container exits.*-v \/tmp:\/tmp/s,
    );
    await expect(
      writeHostFile(join(dir, "tmpfs/out.tar"), source("x"), { ...container, overwrite: false }),
    ).rejects.toThrow("lost when the container exits");
    const ok = await writeHostFile(join(dir, "mounted.tar"), source("ok"), { ...container, overwrite: false });
    expect(ok.bytes_written).toBe(2);
  });
});

describe("host-file reader check", () => {
  it("resolves an existing file and streams it", async () => {
    writeFileSync(join(dir, "in.tar"), "payload");
    const opened = await openHostFile("~/in.tar", host);
    expect(opened.size).toBe(7);
    const chunks: Buffer[] = [];
    for await (const chunk of opened.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe("payload");
  });

  it("a missing file is a plain not-found on a host install", async () => {
    await expect(checkReadSource(join(dir, "missing.tar"), host)).rejects.toThrow(/No such file on the server host/);
  });

  it("inside a container, a missing file off the host mounts gets mount guidance", async () => {
    await expect(checkReadSource("/srv/missing.tar", container)).rejects.toThrow(
      /no such path is visible.*-v \/srv:\/srv/s,
    );
    await expect(checkReadSource(join(dir, "missing.tar"), container)).rejects.toThrow(
      /No such file on the server host/,
    );
  });
});
