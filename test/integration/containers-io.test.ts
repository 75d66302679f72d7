// container_exec, container_logs, container_wait and the archive tools, against both engines.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pack } from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isHostBacked, parseMountinfo, readMountinfo } from "../../src/engine/mountinfo.js";
import {
  call,
  cleanupRun,
  dockerFor,
  engines,
  IMAGE,
  json,
  newRun,
  peakRssKib,
  type Server,
  startServer,
} from "../support/containers-harness.js";
import { unfence, unfenceOrNull } from "../support/untrusted.js";

async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const archive = pack();
  for (const [name, content] of Object.entries(files)) archive.entry({ name }, content);
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Names and contents of a tar's regular files. */
async function untar(bytes: Buffer): Promise<Record<string, string>> {
  const { extract } = await import("tar-stream");
  const reader = extract();
  const files: Record<string, string> = {};
  const done = new Promise<void>((resolve, reject) => {
    reader.on("entry", (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: unknown) => {
        chunks.push(chunk as Buffer);
      });
      stream.on("end", () => {
        if (header.type === "file") files[header.name] = Buffer.concat(chunks).toString();
        next();
      });
    });
    reader.on("finish", resolve);
    reader.on("error", reject);
  });
  reader.end(bytes);
  await done;
  return files;
}

/**
 * The server always believes it is containerised in these tests (IN_CONTAINER=1), so file writes need a host-backed
 * directory per mountinfo; an ephemeral mount (tmpfs) shows the refusal.
 */
const mountinfo = readMountinfo();
const hostBackedBase = [tmpdir(), "/var/tmp", process.cwd()].find((dir) => isHostBacked(dir, mountinfo));
const ephemeralDir = parseMountinfo(mountinfo ?? "").find(
  (mount) => mount.fsType === "tmpfs" && existsSync(mount.mountPoint) && mount.mountPoint !== "/",
)?.mountPoint;

