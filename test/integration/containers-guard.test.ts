// The self-termination guard and cancellation of long container calls, against both engines.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  cleanupRun,
  dockerFor,
  type Engine,
  engines,
  IMAGE,
  json,
  newRun,
  type Server,
  startServer,
  startSleeperOnEach,
  waitFor,
} from "../support/containers-harness.js";

const GUARD_LINE = "self-termination guard active";

describe.each(engines())("self-termination guard on engine $name", (engine) => {
  const run = newRun("containers-guard");
  const docker = dockerFor(engine.url);
  const self = `${run.prefix}-self`;
  const other = `${run.prefix}-other`;
  let server: Server;

  const startSleeper = async (name: string) => {
    const container = await docker.createContainer({ Image: IMAGE, name, Cmd: ["sleep", "600"], Labels: run.label });
    await container.start();
  };
  const status = async (name: string) => (await docker.getContainer(name).inspect()).State;

  beforeAll(async () => {
    await startSleeper(self);
    await startSleeper(other);
    // Simulate running inside `self`: the preflight looks HOSTNAME up as a container on the self host.
    server = await startServer({
      DOCKER_MCP_SERVER_HOSTS: engine.url,
      DOCKER_MCP_SERVER_IN_CONTAINER: "1",
      HOSTNAME: self,
    });
    await waitFor(() => server.stderr().includes(GUARD_LINE), 20_000, "the preflight's guard line");
  });
  afterAll(async () => {
    await server?.close();
    await cleanupRun(docker, run.id);
  });

  it("refuses stop, restart, kill, pause and remove of its own container, by name or id", async () => {
    const id = (await docker.getContainer(self).inspect()).Id;
    const attempts: Array<[string, Record<string, unknown>]> = [
      ["container_stop", { id_or_name: self }],
      ["container_restart", { id_or_name: id }],
      ["container_kill", { id_or_name: id.slice(0, 12) }],
      ["container_pause", { id_or_name: self }],
      ["container_remove", { id_or_name: self, force: true }],
    ];
    for (const [tool, args] of attempts) {
      const result = await call(server, tool, args);
      expect(result.isError, tool).toBe(true);
      expect(result.text, tool).toContain("own container");
      expect(result.text).toContain("DOCKER_MCP_SERVER_ALLOW_SELF_TERMINATE");
    }
    const state = await status(self);
    expect(state.Running).toBe(true);
    expect(state.Paused).toBe(false);
    expect(state.StartedAt).toBe((await docker.getContainer(self).inspect()).State.StartedAt);
  });

  it("does not guard unpause, and leaves other containers alone", async () => {
    await docker.getContainer(self).pause();
    expect((await json(server, "container_unpause", { id_or_name: self })).status).toBe("running");
    expect((await json(server, "container_stop", { id_or_name: other, stop_timeout_seconds: 0 })).status).toBe(
      "exited",
    );
  });

  it("DOCKER_MCP_SERVER_ALLOW_SELF_TERMINATE lifts the guard", async () => {
    const allowed = await startServer({
      DOCKER_MCP_SERVER_HOSTS: engine.url,
      DOCKER_MCP_SERVER_IN_CONTAINER: "1",
      DOCKER_MCP_SERVER_ALLOW_SELF_TERMINATE: "1",
      HOSTNAME: self,
    });
    try {
      await waitFor(() => allowed.stderr().includes(GUARD_LINE), 20_000, "the preflight's guard line");
      expect((await json(allowed, "container_pause", { id_or_name: self })).status).toBe("paused");
      expect((await json(allowed, "container_unpause", { id_or_name: self })).status).toBe("running");
    } finally {
      await allowed.close();
    }
  });
});

describe("the guard only applies on the host the server runs on", () => {
  const [a, b] = engines() as [Engine, Engine];
  const run = newRun("containers-guard-hosts");
  const dockerA = dockerFor(a.url);
  const dockerB = dockerFor(b.url);
  const twin = `${run.prefix}-twin`;

  beforeAll(async () => {
    await startSleeperOnEach([dockerA, dockerB], twin, run);
  });
  afterAll(async () => {
    await cleanupRun(dockerA, run.id);
    await cleanupRun(dockerB, run.id);
  });

  it("refuses on the self host, allows the same name on another daemon", async () => {
    const server = await startServer({
      DOCKER_MCP_SERVER_HOSTS: `a=${a.url},b=${b.url}`,
      DOCKER_MCP_SERVER_IN_CONTAINER: "1",
      HOSTNAME: twin,
    });
    try {
      await waitFor(() => server.stderr().includes(`${GUARD_LINE} for container`), 20_000, "the guard line");
      expect(server.stderr()).toContain("on host 'a'");
      const refused = await call(server, "container_pause", { id_or_name: twin, host: "a" });
      expect(refused.text).toContain("own container");
      expect((await dockerA.getContainer(twin).inspect()).State.Paused).toBe(false);
      expect((await json(server, "container_pause", { id_or_name: twin, host: "b" })).status).toBe("paused");
      expect((await json(server, "container_unpause", { id_or_name: twin, host: "b" })).status).toBe("running");
    } finally {
      await server.close();
    }
  });
});

describe.each(engines())("cancellation on engine $name", (engine) => {
  const run = newRun("containers-cancel");
  const docker = dockerFor(engine.url);
  let server: Server;
  const box = `${run.prefix}-box`;

  beforeAll(async () => {
    server = await startServer({ DOCKER_MCP_SERVER_HOSTS: engine.url });
    await json(server, "container_run", { image: IMAGE, name: box, command: ["sleep", "600"], labels: run.label });
  });
  afterAll(async () => {
    await server?.close();
    await cleanupRun(docker, run.id);
  });

  const cancelled = async (tool: string, args: Record<string, unknown>) => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = call(server, tool, args, { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await expect(pending).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(3000);
  };

  it("a blocking wait, a health poll, a log follow and a foreground run stop when the client cancels", async () => {
    await cancelled("container_wait", { id_or_name: box, timeout_seconds: 600 });
    await cancelled("container_wait", { id_or_name: box, until: "log-match", pattern: "never", timeout_seconds: 600 });
    await cancelled("container_logs", { id_or_name: box, follow: true, timeout_seconds: 600 });
    await cancelled("container_run", {
      image: IMAGE,
      command: ["sleep", "600"],
      detach: false,
      remove: true,
      labels: run.label,
    });
    // The server keeps serving, and the cancelled foreground run cleaned up after itself.
    expect(
      (await json(server, "container_inspect", { id_or_name: box, fields: ["State.Status"] }))["State.Status"],
    ).toBe("running");
    const runContainers = async () =>
      (await docker.listContainers({ all: true, filters: JSON.stringify({ label: [run.labelFilter] }) })).map(
        (c) => c.Names[0],
      );
    const deadline = Date.now() + 15_000;
    while ((await runContainers()).length > 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await runContainers()).toEqual([`/${box}`]);
  });
});
