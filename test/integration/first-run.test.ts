// What a first run can hit, on the test bed: doctor (and the start-up hint) must name the failure and its exact fix.
// Real parts: a unix socket proxy to engine A with the wrong owner/mode and the server run as an unprivileged user,
// a docker context (made by the docker CLI in a private DOCKER_CONFIG) pointing at a dead endpoint, the test bed's
// sshd with an empty known_hosts.

import { execFile } from "node:child_process";
import {
  chmodSync,
  chownSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { connect, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runId } from "../support/engines.js";
import { BUNDLE, baseEnv, spawnServer } from "../support/mcp-client.js";
import { tb } from "../support/testbed.js";

const run = promisify(execFile);
const NOBODY = 65534;
/** The docker group the test bed's engines give their sockets. */
const DOCKER_GID = Number(
  readFileSync("/etc/group", "utf8")
    .split("\n")
    .find((line) => line.startsWith("docker:"))
    ?.split(":")[2],
);
let work: string;
let proxy: Server;
let proxySocket: string;

/** `doctor`'s report; it exits 1 when a host fails, which is what these cases expect. */
async function doctor(env: Record<string, string>, asNobody = false): Promise<string> {
  const argv = [process.execPath, BUNDLE, "doctor"];
  const [command, ...args] = asNobody
    ? ["setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", "--", ...argv]
    : argv;
  try {
    const { stdout } = await run(command as string, args, { env: baseEnv({ HOME: join(work, "home"), ...env }) });
    return stdout;
  } catch (err) {
    const failed = err as { code?: number; stdout?: string };
    expect(failed.code).toBe(1);
    return failed.stdout ?? "";
  }
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), `dmcp-first-run-${runId()}-`));
  chmodSync(work, 0o755);
  mkdirSync(join(work, "home"), { mode: 0o777 });
  chmodSync(join(work, "home"), 0o777);
  proxySocket = join(work, "docker.sock");
  const engine = tb("ENGINE_A_HOST").replace(/^unix:\/\//, "");
  proxy = createServer((client) => {
    const upstream = connect(engine);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end);
    upstream.on("error", end);
  });
  await new Promise<void>((done) => proxy.listen(proxySocket, done));
  expect(Number.isInteger(DOCKER_GID)).toBe(true);
});

