// Resource subscriptions driven by the daemon's event stream, and argument completions from live names, against the
// real engines. A daemon "restart" is a proxy in front of engine A's socket that is killed and brought back: the same
// broken stream the server sees when dockerd restarts, without disturbing the other suites on the shared engine.

import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanupRun, dockerFor, engines, IMAGE, newRun } from "../support/containers-harness.js";
import { type Spawned, spawnServer } from "../support/mcp-client.js";
import { tb } from "../support/testbed.js";

/** Collects resource notifications as they arrive. */
function recorder(client: Client) {
  const updated: string[] = [];
  let listChanged = 0;
  client.setNotificationHandler("notifications/resources/updated", (note) => {
    updated.push(note.params.uri);
  });
  client.setNotificationHandler("notifications/resources/list_changed", () => {
    listChanged += 1;
  });
  return {
    updated,
    listChanged: () => listChanged,
    clear: () => {
      updated.length = 0;
      listChanged = 0;
    },
  };
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return check();
}

/** A unix-socket pass-through to a daemon socket that can be taken down (every connection cut) and brought back. */
class SocketProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  constructor(
    readonly path: string,
    private readonly target: string,
  ) {}

  async up(): Promise<void> {
    rmSync(this.path, { force: true });
    const server = createServer((client) => {
      const upstream = connect(this.target);
      this.sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on("error", drop).on("close", drop);
      upstream.on("error", drop).on("close", drop);
    });
    await new Promise<void>((resolve) => server.listen(this.path, resolve));
    this.server = server;
  }

  async down(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }
}

for (const engine of engines()) {
  describe(`subscriptions and completions on engine ${engine.name}`, () => {
    const run = newRun(`sub-${engine.name.toLowerCase()}`);
    const docker = dockerFor(engine.url);
    let server: Spawned;

    beforeAll(async () => {
      server = await spawnServer({ DOCKER_MCP_SERVER_HOSTS: engine.url });
    });
    afterAll(async () => {
      await server?.close();
      await cleanupRun(docker, run.id);
    });

    it("docker://containers notifies within 2 s when a container starts and stops", async () => {
      const notes = recorder(server.client);
      await server.client.subscribeResource({ uri: "docker://containers" });
      const container = await docker.createContainer({
        Image: IMAGE,
        name: `${run.prefix}-watched`,
        Cmd: ["sleep", "600"],
        Labels: run.label,
      });
      expect(await until(() => notes.updated.includes("docker://containers"), 2000)).toBe(true);
      expect(await until(() => notes.listChanged() > 0, 2000)).toBe(true);
      notes.clear();
      await container.start();
      expect(await until(() => notes.updated.includes("docker://containers"), 2000)).toBe(true);
      notes.clear();
      await container.stop({ t: 0 });
      expect(await until(() => notes.updated.includes("docker://containers"), 2000)).toBe(true);
      await server.client.unsubscribeResource({ uri: "docker://containers" });
    });

    it("a per-container child is notified for its own container only", async () => {
      const notes = recorder(server.client);
      const mine = `${run.prefix}-child`;
      const other = await docker.createContainer({
        Image: IMAGE,
        name: `${run.prefix}-other`,
        Cmd: ["true"],
        Labels: run.label,
      });
      await server.client.subscribeResource({ uri: `docker-logs://${mine}` });
      await other.start();
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(notes.updated).not.toContain(`docker-logs://${mine}`);
      const container = await docker.createContainer({ Image: IMAGE, name: mine, Cmd: ["true"], Labels: run.label });
      await container.start();
      expect(await until(() => notes.updated.includes(`docker-logs://${mine}`), 2000)).toBe(true);
      await server.client.unsubscribeResource({ uri: `docker-logs://${mine}` });
    });

    it("refuses a URI that does not notify, with a sentence", async () => {
      await expect(server.client.subscribeResource({ uri: "docker-mcp://hosts" })).rejects.toThrow(
        /only the container, service and node indexes/,
      );
      await expect(server.client.subscribeResource({ uri: "docker://nothing" })).rejects.toThrow(/Unknown resource/);
    });

    it("completes container names and image tags from the live daemon, by prefix", async () => {
      const name = `${run.prefix}-complete-me`;
      await docker.createContainer({ Image: IMAGE, name, Cmd: ["true"], Labels: run.label });
      const byPrompt = await server.client.complete({
        ref: { type: "ref/prompt", name: "troubleshoot_container" },
        argument: { name: "container", value: `${run.prefix}-complete` },
      });
      expect(byPrompt.completion.values).toEqual([name]);
      const byTemplate = await server.client.complete({
        ref: { type: "ref/resource", uri: "docker-logs://{id_or_name}" },
        argument: { name: "id_or_name", value: `${run.prefix}-comp` },
      });
      expect(byTemplate.completion.values).toEqual([name]);
      const images = await server.client.complete({
        ref: { type: "ref/prompt", name: "deploy_container" },
        argument: { name: "image", value: "busybox:" },
      });
      expect(images.completion.values).toContain(IMAGE);
      const sections = await server.client.complete({
        ref: { type: "ref/resource", uri: "docker-docs://{section}" },
        argument: { name: "section", value: "compose" },
      });
      expect(sections.completion.values).toEqual(["compose", "compose-cli", "compose-file"]);
      const none = await server.client.complete({
        ref: { type: "ref/prompt", name: "deploy_container" },
        argument: { name: "name", value: "x" },
      });
      expect(none.completion.values).toEqual([]);
    });
  });
}

