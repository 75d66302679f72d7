// The docker CLI runner with real processes: the environment allow-list, output caps, timeouts and cancellation that
// kill the whole process group, binary discovery with a bare PATH, plugin probing, and the SSH proxy on the kept
// connection (engine B over the test bed's sshd, no ssh binary on PATH).

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allowedNames } from "../../src/cli/env.js";
import { CliError } from "../../src/cli/errors.js";
import { CLI_OUTPUT_CAP } from "../../src/cli/process.js";
import { CliRunner } from "../../src/cli/runner.js";
import type { ServerConfig } from "../../src/config/index.js";
import { cliConfig, pluginConfigDir, processAlive, scriptDir } from "../support/cli.js";
import { tb } from "../support/testbed.js";
import { contextParts } from "../support/tool-context.js";

const SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin";

function runner(config: ServerConfig): CliRunner {
  return contextParts(config).factory.cli;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  return await promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (err: Error) => err,
  );
}

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 40; i++) {
    if (!processAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe("the child's environment", () => {
  const fake = scriptDir("docker", '/usr/bin/env > "$2"');

  it("holds only allow-listed variables; secrets and server switches are dropped", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "dmcp-env-")), "env.txt");
    const config = cliConfig({
      PATH: fake,
      HOME: "/root",
      LANG: "C.UTF-8",
      AWS_SECRET_ACCESS_KEY: "s3cr3t",
      GITHUB_TOKEN: "ghp_x",
      DOCKER_MCP_SERVER_READONLY: "1",
      DOCKER_MCP_SERVER_REGISTRY_PASSWORD: "pw",
      DOCKER_HOST: tb("ENGINE_A_HOST"),
      COMPOSE_PROJECT_NAME: "kept",
    });
    const result = await runner(config).run(undefined, ["dump", out], {});
    expect(result.returncode).toBe(0);
    const names = readFileSync(out, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => line.slice(0, line.indexOf("=")));
    const allowed = new Set([...allowedNames(), "PWD", "SHLVL", "_", "OLDPWD"]);
    expect(names.filter((name) => !allowed.has(name))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(["PATH", "HOME", "LANG", "DOCKER_HOST", "COMPOSE_PROJECT_NAME"]));
    expect(readFileSync(out, "utf8")).not.toMatch(/s3cr3t|ghp_x|DOCKER_MCP_SERVER/);
  });

  it("pins an explicit host: DOCKER_HOST is the host's URL, DOCKER_CONTEXT and foreign TLS variables are gone", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "dmcp-env-")), "env.txt");
    const config = cliConfig({
      PATH: fake,
      HOME: "/root",
      DOCKER_CONTEXT: "elsewhere",
      DOCKER_CERT_PATH: "/nowhere",
      DOCKER_MCP_SERVER_HOSTS: `b=${tb("ENGINE_B_TLS_HOST")}(tls=${tb("ENGINE_B_CERT_DIR")}), a=${tb("ENGINE_A_HOST")}`,
    });
    const cli = runner(config);
    await cli.run(config.hosts.entries[0], ["dump", out], {});
    const tls = readFileSync(out, "utf8");
    expect(tls).toContain(`DOCKER_HOST=${tb("ENGINE_B_TLS_HOST")}\n`);
    expect(tls).toContain(`DOCKER_CERT_PATH=${tb("ENGINE_B_CERT_DIR")}\n`);
    expect(tls).toContain("DOCKER_TLS_VERIFY=1\n");
    expect(tls).not.toContain("DOCKER_CONTEXT");
    await cli.run(config.hosts.entries[1], ["dump", out], {});
    const plain = readFileSync(out, "utf8");
    expect(plain).toContain(`DOCKER_HOST=${tb("ENGINE_A_HOST")}\n`);
    expect(plain).not.toMatch(/DOCKER_CERT_PATH|DOCKER_TLS_VERIFY|DOCKER_CONTEXT/);
  });
});

describe("output caps", () => {
  const fake = scriptDir("docker", "/usr/bin/head -c 5000000 /dev/zero | /usr/bin/tr '\\0' a; echo end");

  it("cuts each stream at 4 MiB and sets truncated; tail mode keeps the newest bytes", async () => {
    const cli = runner(cliConfig({ PATH: fake, HOME: "/root" }));
    const head = await cli.run(undefined, ["spam"], {});
    expect(head.truncated).toBe(true);
    expect(Buffer.byteLength(head.stdout)).toBe(CLI_OUTPUT_CAP);
    expect(head.stdout.endsWith("end\n")).toBe(false);
    const tail = await cli.run(undefined, ["spam"], { keep: "tail" });
    expect(tail.truncated).toBe(true);
    expect(Buffer.byteLength(tail.stdout)).toBe(CLI_OUTPUT_CAP);
    expect(tail.stdout.endsWith("aend\n")).toBe(true);
  });
});

