// compose_* through the server over stdio with the test bed's real compose v2 plugin: a two-service project with a
// named volume and a healthcheck, on engine A (local socket) and on engine B over ssh:// (no ssh binary on PATH,
// one kept SSH connection shared by the Engine API and the CLI proxy). Images come from the local registry.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, runId } from "../support/docker-cli.js";
import { callWithProgress } from "../support/images.js";
import { callJson, callTool, type Spawned, spawnServer } from "../support/mcp-client.js";
import { RegistryWriter } from "../support/registry-seed.js";
import { tb } from "../support/testbed.js";
import { unfence } from "../support/untrusted.js";

const RUN = runId();
const IMAGE = `${tb("REGISTRY_PLAIN")}/dmcp-compose-${RUN}/bb:1`;

let pushedDigest = "";

beforeAll(() => {
  // The project pulls from the local registry: push busybox:local there under this run's name.
  docker(tb("ENGINE_A_HOST"), ["tag", tb("TESTBED_IMAGE"), IMAGE]);
  docker(tb("ENGINE_A_HOST"), ["push", "-q", IMAGE]);
  pushedDigest =
    docker(tb("ENGINE_A_HOST"), ["inspect", "--format", "{{index .RepoDigests 0}}", IMAGE]).split("@")[1] ?? "";
  docker(tb("ENGINE_A_HOST"), ["rmi", IMAGE]);
});

afterAll(async () => {
  for (const host of [tb("ENGINE_A_HOST"), tb("ENGINE_B_HOST")]) {
    try {
      docker(host, ["rmi", IMAGE]);
    } catch {
      // Not pulled there.
    }
  }
  if (pushedDigest) {
    await new RegistryWriter(`http://${tb("REGISTRY_PLAIN")}`).deleteManifest(`dmcp-compose-${RUN}/bb`, pushedDigest);
  }
});

function projectDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "dmcp-compose-"));
  writeFileSync(
    join(dir, "compose.yaml"),
    [
      "services:",
      "  web:",
      `    image: ${IMAGE}`,
      `    command: ["sh", "-c", "echo hello-from-web; exec sleep 3600"]`,
      "    environment:",
      "      DB_PASSWORD: hunter2",
      "      PLAIN_SETTING: visible",
      "    healthcheck:",
      '      test: ["CMD", "true"]',
      "      interval: 1s",
      "      retries: 30",
      "    volumes: [data:/data]",
      "    stop_grace_period: 1s",
      '    ports: ["8080"]',
      "  worker:",
      `    image: ${IMAGE}`,
      '    command: ["sleep", "3600"]',
      "    stop_grace_period: 1s",
      "    depends_on:",
      "      web: { condition: service_healthy }",
      "volumes:",
      "  data: {}",
      "",
    ].join("\n"),
  );
  return dir;
}

function sshConnections(pid: number): number {
  const out = execFileSync("ss", ["-Htnp", "state", "established", "dport", "=", ":2222"], { encoding: "utf8" });
  return out.split("\n").filter((line) => line.includes(`pid=${pid},`)).length;
}

interface Action {
  exit_code: number;
  changed?: Record<string, string>;
  output?: string;
  stdout?: string;
  stderr?: string;
}

const engines = [
  {
    name: "engine A (unix socket)",
    host: () => tb("ENGINE_A_HOST"),
    env: () => ({ DOCKER_HOST: tb("ENGINE_A_HOST") }),
    ssh: false,
  },
  {
    name: "engine B over ssh:// (no ssh binary on PATH)",
    host: () => tb("ENGINE_B_HOST"),
    env: () => ({
      PATH: "/usr/local/bin",
      HOME: tb("SSH_HOME"),
      DOCKER_MCP_SERVER_HOSTS: `remote=${tb("SSH_HOST")}`,
    }),
    ssh: true,
  },
];

