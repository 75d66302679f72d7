// Reading files a caller names: only regular files, under a cap checked before and enforced while reading, on the
// descriptor that is read (no hang on a FIFO or device, no endless read of a growing file), and a NUL byte in a path
// answered with a sentence instead of Node's ERR_INVALID_ARG_VALUE.

import { execFileSync } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packContext } from "../../src/engine/build-context.js";
import { readNamedDockerConfig } from "../../src/engine/docker-config.js";
import { checkWriteDestination, openHostFile, readHostFile } from "../../src/engine/host-files.js";
import { openRegularFile, readOpenedFile } from "../../src/engine/regular-file.js";

const dir = realpathSync(mkdtempSync(join(tmpdir(), "dmcp-unit-reads-")));
const env = { inContainer: false, home: dir };
const limit = { parameter: "from_file", maxBytes: 1024 };
let socketServer: Server;
const socketPath = join(dir, "daemon.sock");
const fifo = join(dir, "pipe");

beforeAll(async () => {
  execFileSync("mkfifo", [fifo]);
  socketServer = createServer();
  await new Promise<void>((resolve) => socketServer.listen(socketPath, resolve));
});
afterAll(() => {
  socketServer?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every refusal must come quickly: a read that blocks would time the test out instead. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const started = Date.now();
  const message = await promise.then(
    () => "resolved",
    (err: Error) => err.message,
  );
  expect(Date.now() - started).toBeLessThan(2000);
  return message;
}

describe("openHostFile refuses what is not a small regular file", () => {
  it.each([
    ["/dev/zero", /from_file \/dev\/zero is a character device, not a regular file; nothing was read/],
    ["/dev/null", /is a character device/],
    [fifo, /is a FIFO \(named pipe\), not a regular file/],
    [dir, /is a directory, not a regular file/],
    [socketPath, /is a socket, not a regular file/],
    ["/proc/self/mem", /kernel's proc pseudo-filesystem/],
    ["/proc/self/environ", /kernel's proc pseudo-filesystem/],
  ])("%s", async (path, expected) => {
    expect(await refusal(openHostFile(path, env, limit))).toMatch(expected);
  });

  it("refuses a file above the cap before reading", async () => {
    writeFileSync(join(dir, "big"), Buffer.alloc(1025));
    expect(await refusal(openHostFile(join(dir, "big"), env, limit))).toBe(
      `from_file ${join(dir, "big")} is 1025 bytes, above the 1024-byte limit for it; nothing was read.`,
    );
  });

  it("answers a NUL byte with a sentence, for reads and writes", async () => {
    expect(await refusal(openHostFile("/tmp/a\0b", env, limit))).toBe(
      "from_file contains a NUL byte, which no file path can hold; pass the path without it.",
    );
    expect(await refusal(checkWriteDestination("/tmp/a\0b", { ...env, overwrite: false }))).toMatch(
      /^dest_path contains a NUL byte/,
    );
    expect(await refusal(openRegularFile("/tmp/a\0b", limit))).toMatch(/contains a NUL byte/);
  });

  it("reads a regular file and follows a symlink to one", async () => {
    writeFileSync(join(dir, "ok.tar"), "payload");
    symlinkSync(join(dir, "ok.tar"), join(dir, "link.tar"));
    expect((await readHostFile("~/link.tar", env, limit)).toString()).toBe("payload");
    const opened = await openHostFile(join(dir, "ok.tar"), env, limit);
    expect((await opened.head(3)).toString()).toBe("pay");
    expect((await readOpenedFile(opened)).toString()).toBe("payload");
  });

  it("a symlink to a device is refused like the device", async () => {
    symlinkSync("/dev/zero", join(dir, "zero-link"));
    expect(await refusal(openHostFile(join(dir, "zero-link"), env, limit))).toMatch(/is a character device/);
  });
});

describe("the bounded reader", () => {
  it("stops with an error when the file grows past the cap while it is read", async () => {
    const path = join(dir, "growing");
    writeFileSync(path, Buffer.alloc(1000));
    const opened = await openRegularFile(path, limit);
    appendFileSync(path, Buffer.alloc(5000));
    expect(await refusal(readOpenedFile(opened))).toBe(
      `from_file ${path} grew past the 1024-byte limit while it was read; the read stopped there.`,
    );
  });

  it("in snapshot mode sends exactly the size seen at open, and fails on a file that shrank", async () => {
    const path = join(dir, "snapshot");
    writeFileSync(path, "0123456789");
    const grown = await openRegularFile(path, { ...limit, snapshot: true });
    appendFileSync(path, "more");
    expect((await readOpenedFile(grown)).toString()).toBe("0123456789");
    const shrunk = await openRegularFile(path, { ...limit, snapshot: true });
    writeFileSync(path, "01");
    expect(await refusal(readOpenedFile(shrunk))).toMatch(/shrank while it was read \(2 of 14 bytes\)/);
  });

  it("noFollow refuses a symlink instead of reading its target", async () => {
    writeFileSync(join(dir, "target"), "secret");
    symlinkSync(join(dir, "target"), join(dir, "swapped"));
    expect(await refusal(openRegularFile(join(dir, "swapped"), { ...limit, noFollow: true }))).toMatch(
      /is a symbolic link, not a regular file/,
    );
  });
});

describe("a Docker config the caller names", () => {
  it("is capped at 1 MiB and must be a JSON object; the parser never quotes the file", async () => {
    const big = join(dir, "big-config.json");
    writeFileSync(big, `{"auths":{},"pad":"${"x".repeat(1024 * 1024)}"}`);
    expect(await refusal(readNamedDockerConfig(big, env, "dockercfg_path"))).toMatch(
      /above the 1048576-byte limit for it/,
    );
    const secret = join(dir, "secret.txt");
    writeFileSync(secret, "DOCKER_PASSWORD=hunter2-secret\n");
    const message = await refusal(readNamedDockerConfig(secret, env, "dockercfg_path"));
    expect(message).toBe(`dockercfg_path ${secret} is not valid JSON; a Docker config.json was expected.`);
    writeFileSync(join(dir, "array.json"), "[1]");
    expect(await refusal(readNamedDockerConfig(join(dir, "array.json"), env, "dockercfg_path"))).toMatch(
      /expected a JSON object/,
    );
    expect(await refusal(readNamedDockerConfig("/dev/zero", env, "dockercfg_path"))).toMatch(
      /^dockercfg_path \/dev\/zero is a character device/,
    );
    expect(await refusal(readNamedDockerConfig(join(dir, "missing.json"), env, "dockercfg_path"))).toMatch(
      /No such file on the server host/,
    );
  });
});

describe("a build context directory", () => {
  async function entries(root: string): Promise<{ names: string[]; skipped: string[] }> {
    const packed = await packContext(root, "Dockerfile");
    const { extract } = await import("tar-stream");
    const names: string[] = [];
    const parser = extract();
    parser.on("entry", (header, stream, next) => {
      names.push(`${header.type}:${header.name}`);
      stream.on("end", next);
      stream.resume();
    });
    const done = new Promise<void>((resolve, reject) => {
      parser.on("finish", () => resolve());
      parser.on("error", reject);
    });
    packed.stream.pipe(parser);
    await done;
    return { names: names.sort(), skipped: packed.skipped };
  }

  it("never opens a FIFO, socket or device inside it; symlinks go as links", async () => {
    const root = join(dir, "context");
    mkdirSync(root);
    writeFileSync(join(root, "Dockerfile"), "FROM scratch\n");
    execFileSync("mkfifo", [join(root, "fifo")]);
    symlinkSync("/dev/zero", join(root, "zero"));
    const sock = createServer();
    await new Promise<void>((resolve) => sock.listen(join(root, "sock"), resolve));
    try {
      const started = Date.now();
      const { names, skipped } = await entries(root);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(names).toEqual(["file:Dockerfile", "symlink:zero"]);
      expect(skipped.sort()).toEqual(["fifo", "sock"]);
    } finally {
      sock.close();
    }
  });

  it("a .dockerignore that is a FIFO is refused, not read", async () => {
    const root = join(dir, "context-ignore");
    mkdirSync(root);
    writeFileSync(join(root, "Dockerfile"), "FROM scratch\n");
    execFileSync("mkfifo", [join(root, ".dockerignore")]);
    expect(await refusal(packContext(root, "Dockerfile"))).toMatch(
      /^\.dockerignore .*\.dockerignore is a FIFO \(named pipe\), not a regular file/,
    );
  });
});