describe("timeouts and cancellation kill the process group", () => {
  // A real docker CLI running a stand-in plugin that starts a grandchild and waits: docker → plugin → sleep.
  const dockerConfig = pluginConfigDir("hang", '/bin/sleep 300 & echo $! > "$1"; echo $$ >> "$1"; wait');
  const config = cliConfig({ PATH: SYSTEM_PATH, HOME: "/root", DOCKER_CONFIG: dockerConfig });

  function pids(file: string): number[] {
    return readFileSync(file, "utf8").trim().split("\n").map(Number);
  }

  async function started(file: string): Promise<void> {
    for (let i = 0; i < 100; i++) {
      try {
        if (pids(file).length === 2) return;
      } catch {
        // not written yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("the stand-in plugin did not start");
  }

  it("a hung CLI is killed at its timeout together with the plugin and its child", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "dmcp-hang-")), "pids");
    const began = Date.now();
    const err = await failure(runner(config).run(undefined, ["hang", file], { timeoutSeconds: 1.5 }));
    expect(err).toBeInstanceOf(CliError);
    expect(err.message).toContain("timed out after 1.5 s");
    expect(Date.now() - began).toBeLessThan(5000);
    const [sleeper, plugin] = pids(file) as [number, number];
    expect(await gone(sleeper)).toBe(true);
    expect(await gone(plugin)).toBe(true);
  });

  it("cancellation kills the group at once", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "dmcp-hang-")), "pids");
    const controller = new AbortController();
    const call = runner(config).run(undefined, ["hang", file], { timeoutSeconds: 60, signal: controller.signal });
    await started(file);
    const began = Date.now();
    controller.abort();
    const err = await failure(call);
    expect(err.message).toContain("cancelled");
    // Well under the runner's 2 s fallback for pipes held open: the group really died.
    expect(Date.now() - began).toBeLessThan(1000);
    for (const pid of pids(file)) expect(await gone(pid)).toBe(true);
  });
});

describe("binary discovery and plugin probing", () => {
  it("finds docker in an install location when PATH is bare, and adds that directory to the child's PATH", async () => {
    const bare = mkdtempSync(join(tmpdir(), "dmcp-nopath-"));
    const cli = runner(cliConfig({ PATH: bare, HOME: "/root" }));
    expect(cli.docker()).toEqual({ path: "/usr/local/bin/docker", extraPathDir: "/usr/local/bin" });
    const result = await cli.run(undefined, ["--version"], {});
    expect(result.stdout).toMatch(/^Docker version /);
    expect(cli.environment(undefined, cli.docker()).PATH).toBe(`${bare}:/usr/local/bin`);
  });

  it("a missing docker binary is a clear error, and the plugin probe says unavailable instead of failing", async () => {
    class NoDocker extends CliRunner {
      override docker() {
        return undefined;
      }
    }
    const cli = new NoDocker({
      config: cliConfig({ PATH: "/nonexistent", HOME: "/root" }),
      sshConnection: () => Promise.reject(new Error("unused")),
    });
    const err = await failure(cli.run(undefined, ["compose", "ls"], { plugin: "compose" }));
    expect(err).toBeInstanceOf(CliError);
    expect(err.message).toContain("was not found on PATH");
    expect(await cli.pluginState("compose")).toEqual({ available: false, docker: false });
  });

  it("probes a plugin once per minute and names the install path when it is missing", async () => {
    const log = join(mkdtempSync(join(tmpdir(), "dmcp-probe-")), "calls");
    const dockerConfig = pluginConfigDir("scout", `echo "$@" >> ${log}; echo "version v0.0.1"`);
    const cli = runner(cliConfig({ PATH: SYSTEM_PATH, HOME: "/root", DOCKER_CONFIG: dockerConfig }));
    expect(await cli.pluginState("scout")).toMatchObject({ available: true, docker: true });
    await cli.plugins.require("scout");
    await cli.plugins.require("scout");
    expect(readFileSync(log, "utf8").trim().split("\n")).toEqual(["version"]);
    const bare = runner(
      cliConfig({ PATH: SYSTEM_PATH, HOME: "/root", DOCKER_CONFIG: mkdtempSync(join(tmpdir(), "d-")) }),
    );
    const err = await failure(bare.run(undefined, ["scout", "quickview", "x"], { plugin: "scout" }));
    expect(err.message).toContain("Docker CLI plugin 'scout' is not installed");
    expect(err.message).toContain("Docker Desktop");
    expect(err.message).toContain("docker-scout-plugin");
  });
});

describe("ssh:// hosts through the kept SSH connection", () => {
  it("runs the CLI against engine B with no ssh binary on PATH, reusing one SSH connection", async () => {
    const config = cliConfig({
      PATH: "/usr/local/bin",
      HOME: tb("SSH_HOME"),
      DOCKER_MCP_SERVER_HOSTS: `remote=${tb("SSH_HOST")}`,
    });
    const { factory, engine } = contextParts(config);
    const host = config.hosts.entries[0];
    if (!host) throw new Error("no host");
    try {
      const version = ["version", "--format", "{{.Server.Version}}"];
      for (let i = 0; i < 3; i++) {
        const result = await factory.cli.run(host, version, {});
        expect(result.stderr).toBe("");
        expect(result.stdout.trim()).toBe(tb("ENGINE_B_VERSION"));
      }
      const parallel = await Promise.all([1, 2, 3].map(() => factory.cli.run(host, version, {})));
      for (const result of parallel) expect(result.stdout.trim()).toBe(tb("ENGINE_B_VERSION"));
      // The Engine API shares the same connection.
      const docker = await engine.docker(host);
      expect(String(await docker.ping())).toBe("OK");
      expect(engine.sshConnectCount(host)).toBe(1);
    } finally {
      engine.close();
    }
  });

  it("an unknown host key fails the call before the CLI runs, naming the fix", async () => {
    const home = mkdtempSync(join(tmpdir(), "dmcp-sshhome-"));
    const config = cliConfig({
      PATH: "/usr/local/bin",
      HOME: home,
      DOCKER_MCP_SERVER_HOSTS: `remote=${tb("SSH_HOST")}`,
    });
    const { factory, engine } = contextParts(config);
    try {
      const err = await failure(factory.cli.run(config.hosts.entries[0], ["version"], {}));
      expect(err).toBeInstanceOf(CliError);
      expect(err.message).toContain("Could not establish the SSH connection");
      expect(err.message).toContain("known_hosts");
    } finally {
      engine.close();
    }
  });
});