describe.each(engines)("compose on $name", (engine) => {
  const project = `dmcp-it-${RUN}-${engine.ssh ? "b" : "a"}`;
  const dir = projectDir();
  const base = { project_dir: dir, project_name: project };
  let server: Spawned;

  beforeAll(async () => {
    server = await spawnServer(engine.env());
  });

  afterAll(async () => {
    await server?.close();
    try {
      execFileSync("docker", ["-H", engine.host(), "compose", "-p", project, "down", "-v", "--remove-orphans"], {
        cwd: dir,
        stdio: "ignore",
      });
    } catch {
      // Already down.
    }
  });

  it("config resolves the project and redacts secret-looking values", async () => {
    const yaml = await callJson<{ config: string; redacted: number }>(server.client, "compose_config", base);
    expect(yaml.config).toContain("PLAIN_SETTING: visible");
    expect(yaml.config).not.toContain("hunter2");
    expect(yaml.config).toContain('DB_PASSWORD: "***redacted (DB_PASSWORD)***"');
    expect(yaml.redacted).toBe(1);
    const json = await callJson<{ config: { services: Record<string, { environment: Record<string, string> }> } }>(
      server.client,
      "compose_config",
      { ...base, format: "json" },
    );
    expect(json.config.services.web?.environment).toEqual({
      DB_PASSWORD: "***redacted (DB_PASSWORD)***",
      PLAIN_SETTING: "visible",
    });
    // reveal is offered only with DOCKER_MCP_SERVER_REDACT=reveal (test/integration/redaction.test.ts).
    const shown = await callTool(server.client, "compose_config", { ...base, reveal: true });
    expect(shown.isError).toBe(true);
    expect(shown.text).not.toContain("hunter2");
    const names = await callJson<{ config: string[] }>(server.client, "compose_config", {
      ...base,
      services_only: true,
    });
    expect(names.config.sort()).toEqual(["web", "worker"]);
  });

  it("refuses a service name that parses as a flag before running anything", async () => {
    const result = await callTool(server.client, "compose_up", { ...base, services: ["--build"] });
    expect(result.isError).toBe(true);
    expect(result.text).toContain("parses as a flag");
    expect(result.text).toContain('service="--build"');
    const missing = await callTool(server.client, "compose_ps", { project_dir: join(dir, "nope") });
    expect(missing.text).toContain("is not a directory");
  });

  it("pulls from the local registry and comes up healthy, reporting progress", async () => {
    const pulled = await callWithProgress(server.client, "compose_pull", base);
    expect(pulled.isError, pulled.text).toBe(false);
    // Both services use one image: compose pulls it once and skips the other.
    expect(Object.values((JSON.parse(pulled.text) as Action).changed ?? {}), pulled.text).toContain("Pulled");
    expect(pulled.progress.length).toBeGreaterThan(0);
    const up = await callWithProgress(server.client, "compose_up", { ...base, wait: true });
    expect(up.isError, up.text).toBe(false);
    const result = JSON.parse(up.text) as Action;
    expect(result.exit_code).toBe(0);
    expect(result.changed).toMatchObject({
      [`Network ${project}_default`]: "Created",
      [`Volume ${project}_data`]: "Created",
      [`Container ${project}-web-1`]: "Healthy",
    });
    // Progress came from compose's own lines, as they happened.
    const messages = up.progress.map((p) => p.message);
    expect(messages).toContain(`Container ${project}-web-1  Started`);
    expect(up.progress.map((p) => p.progress)).toEqual([...up.progress.map((p) => p.progress)].sort((a, b) => a - b));
    // The transcript is summarised, not returned.
    expect(up.text).not.toContain("Creating");
  });

  it("ps lists both containers as compact rows; images and ls see the project", async () => {
    const ps = await callJson<{ services: Array<Record<string, unknown>> }>(server.client, "compose_ps", base);
    const byService = Object.fromEntries(ps.services.map((row) => [row.service, row]));
    expect(byService.web).toMatchObject({
      name: `${project}-web-1`,
      state: "running",
      health: "healthy",
      image: IMAGE,
    });
    expect(String(byService.web?.ports)).toContain("->8080/tcp");
    expect(byService.worker).toMatchObject({ state: "running" });
    expect(Object.keys(byService.web ?? {})).not.toContain("Labels");
    const images = await callJson<Array<Record<string, unknown>>>(server.client, "compose_images", base);
    expect(images.map((row) => row.container).sort()).toEqual([`${project}-web-1`, `${project}-worker-1`]);
    const list = await callJson<Array<{ name: string; status: string }>>(server.client, "compose_list", {});
    expect(list.find((row) => row.name === project)?.status).toBe("running(2)");
  });

  it("logs, exec, port and top", async () => {
    const logs = await callJson<{ exit_code: number; logs: string }>(server.client, "compose_logs", {
      ...base,
      services: ["web"],
      tail: 10,
    });
    expect(logs).toMatchObject({ exit_code: 0 });
    expect(logs.logs).toContain("hello-from-web");
    const exec = await callJson<Action>(server.client, "compose_exec", {
      ...base,
      service: "web",
      command: ["sh", "-c", "echo out; echo err >&2; exit 3"],
    });
    expect({ ...exec, stdout: unfence(String(exec.stdout)), stderr: unfence(String(exec.stderr)) }).toMatchObject({
      exit_code: 3,
      stdout: "out\n",
      stderr: "err",
    });
    // The command is the container's argv: a leading dash is passed through, not refused.
    const dashed = await callJson<Action>(server.client, "compose_exec", {
      ...base,
      service: "web",
      command: ["ls", "-d", "/data"],
    });
    expect({ ...dashed, stdout: unfence(String(dashed.stdout)) }).toMatchObject({ exit_code: 0, stdout: "/data\n" });
    const port = await callJson<{ host: string; port: number; bindings: string[] }>(server.client, "compose_port", {
      ...base,
      service: "web",
      private_port: 8080,
    });
    expect(port.host).toBe("0.0.0.0");
    expect(port.port).toBeGreaterThan(0);
    expect(port.bindings.length).toBeGreaterThanOrEqual(1);
    const top = await callJson<{ containers: Record<string, { Titles: string[]; Processes: string[][] }> }>(
      server.client,
      "compose_top",
      { ...base, services: ["worker"] },
    );
    const worker = top.containers[`${project}-worker-1`];
    expect(worker?.Titles).toContain("PID");
    expect(worker?.Processes.some((row) => row.at(-1)?.includes("sleep 3600"))).toBe(true);
  });

  it("cp copies both ways and never overwrites a host file without overwrite=true", async () => {
    const local = mkdtempSync(join(tmpdir(), "dmcp-cp-"));
    writeFileSync(join(local, "in.txt"), `payload-${RUN}\n`);
    const toContainer = await callJson<Action>(server.client, "compose_cp", {
      ...base,
      source: join(local, "in.txt"),
      dest: "web:/data/in.txt",
    });
    expect(toContainer.exit_code, JSON.stringify(toContainer)).toBe(0);
    const back = join(local, "back.txt");
    const fromContainer = await callJson<Action>(server.client, "compose_cp", {
      ...base,
      source: "web:/data/in.txt",
      dest: back,
    });
    expect(fromContainer.exit_code, JSON.stringify(fromContainer)).toBe(0);
    expect(readFileSync(back, "utf8")).toBe(`payload-${RUN}\n`);
    writeFileSync(back, "keep me");
    const refused = await callTool(server.client, "compose_cp", { ...base, source: "web:/data/in.txt", dest: back });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain("already exists");
    expect(readFileSync(back, "utf8")).toBe("keep me");
    const replaced = await callJson<Action>(server.client, "compose_cp", {
      ...base,
      source: "web:/data/in.txt",
      dest: back,
      overwrite: true,
    });
    expect(replaced.exit_code).toBe(0);
    expect(readFileSync(back, "utf8")).toBe(`payload-${RUN}\n`);
    const both = await callTool(server.client, "compose_cp", { ...base, source: "web:/a", dest: "worker:/b" });
    expect(both.text).toContain("exactly one side");
    const dash = await callTool(server.client, "compose_cp", { ...base, source: "-", dest: "web:/x" });
    expect(dash.text).toContain("parses as a flag");
  });

  it("restart reports the containers it restarted", async () => {
    const restart = await callJson<Action>(server.client, "compose_restart", { ...base, services: ["worker"] });
    expect(restart.exit_code, JSON.stringify(restart)).toBe(0);
    expect(restart.changed).toEqual({ [`Container ${project}-worker-1`]: "Started" });
  });

  it("down keeps the named volume unless volumes=true", async () => {
    const volume = `${project}_data`;
    const down = await callJson<Action>(server.client, "compose_down", base);
    expect(down.changed).toMatchObject({ [`Container ${project}-web-1`]: "Removed" });
    expect(docker(engine.host(), ["volume", "ls", "-q", "--filter", `name=${volume}`])).toBe(volume);
    const up = await callJson<Action>(server.client, "compose_up", base);
    expect(up.exit_code).toBe(0);
    const downV = await callJson<Action>(server.client, "compose_down", { ...base, volumes: true });
    expect(downV.changed).toMatchObject({ [`Volume ${volume}`]: "Removed" });
    expect(docker(engine.host(), ["volume", "ls", "-q", "--filter", `name=${volume}`])).toBe("");
    expect(docker(engine.host(), ["ps", "-aq", "--filter", `label=com.docker.compose.project=${project}`])).toBe("");
  });

  it.runIf(engine.ssh)("used one SSH connection for everything (Engine API and CLI proxy alike)", async () => {
    expect(await callJson(server.client, "system_ping")).toBe(true);
    expect(sshConnections(server.pid())).toBe(1);
  });
});