describe("across two hosts", () => {
  const run = newRun("sub-multi");
  const a = { url: tb("ENGINE_A_HOST") };
  const b = { url: tb("ENGINE_B_HOST") };
  let server: Spawned;
  beforeAll(async () => {
    server = await spawnServer({ DOCKER_MCP_SERVER_HOSTS: `a=${a.url},b=${b.url}` });
  });
  afterAll(async () => {
    await server?.close();
    await cleanupRun(dockerFor(a.url), run.id);
    await cleanupRun(dockerFor(b.url), run.id);
  });

  it("completes hosts, names from every host, and from the chosen host only", async () => {
    await dockerFor(a.url).createContainer({
      Image: IMAGE,
      name: `${run.prefix}-on-a`,
      Cmd: ["true"],
      Labels: run.label,
    });
    await dockerFor(b.url).createContainer({
      Image: IMAGE,
      name: `${run.prefix}-on-b`,
      Cmd: ["true"],
      Labels: run.label,
    });
    const hosts = await server.client.complete({
      ref: { type: "ref/resource", uri: "docker-logs://{host}/{id_or_name}" },
      argument: { name: "host", value: "" },
    });
    expect(hosts.completion.values).toEqual(["a", "b"]);
    const both = await server.client.complete({
      ref: { type: "ref/prompt", name: "troubleshoot_container" },
      argument: { name: "container", value: run.prefix },
    });
    expect(both.completion.values).toEqual([`${run.prefix}-on-a`, `${run.prefix}-on-b`]);
    const onlyB = await server.client.complete({
      ref: { type: "ref/resource", uri: "docker-logs://{host}/{id_or_name}" },
      argument: { name: "id_or_name", value: run.prefix },
      context: { arguments: { host: "b" } },
    });
    expect(onlyB.completion.values).toEqual([`${run.prefix}-on-b`]);
  });

  it("notifies the host-qualified index of the host where the change happened", async () => {
    const notes = recorder(server.client);
    await server.client.subscribeResource({ uri: "docker://b/containers" });
    await server.client.subscribeResource({ uri: "docker:///containers" });
    await dockerFor(b.url).createContainer({
      Image: IMAGE,
      name: `${run.prefix}-notify-b`,
      Cmd: ["true"],
      Labels: run.label,
    });
    expect(await until(() => notes.updated.includes("docker://b/containers"), 2000)).toBe(true);
    expect(notes.updated).not.toContain("docker:///containers");
  });
});

describe("a daemon that goes away and comes back", () => {
  const run = newRun("sub-restart");
  const docker = dockerFor(tb("ENGINE_A_HOST"));
  const proxy = new SocketProxy(
    join(tmpdir(), `dmcp-sub-${randomBytes(4).toString("hex")}.sock`),
    tb("ENGINE_A_HOST").replace(/^unix:\/\//, ""),
  );
  let server: Spawned;
  beforeAll(async () => {
    await proxy.up();
    server = await spawnServer({ DOCKER_MCP_SERVER_HOSTS: `unix://${proxy.path}` });
  });
  afterAll(async () => {
    await server?.close();
    await proxy.down();
    rmSync(proxy.path, { force: true });
    await cleanupRun(docker, run.id);
  });

  it("re-opens the event stream by itself and keeps notifying", async () => {
    const notes = recorder(server.client);
    await server.client.subscribeResource({ uri: "docker://containers" });
    await docker.createContainer({ Image: IMAGE, name: `${run.prefix}-before`, Cmd: ["true"], Labels: run.label });
    expect(await until(() => notes.updated.includes("docker://containers"), 2000)).toBe(true);
    await proxy.down();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    notes.clear();
    await proxy.up();
    // The re-opened stream reports the gap (state may have changed unseen), then live events again.
    expect(await until(() => notes.updated.includes("docker://containers"), 7000)).toBe(true);
    notes.clear();
    await docker.createContainer({ Image: IMAGE, name: `${run.prefix}-after`, Cmd: ["true"], Labels: run.label });
    expect(await until(() => notes.updated.includes("docker://containers"), 2000)).toBe(true);
  });
});
