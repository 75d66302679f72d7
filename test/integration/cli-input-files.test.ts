// Files the docker CLI would read for the caller are checked first: a device, FIFO or directory is refused at once
// with a sentence, and no docker process is left reading it.

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool, type Spawned, spawnServer } from "../support/mcp-client.js";
import { tb } from "../support/testbed.js";

describe("files handed to the docker CLI", () => {
  let server: Spawned;
  const dir = mkdtempSync(join(tmpdir(), "dmcp-cli-files-"));
  const fifo = join(dir, "fifo.env");

  beforeAll(async () => {
    execFileSync("mkfifo", [fifo]);
    server = await spawnServer({ DOCKER_MCP_SERVER_HOSTS: tb("ENGINE_A_HOST") });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ["compose_pause", { project_dir: dir, env_file: "/dev/urandom" }, /env_file \/dev\/urandom is a character device/],
    ["compose_ps", { project_dir: dir, env_file: "fifo.env" }, /env_file .*fifo\.env is a FIFO/],
    ["compose_config", { project_dir: dir, files: ["/dev/zero"] }, /files \/dev\/zero is a character device/],
    ["compose_config", { project_dir: dir, files: [dir] }, /is a directory/],
    ["buildx_build", { context: dir, file: "/dev/zero" }, /file \/dev\/zero is a character device/],
    ["buildx_bake", { files: ["/proc/self/mem"] }, /\/proc\/self\/mem/],
    ["buildx_bake", { cwd: "/etc/passwd" }, /cwd "\/etc\/passwd" is not a directory/],
    ["stack_deploy", { name: "s", compose_files: ["/dev/zero"] }, /compose_files \/dev\/zero is a character device/],
    [
      "stack_deploy",
      { name: "s", compose_files: ["s.yml"], cwd: join(dir, "nope") },
      /cwd ".*nope" is not a directory/,
    ],
  ])("%s %j is refused before the CLI runs", async (tool, args, pattern) => {
    const started = Date.now();
    const result = await callTool(server.client, tool, args);
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(pattern);
    expect(Date.now() - started).toBeLessThan(5000);
    const docker = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" });
    expect(docker).not.toMatch(/docker.*(--env-file \/dev\/urandom|-f \/dev\/zero)/);
  });
});
