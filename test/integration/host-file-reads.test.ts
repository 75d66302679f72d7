// Files the server reads on a caller's behalf, through the spawned server against engine A: a device, a FIFO, a
// directory, a kernel pseudo-file, a file over its cap and a path with a NUL byte each get a quick, clear error, and
// nothing reaches the daemon. A build context holding a FIFO and a socket builds without reading them.

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { createServer, type Server as NetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  cleanupRun,
  dockerFor,
  IMAGE,
  json,
  newRun,
  type Server,
  startServer,
} from "../support/containers-harness.js";
import { tb } from "../support/testbed.js";

const run = newRun("file-reads");
const docker = dockerFor(tb("ENGINE_A_HOST"));
const work = mkdtempSync(join(tmpdir(), `${run.prefix}-`));
const fifo = join(work, "pipe");
const sparse = join(work, "sparse.tar");
const box = `${run.prefix}-box`;
const tag = `${run.prefix}:built`;
let server: Server;
let socket: NetServer;

beforeAll(async () => {
  execFileSync("mkfifo", [fifo]);
  // 65 GiB of holes: over the 64 GiB tar cap without using the disk.
  writeFileSync(sparse, "");
  truncateSync(sparse, 65 * 1024 ** 3);
  socket = createServer();
  await new Promise<void>((resolve) => socket.listen(join(work, "sock"), resolve));
  server = await startServer({ DOCKER_MCP_SERVER_HOSTS: tb("ENGINE_A_HOST") });
  await json(server, "container_run", { image: IMAGE, name: box, command: ["sleep", "600"], labels: run.label });
});

afterAll(async () => {
  await server?.close();
  socket?.close();
  await cleanupRun(docker, run.id, [tag]);
  rmSync(work, { recursive: true, force: true });
});

/** A refusal: an error, within a few seconds, with the expected sentence. */
async function refused(tool: string, args: Record<string, unknown>, expected: RegExp): Promise<void> {
  const started = Date.now();
  const result = await call(server, tool, args);
  expect(result.isError, `${tool} ${JSON.stringify(args)}: ${result.text}`).toBe(true);
  expect(result.text).toMatch(expected);
  expect(result.text).not.toContain("ERR_INVALID_ARG_VALUE");
  expect(Date.now() - started).toBeLessThan(5000);
}

const BAD_FILES: Array<[string, () => string, RegExp]> = [
  ["/dev/zero", () => "/dev/zero", /\/dev\/zero is a character device, not a regular file; nothing was read/],
  ["a FIFO", () => fifo, /is a FIFO \(named pipe\), not a regular file/],
  ["a directory", () => work, /is a directory, not a regular file/],
  ["a socket", () => join(work, "sock"), /is a socket, not a regular file/],
  ["/proc/self/mem", () => "/proc/self/mem", /kernel's proc pseudo-filesystem/],
  ["a file over the cap", () => sparse, /is 69793218560 bytes, above the 68719476736-byte limit/],
  ["a NUL byte", () => `${work}/a\0b.tar`, /contains a NUL byte, which no file path can hold/],
];

describe("from_file", () => {
  it.each(BAD_FILES)("container_archive_put refuses %s and changes nothing", async (_what, path, expected) => {
    await refused("container_archive_put", { id_or_name: box, path: "/tmp", from_file: path() }, expected);
    const listing = await json<{ output: string }>(server, "container_exec", { id_or_name: box, cmd: ["ls", "/tmp"] });
    expect(listing.output).toBe("");
  });

  it.each(BAD_FILES)("image_load refuses %s", async (_what, path, expected) => {
    await refused("image_load", { from_file: path() }, expected);
  });
});

describe("dockercfg_path", () => {
  const login = (dockercfg_path: string) => ({
    username: tb("REGISTRY_USER"),
    password: `never-sent-${run.id}`,
    registry: tb("REGISTRY_TLS"),
    dockercfg_path,
  });

  it.each(BAD_FILES.filter(([what]) => what !== "a file over the cap"))(
    "system_login refuses %s and stores nothing",
    async (_what, path, expected) => {
      await refused("system_login", login(path()), expected);
      expect(await json(server, "system_logout", {})).toEqual({ cleared: [] });
    },
  );

  it("refuses a config over 1 MiB and a file that is not JSON without quoting it", async () => {
    const big = join(work, "big.json");
    writeFileSync(big, `{"pad":"${"x".repeat(1024 * 1024)}"}`);
    await refused("system_login", login(big), /above the 1048576-byte limit/);
    const secret = join(work, "not-json.txt");
    writeFileSync(secret, `SECRET_TOKEN=${run.id}-do-not-echo\n`);
    const result = await call(server, "system_login", login(secret));
    expect(result.isError).toBe(true);
    expect(result.text).toBe(`dockercfg_path ${secret} is not valid JSON; a Docker config.json was expected.`);
    expect(result.text).not.toContain("do-not-echo");
    expect(await json(server, "system_logout", {})).toEqual({ cleared: [] });
  });
});

describe("image_build from a directory", () => {
  it("builds a context holding a FIFO and a socket without reading them, and says so", async () => {
    const context = join(work, "context");
    mkdirSync(context);
    writeFileSync(join(context, "Dockerfile"), `FROM ${IMAGE}\nCOPY hello.txt /hello.txt\n`);
    writeFileSync(join(context, "hello.txt"), "hello");
    execFileSync("mkfifo", [join(context, "fifo")]);
    const sock = createServer();
    await new Promise<void>((resolve) => sock.listen(join(context, "sock"), resolve));
    try {
      const started = Date.now();
      const built = await json<{ tags: string[]; warnings?: string[] }>(server, "image_build", {
        path: context,
        tag,
        labels: run.label,
      });
      expect(Date.now() - started).toBeLessThan(60_000);
      expect(built.tags).toContain(tag);
      expect(built.warnings).toContain(
        "Not sent (not regular files, directories or symlinks; never read): fifo, sock.",
      );
    } finally {
      sock.close();
    }
  });

  it("refuses a Dockerfile or .dockerignore that is a FIFO, and NUL bytes in path or dockerfile", async () => {
    const context = join(work, "context-fifo");
    mkdirSync(context);
    execFileSync("mkfifo", [join(context, "Dockerfile")]);
    await refused(
      "image_build",
      { path: context, tag },
      /dockerfile .*Dockerfile is a FIFO \(named pipe\), not a regular file/,
    );
    const ignored = join(work, "context-ignore");
    mkdirSync(ignored);
    writeFileSync(join(ignored, "Dockerfile"), `FROM ${IMAGE}\n`);
    execFileSync("mkfifo", [join(ignored, ".dockerignore")]);
    await refused("image_build", { path: ignored, tag }, /\.dockerignore is a FIFO \(named pipe\)/);
    await refused("image_build", { path: `${ignored}\0x`, tag }, /^path contains a NUL byte/);
    await refused("image_build", { path: ignored, dockerfile: "Docker\0file", tag }, /^dockerfile contains a NUL byte/);
  });
});

describe("dest_path", () => {
  it("a NUL byte is a sentence, not Node's error, and nothing is written", async () => {
    await refused(
      "container_export",
      { id_or_name: box, dest_path: `${work}/x\0.tar` },
      /^dest_path contains a NUL byte/,
    );
    await refused("image_save", { id_or_name: IMAGE, dest_path: `${work}/y\0.tar` }, /^dest_path contains a NUL byte/);
  });
});