afterAll(async () => {
  await new Promise<void>((done) => (proxy ? proxy.close(() => done()) : done()));
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("doctor on a first run", () => {
  it("permission denied, socket root:docker 660: the usermod fix for the socket's group", async () => {
    chownSync(proxySocket, 0, DOCKER_GID);
    chmodSync(proxySocket, 0o660);
    const report = await doctor({ DOCKER_HOST: `unix://${proxySocket}`, DOCKER_MCP_SERVER_IN_CONTAINER: "0" }, true);
    expect(report).toContain("MISS host 'default'");
    expect(report).toContain(`Permission denied on the Docker socket: ${proxySocket} belongs to uid 0, group`);
    expect(report).toContain("mode 660");
    expect(report).toMatch(/sudo usermod -aG \S+ \$USER/);
    expect(report).toContain("log out and back in");
  });

  it("permission denied, socket root:root 600: give the docker group access first", async () => {
    chownSync(proxySocket, 0, 0);
    chmodSync(proxySocket, 0o600);
    const report = await doctor({ DOCKER_HOST: `unix://${proxySocket}`, DOCKER_MCP_SERVER_IN_CONTAINER: "0" }, true);
    expect(report).toContain("mode 600");
    expect(report).toContain(`sudo chgrp docker ${proxySocket} && sudo chmod 660 ${proxySocket}`);
    expect(report).toContain("sudo usermod -aG docker $USER");
  });

  it("the same socket in a container: --group-add for a group socket, --user for an owner-only one", async () => {
    chownSync(proxySocket, 0, DOCKER_GID);
    chmodSync(proxySocket, 0o660);
    const env = { DOCKER_HOST: `unix://${proxySocket}`, DOCKER_MCP_SERVER_IN_CONTAINER: "1" };
    expect(await doctor(env, true)).toContain(`--group-add ${DOCKER_GID}`);
    chmodSync(proxySocket, 0o600);
    expect(await doctor(env, true)).toContain("--user 0");
  });

  it("no daemon: says there is no socket and how to start Docker or point at one elsewhere", async () => {
    const report = await doctor({
      DOCKER_HOST: `unix://${join(work, "none.sock")}`,
      DOCKER_MCP_SERVER_IN_CONTAINER: "0",
    });
    expect(report).toContain(`There is no socket at ${join(work, "none.sock")}`);
    expect(report).toContain("sudo systemctl start docker");
    expect(report).toContain("systemctl --user start docker");
    expect(report).toContain("~/.docker/run/docker.sock");
  });

  it("a socket elsewhere (rootless, under XDG_RUNTIME_DIR): names it and the DOCKER_HOST that uses it", async () => {
    const report = await doctor({
      DOCKER_HOST: `unix://${join(work, "none.sock")}`,
      XDG_RUNTIME_DIR: work,
      DOCKER_MCP_SERVER_IN_CONTAINER: "0",
    });
    expect(report).toContain(`A Docker socket exists at ${proxySocket}: use it with DOCKER_HOST=unix://${proxySocket}`);
  });

  it("a context pointing at a dead endpoint: names the context and how to switch back (doctor and start-up hint)", async () => {
    const config = join(work, `docker-config-${runId()}`);
    mkdirSync(config);
    const name = `dmcp-dead-${runId()}`;
    const cli = (...args: string[]) => run("docker", ["--config", config, ...args], { env: baseEnv() });
    await cli("context", "create", name, "--docker", "host=tcp://127.0.0.1:9");
    await cli("context", "use", name);
    const env = { DOCKER_CONFIG: config, DOCKER_MCP_SERVER_IN_CONTAINER: "0" };
    const report = await doctor(env);
    expect(report).toContain(`The active docker context '${name}' points at tcp://127.0.0.1:9`);
    expect(report).toContain("docker context use default");

    const server = await spawnServer({ ...env, HOME: join(work, "home") });
    try {
      const deadline = Date.now() + 20_000;
      while (!server.stderr().includes("docker context use default") && Date.now() < deadline) {
        await new Promise((done) => setTimeout(done, 200));
      }
      expect(server.stderr()).toContain("could not reach the Docker daemon");
      expect(server.stderr()).toContain(`The active docker context '${name}'`);
    } finally {
      await server.close();
    }
  });

  it("an unknown SSH host key: names the known_hosts entry and how to check the fingerprint", async () => {
    const home = join(work, `ssh-home-${runId()}`);
    mkdirSync(join(home, ".ssh"), { recursive: true, mode: 0o700 });
    copyFileSync(tb("SSH_KEY"), join(home, ".ssh/id_ed25519"));
    chmodSync(join(home, ".ssh/id_ed25519"), 0o600);
    writeFileSync(join(home, ".ssh/known_hosts"), "");
    const report = await doctor({ HOME: home, DOCKER_MCP_SERVER_HOSTS: tb("SSH_HOST") });
    expect(report).toContain("The SSH host key of [127.0.0.1]:2222 is not in ~/.ssh/known_hosts");
    expect(report).toContain("ssh-keyscan -p 2222 127.0.0.1 | ssh-keygen -lf -");
    expect(report).toContain("ssh -p 2222 root@127.0.0.1");
  });

  // The test bed has compose and buildx but no scout (nothing can install it offline).
  it("a missing CLI plugin: the install fix and the switch that drops its tools", async () => {
    const report = await doctor({ DOCKER_HOST: tb("ENGINE_A_HOST"), DOCKER_MCP_SERVER_IN_CONTAINER: "0" });
    expect(report).toMatch(/^ok {3}host 'default'/m);
    expect(report).toContain("MISS plugin scout: not installed");
    expect(report).toContain("DOCKER_MCP_SERVER_DISABLE=scout");
    expect(report).toContain("https://github.com/docker/scout-cli");
  });
});