describe("compose build", () => {
  it("builds a service image with progress from BuildKit's own steps and reports the image", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dmcp-compose-build-"));
    const project = `dmcp-it-${RUN}-build`;
    writeFileSync(
      join(dir, "compose.yaml"),
      [
        "services:",
        "  app:",
        "    build:",
        "      dockerfile_inline: |",
        `        FROM ${tb("TESTBED_IMAGE")}`,
        `        RUN echo ${RUN} > /built`,
        "",
      ].join("\n"),
    );
    const server = await spawnServer({ DOCKER_HOST: tb("ENGINE_A_HOST") });
    try {
      const built = await callWithProgress(server.client, "compose_build", { project_dir: dir, project_name: project });
      expect(built.isError, built.text).toBe(false);
      expect(JSON.parse(built.text)).toMatchObject({
        exit_code: 0,
        changed: { [`Image docker.io/library/${project}-app`]: "Built" },
      });
      expect(built.progress.some((p) => p.message?.includes("[app 2/2] RUN echo"))).toBe(true);
      expect(docker(tb("ENGINE_A_HOST"), ["run", "--rm", `${project}-app`, "cat", "/built"])).toBe(RUN);
    } finally {
      await server.close();
      try {
        docker(tb("ENGINE_A_HOST"), ["rmi", `${project}-app`]);
      } catch {
        // not built
      }
    }
  });
});