describe.each(engines())("containers I/O on engine $name", (engine) => {
  const run = newRun("containers-io");
  const docker = dockerFor(engine.url);
  let server: Server;
  let files: string;
  const name = (suffix: string) => `${run.prefix}-${suffix}`;
  const start = (suffix: string, command: string[], extra: Record<string, unknown> = {}) =>
    json<{ id: string; status: string }>(server, "container_run", {
      image: IMAGE,
      name: name(suffix),
      command,
      labels: run.label,
      ...extra,
    });

  beforeAll(async () => {
    server = await startServer({ DOCKER_MCP_SERVER_HOSTS: engine.url, DOCKER_MCP_SERVER_IN_CONTAINER: "1" });
    await start("box", ["sleep", "600"]);
    if (hostBackedBase) files = mkdtempSync(join(hostBackedBase, `${run.prefix}-`));
  });
  afterAll(async () => {
    await server?.close();
    await cleanupRun(docker, run.id);
    if (files) rmSync(files, { recursive: true, force: true });
  });

  describe("exec", () => {
    it("returns exit codes and keeps stderr apart with demux", async () => {
      const result = await json(server, "container_exec", {
        id_or_name: name("box"),
        cmd: ["sh", "-c", "echo to-out; echo to-err >&2; exit 7"],
        demux: true,
      });
      expect({ ...result, output: (result.output as string[]).map(unfenceOrNull) }).toEqual({
        exit_code: 7,
        output: ["to-out\n", "to-err\n"],
      });
      const combined = await json(server, "container_exec", {
        id_or_name: name("box"),
        cmd: ["sh", "-c", "echo a; echo b >&2"],
      });
      expect(combined.exit_code).toBe(0);
      expect(unfence(String(combined.output)).split("\n").sort()).toEqual(["", "a", "b"]);
      const onlyErr = await json(server, "container_exec", {
        id_or_name: name("box"),
        cmd: ["sh", "-c", "echo hidden; echo shown >&2"],
        stdout: false,
        demux: true,
      });
      expect((onlyErr.output as Array<string | null>).map(unfenceOrNull)).toEqual([null, "shown\n"]);
    });

    it("honours workdir, environment and user; argv is not shell-expanded", async () => {
      const result = await json(server, "container_exec", {
        id_or_name: name("box"),
        cmd: ["sh", "-c", 'echo "$PWD $GREETING $(id -u)"'],
        workdir: "/tmp",
        environment: { GREETING: "hello" },
        user: "65534",
      });
      expect({ ...result, output: unfence(String(result.output)) }).toEqual({
        exit_code: 0,
        output: "/tmp hello 65534\n",
      });
      const literal = await json(server, "container_exec", {
        id_or_name: name("box"),
        cmd: ["echo", "$HOME;", "`id`"],
      });
      expect(unfence(String(literal.output))).toBe("$HOME; `id`\n");
      const missing = await json(server, "container_exec", { id_or_name: name("box"), cmd: ["/no/such/binary"] });
      expect([126, 127]).toContain(missing.exit_code);
    });

    it("bounds a large output and says so", async () => {
      const result = await json<{ exit_code: number; output: string; note?: string }>(server, "container_exec", {
        id_or_name: name("box"),
        cmd: ["sh", "-c", "yes 0123456789 | head -c 3000000; echo; echo THE-END"],
      });
      expect(result.exit_code).toBe(0);
      expect(Buffer.byteLength(result.output)).toBeLessThanOrEqual(60 * 1024);
      expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThan(64 * 1024);
      expect(unfence(result.output).trimEnd().endsWith("THE-END")).toBe(true);
      expect(result.note).toMatch(/output truncated: kept the last 61440 of 3000\d+ bytes/);
    });

    it("refuses a stopped container", async () => {
      await start("stopped", ["true"]);
      await docker.getContainer(name("stopped")).wait();
      const result = await call(server, "container_exec", { id_or_name: name("stopped"), cmd: ["true"] });
      expect(result.isError).toBe(true);
      expect(result.text).toContain(`Container ${name("stopped")} is not running; start it first`);
    });

    it("refuses a paused container and a missing one with the advice to follow", async () => {
      await start("paused", ["sleep", "600"]);
      await docker.getContainer(name("paused")).pause();
      const paused = await call(server, "container_exec", { id_or_name: name("paused"), cmd: ["true"] });
      expect(paused.isError).toBe(true);
      expect(paused.text).toBe(`Container ${name("paused")} is paused; unpause it before running a command in it.`);
      await docker.getContainer(name("paused")).unpause();
      const missing = await call(server, "container_exec", { id_or_name: name("missing"), cmd: ["true"] });
      expect(missing.isError).toBe(true);
      expect(missing.text).toMatch(/no such container|not found/i);
    });
  });

  describe("logs", () => {
    beforeAll(async () => {
      await start("logs", [
        "sh",
        "-c",
        "i=1; while [ $i -le 500 ]; do echo line $i; i=$((i+1)); done; sleep 1; echo oops >&2; sleep 600",
      ]);
      await json(server, "container_wait", {
        id_or_name: name("logs"),
        until: "log-match",
        pattern: "oops",
        timeout_seconds: 30,
        poll_interval: 0.2,
      });
    });

    it("returns the newest 200 lines by default, and honours tail, stream selection and timestamps", async () => {
      const text = unfence((await call(server, "container_logs", { id_or_name: name("logs") })).text);
      const lines = text.split("\n");
      expect(lines).toHaveLength(200);
      expect(lines).toContain("line 500");
      expect(lines).toContain("oops");
      expect(lines).not.toContain("line 300");
      const onlyErr = await call(server, "container_logs", { id_or_name: name("logs"), stdout: false, tail: "all" });
      expect(unfence(onlyErr.text)).toBe("oops");
      // The daemon applies tail to the whole log, then drops the unselected stream (like `docker logs`).
      const tail3 = await call(server, "container_logs", { id_or_name: name("logs"), tail: 3 });
      expect(unfence(tail3.text)).toBe("line 499\nline 500\noops");
      const stamped = await call(server, "container_logs", { id_or_name: name("logs"), tail: 1, timestamps: true });
      expect(unfence(stamped.text)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z (oops|line 500)$/);
      const future = Math.floor(Date.now() / 1000) + 3600;
      expect((await call(server, "container_logs", { id_or_name: name("logs"), since: future })).text).toBe("");
      expect((await call(server, "container_logs", { id_or_name: name("logs"), until: 1 })).text).toBe("");
    });

    it("follows until limit_lines, or returns what arrived when the timeout fires", async () => {
      await start("ticker", ["sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done"]);
      const limited = await call(server, "container_logs", {
        id_or_name: name("ticker"),
        follow: true,
        tail: 0,
        limit_lines: 3,
        timeout_seconds: 20,
      });
      expect(unfence(limited.text).split("\n")).toHaveLength(3);
      const started = Date.now();
      const timed = await call(server, "container_logs", {
        id_or_name: name("ticker"),
        follow: true,
        tail: 0,
        limit_lines: 10_000,
        timeout_seconds: 1,
      });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(timed.isError).toBe(false);
      expect(unfence(timed.text)).toMatch(/^tick \d+/);
    });

    it("reads the tail of a 200 MB log without holding it in memory", async () => {
      // 200,000 lines of 1,000 bytes each, then a marker.
      await start("big", [
        "sh",
        "-c",
        'yes "$(head -c 999 /dev/zero | tr "\\0" x)" | head -n 200000; echo BIG-LOG-END; sleep 600',
      ]);
      const waited = await json(
        server,
        "container_wait",
        { id_or_name: name("big"), until: "log-match", pattern: "BIG-LOG-END", timeout_seconds: 240, poll_interval: 1 },
        { timeout: 300_000 },
      );
      expect(waited.met).toBe(true);
      const before = peakRssKib(server.pid);
      const result = await call(
        server,
        "container_logs",
        { id_or_name: name("big"), tail: "all" },
        { timeout: 300_000 },
      );
      const after = peakRssKib(server.pid);
      expect(result.isError).toBe(false);
      expect(unfence(result.text).endsWith("BIG-LOG-END")).toBe(true);
      expect(result.text).toMatch(/^\[older output dropped: showing the last \d+ of 200001 lines/);
      expect(Buffer.byteLength(result.text)).toBeLessThan(64 * 1024);
      // Holding the log would cost 200+ MB; streaming through the bounded tail costs a few.
      expect(after - before).toBeLessThan(64 * 1024);
    }, 600_000);
  });

  describe("wait", () => {
    it("healthy: waits for a real HEALTHCHECK to pass", async () => {
      await start("healthy", ["sh", "-c", "sleep 2; touch /ready; sleep 600"], {
        extra_kwargs: { healthcheck: { test: "test -f /ready", interval: "500ms", timeout: "1s", retries: 30 } },
      });
      const result = await json(server, "container_wait", {
        id_or_name: name("healthy"),
        until: "healthy",
        timeout_seconds: 60,
        poll_interval: 0.5,
      });
      expect(result).toMatchObject({ met: true, timed_out: false, health: "healthy", status: "running" });
      expect(result.waited_seconds).toBeGreaterThan(1);
    });

    it("healthy: no HEALTHCHECK returns at once with health null; unhealthy returns not met", async () => {
      const none = await json(server, "container_wait", {
        id_or_name: name("box"),
        until: "healthy",
        timeout_seconds: 30,
      });
      expect(none).toMatchObject({ met: false, timed_out: false, health: null, status: "running" });
      expect(none.waited_seconds).toBeLessThan(2);
      await start("sick", ["sleep", "600"], {
        extra_kwargs: { healthcheck: { test: ["CMD", "false"], interval: "300ms", retries: 1 } },
      });
      const sick = await json(server, "container_wait", {
        id_or_name: name("sick"),
        until: "healthy",
        timeout_seconds: 60,
        poll_interval: 0.3,
      });
      expect(sick).toMatchObject({ met: false, timed_out: false, health: "unhealthy" });
    });

    it("log-match: substring and regex, newest first; exits promptly when the container ended", async () => {
      const plain = await json(server, "container_wait", {
        id_or_name: name("logs"),
        until: "log-match",
        pattern: "line 4",
        timeout_seconds: 10,
      });
      expect(plain).toMatchObject({ met: true, matched_line: "line 499" });
      const regex = await json(server, "container_wait", {
        id_or_name: name("logs"),
        until: "log-match",
        pattern: "^line 1\\d$",
        regex: true,
        timeout_seconds: 10,
      });
      expect(regex).toMatchObject({ met: true, matched_line: "line 19" });
      await start("ended", ["sh", "-c", "echo nothing-here"]);
      await docker.getContainer(name("ended")).wait();
      const ended = await json(server, "container_wait", {
        id_or_name: name("ended"),
        until: "log-match",
        pattern: "never",
        timeout_seconds: 60,
      });
      expect(ended).toMatchObject({ met: false, timed_out: false, status: "exited" });
      expect(ended.waited_seconds).toBeLessThan(5);
    });

    it("stop modes: exit code when met, a timed-out result (never an error) otherwise", async () => {
      await start("exit3", ["sh", "-c", "sleep 1; exit 3"]);
      const exited = await json(server, "container_wait", { id_or_name: name("exit3"), timeout_seconds: 30 });
      expect(exited).toMatchObject({ met: true, timed_out: false, status_code: 3, error: null, until: "not-running" });
      const timedOut = await json(server, "container_wait", {
        id_or_name: name("box"),
        until: "next-exit",
        timeout_seconds: 0.5,
      });
      expect(timedOut).toMatchObject({ met: false, timed_out: true, status_code: null, container: name("box") });
      expect(timedOut.waited_seconds).toBeGreaterThanOrEqual(0.9);
      expect(timedOut.waited_seconds).toBeLessThan(5);
    });

    it("a timeout beyond Node's 24.8-day timer limit still blocks until the condition", async () => {
      await start("long-wait", ["sleep", "600"]);
      const killer = setTimeout(
        () =>
          docker
            .getContainer(name("long-wait"))
            .kill()
            .catch(() => undefined),
        1500,
      );
      try {
        const result = await json(server, "container_wait", {
          id_or_name: name("long-wait"),
          timeout_seconds: 3_000_000,
        });
        expect(result).toMatchObject({ met: true, timed_out: false, status_code: 137 });
        expect(result.waited_seconds).toBeGreaterThan(1);
      } finally {
        clearTimeout(killer);
      }
    });

    it("rejects bad arguments before touching the daemon", async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ timeout_seconds: -1 }, "timeout_seconds"],
        [{ until: "healthy", poll_interval: 0 }, "poll_interval"],
        [{ until: "log-match" }, "pattern"],
        [{ until: "log-match", pattern: "(", regex: true }, "regular expression"],
        [{ until: "sometime" }, "until"],
      ];
      for (const [args, fragment] of cases) {
        const result = await call(server, "container_wait", { id_or_name: `${run.prefix}-nonexistent`, ...args });
        expect(result.isError, JSON.stringify(args)).toBe(true);
        expect(result.text).toContain(fragment);
      }
      const missing = await call(server, "container_wait", { id_or_name: `${run.prefix}-nonexistent` });
      expect(missing.text).toContain("No such container");
    });
  });

  describe("archives", () => {
    it("puts a base64 tar and gets it back in band with its stat", async () => {
      const tar = await tarOf({ "hello.txt": "hello from the test\n", "sub/deep.txt": "deep" });
      const put = await call(server, "container_archive_put", {
        id_or_name: name("box"),
        path: "/tmp",
        data: tar.toString("base64"),
      });
      expect(put).toEqual({ isError: false, text: "true" });
      const got = await json<{ archive: string; stat: { name: string; size: number }; bytes: number }>(
        server,
        "container_archive_get",
        { id_or_name: name("box"), path: "/tmp/hello.txt" },
      );
      expect(got.stat).toMatchObject({ name: "hello.txt", size: 20 });
      expect(await untar(Buffer.from(got.archive, "base64"))).toEqual({ "hello.txt": "hello from the test\n" });
      const dir = await json<{ archive: string }>(server, "container_archive_get", {
        id_or_name: name("box"),
        path: "/tmp/sub",
      });
      expect(await untar(Buffer.from(dir.archive, "base64"))).toEqual({ "sub/deep.txt": "deep" });
    });

    it("in-band caps: exceeding max_bytes fails, negative is refused, oversized or invalid input is refused", async () => {
      const over = await call(server, "container_archive_get", {
        id_or_name: name("box"),
        path: "/bin",
        max_bytes: 1000,
      });
      expect(over.isError).toBe(true);
      expect(over.text).toContain("exceeded max_bytes=1000");
      const negative = await call(server, "container_export", { id_or_name: name("box"), max_bytes: -1 });
      expect(negative.text).toContain("max_bytes must be non-negative");
      const exportOver = await call(server, "container_export", { id_or_name: name("box"), max_bytes: 10_000 });
      expect(exportOver.text).toContain("exceeded max_bytes=10000");
      const both = await call(server, "container_archive_put", {
        id_or_name: name("box"),
        path: "/tmp",
        data: "",
        from_file: "/x",
      });
      expect(both.text).toContain("exactly one");
      const neither = await call(server, "container_archive_put", { id_or_name: name("box"), path: "/tmp" });
      expect(neither.text).toContain("exactly one");
      const invalid = await call(server, "container_archive_put", {
        id_or_name: name("box"),
        path: "/tmp",
        data: "%%%",
      });
      expect(invalid.text).toContain("data is not valid base64");
      const oversized = Buffer.alloc(32 * 1024 * 1024 + 1).toString("base64");
      const big = await call(server, "container_archive_put", {
        id_or_name: name("box"),
        path: "/tmp",
        data: oversized,
      });
      expect(big.isError).toBe(true);
      expect(big.text).toContain("over the in-band limit of 33554432 bytes (32 MiB)");
      const noDir = await call(server, "container_archive_put", {
        id_or_name: name("box"),
        path: "/no/such/dir",
        data: (await tarOf({ "x.txt": "x" })).toString("base64"),
      });
      expect(noDir.isError).toBe(true);
      const ls = await json(server, "container_exec", { id_or_name: name("box"), cmd: ["ls", "/tmp"] });
      expect(ls.output).not.toContain("x.txt");
    });

    it("writes archives and exports to host files, refusing to overwrite; round-trips from_file", async () => {
      if (!files) {
        // No host-backed directory on this machine: the refusal path is all that can be shown here.
        const refused = await call(server, "container_export", {
          id_or_name: name("box"),
          dest_path: join(tmpdir(), "x.tar"),
        });
        expect(refused.text).toContain("lost when the container exits");
        return;
      }
      const dest = join(files, "etc.tar");
      const written = await json<{ path: string; bytes_written: number; stat: { name: string } }>(
        server,
        "container_archive_get_to_file",
        { id_or_name: name("box"), path: "/etc", dest_path: dest },
      );
      expect(written).toMatchObject({ path: dest, stat: { name: "etc" } });
      expect(readFileSync(dest).length).toBe(written.bytes_written);
      expect(Object.keys(await untar(readFileSync(dest)))).toContain("etc/hostname");

      const again = await call(server, "container_archive_get_to_file", {
        id_or_name: name("box"),
        path: "/etc",
        dest_path: dest,
      });
      expect(again.isError).toBe(true);
      expect(again.text).toContain("already exists; pass overwrite=true");
      // The destination is checked before the daemon is asked anything: even a missing container gets this answer.
      for (const [tool, args] of [
        ["container_archive_get_to_file", { path: "/etc" }],
        ["container_export", {}],
      ] as const) {
        const early = await call(server, tool, { id_or_name: `${run.prefix}-absent`, dest_path: dest, ...args });
        expect(early.isError, tool).toBe(true);
        expect(early.text, tool).toContain("already exists");
      }

      const exported = await json<{ path: string; bytes_written: number }>(server, "container_export", {
        id_or_name: name("box"),
        dest_path: join(files, "fs.tar"),
      });
      expect(exported.bytes_written).toBeGreaterThan(500_000);
      expect(Object.keys(await untar(readFileSync(exported.path)))).toContain("bin/busybox");

      writeFileSync(join(files, "in.tar"), await tarOf({ "from-file.txt": "via host file" }));
      await json(server, "container_archive_put", {
        id_or_name: name("box"),
        path: "/tmp",
        from_file: join(files, "in.tar"),
      });
      const check = await json(server, "container_exec", {
        id_or_name: name("box"),
        cmd: ["cat", "/tmp/from-file.txt"],
      });
      expect(unfence(String(check.output))).toBe("via host file");
      const missing = await call(server, "container_archive_put", {
        id_or_name: name("box"),
        path: "/tmp",
        from_file: join(files, "missing.tar"),
      });
      expect(missing.text).toContain("No such file on the server host");
      expect(readdirSync(files).filter((file) => file.endsWith(".partial"))).toEqual([]);
    });

    it("a write cancelled mid-stream leaves the existing destination intact and no temp file", async () => {
      if (!files) return;
      await json(server, "container_exec", {
        id_or_name: name("box"),
        cmd: ["sh", "-c", "head -c 150000000 /dev/urandom > /tmp/big.bin"],
      });
      const dest = join(files, "precious.tar");
      writeFileSync(dest, "precious contents");
      const controller = new AbortController();
      const pending = call(
        server,
        "container_export",
        { id_or_name: name("box"), dest_path: dest, overwrite: true },
        { signal: controller.signal },
      );
      // Cancel once the temp file exists and is growing.
      const deadline = Date.now() + 20_000;
      while (!readdirSync(files).some((file) => file.startsWith(".precious.tar.")) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      controller.abort();
      await expect(pending).rejects.toThrow();
      const settle = Date.now() + 5000;
      while (readdirSync(files).some((file) => file.endsWith(".partial")) && Date.now() < settle) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(readFileSync(dest, "utf8")).toBe("precious contents");
      expect(readdirSync(files).filter((file) => file.endsWith(".partial"))).toEqual([]);
      await json(server, "container_exec", { id_or_name: name("box"), cmd: ["rm", "/tmp/big.bin"] });
    });

    it("refuses to write where the file would vanish with the server's container", async () => {
      if (!ephemeralDir) return;
      const dest = join(ephemeralDir, `${run.prefix}.tar`);
      const refused = await call(server, "container_export", { id_or_name: name("box"), dest_path: dest });
      expect(refused.isError).toBe(true);
      expect(refused.text).toContain("lost when the container exits");
      expect(refused.text).toContain(`-v ${ephemeralDir}:${ephemeralDir}`);
      expect(existsSync(dest)).toBe(false);
    });
  });
});