describe("compose cancellation", () => {
  it("cancelling compose_up mid-wait kills the compose process group and the server keeps serving", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dmcp-compose-"));
    const project = `dmcp-it-${RUN}-cancel`;
    writeFileSync(
      join(dir, "compose.yaml"),
      [
        "services:",
        "  never:",
        `    image: ${tb("TESTBED_IMAGE")}`,
        '    command: ["sleep", "3600"]',
        "    healthcheck:",
        '      test: ["CMD", "false"]',
        "      interval: 1s",
        "      retries: 1000",
        "",
      ].join("\n"),
    );
    const server = await spawnServer({ DOCKER_HOST: tb("ENGINE_A_HOST") });
    const composeProcesses = () =>
      execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })
        .split("\n")
        .filter((line) => line.includes(project) && !line.includes("ps -eo"));
    try {
      const controller = new AbortController();
      const call = server.client.callTool(
        { name: "compose_up", arguments: { project_dir: dir, project_name: project, wait: true } },
        { signal: controller.signal, onprogress: () => undefined },
      );
      // Wait until compose is waiting for the health check.
      for (let i = 0; i < 100 && composeProcesses().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(composeProcesses().length).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 1500));
      controller.abort();
      await expect(call).rejects.toThrow();
      for (let i = 0; i < 40 && composeProcesses().length > 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(composeProcesses()).toEqual([]);
      expect(await callJson(server.client, "system_ping")).toBe(true);
    } finally {
      await server.close();
      execFileSync("docker", ["-H", tb("ENGINE_A_HOST"), "compose", "-p", project, "down", "-v"], {
        cwd: dir,
        stdio: "ignore",
      });
    }
  });
});

describe("compose plugin missing", () => {
  it("the tools stay registered, answer with the install hint, and the catalog marks them unavailable", async () => {
    // A docker CLI that has no compose plugin: only the stand-in binary dir, no system plugin dirs reachable.
    const bin = mkdtempSync(join(tmpdir(), "dmcp-nocompose-"));
    writeFileSync(join(bin, "docker"), '#!/bin/sh\necho "docker: unknown command: docker $1" >&2\nexit 1\n', {
      mode: 0o755,
    });
    const server = await spawnServer({ PATH: bin, DOCKER_HOST: tb("ENGINE_A_HOST") });
    try {
      const result = await callTool(server.client, "compose_ps", {});
      expect(result.isError).toBe(true);
      expect(result.text).toContain("Docker CLI plugin 'compose' is not installed");
      expect(result.text).toContain("docker-compose-plugin");
      const catalog = JSON.parse(
        ((await server.client.readResource({ uri: "docker-mcp://tool-catalog" })).contents[0] as { text: string }).text,
      ) as { tools: Array<{ name: string; registered: boolean; unavailable?: string }> };
      const ps = catalog.tools.find((tool) => tool.name === "compose_ps");
      expect(ps?.registered).toBe(true);
      expect(ps?.unavailable).toContain("Docker CLI plugin 'compose' is not installed");
      expect(catalog.tools.find((tool) => tool.name === "container_list")?.unavailable).toBeUndefined();
    } finally {
      await server.close();
    }
    expect(existsSync(bin)).toBe(true);
  });
});
