// container_* lifecycle, listing, provenance, prune, resources, host rules and bad input, against both engines.

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
} from "../support/containers-harness.js";
import { tb } from "../support/testbed.js";
import { unfence } from "../support/untrusted.js";

type Row = Record<string, unknown> & { id: string; names: string[]; labels?: Record<string, string> };
type Brief = { id: string; name: string; status: string; exit_code?: number; ports?: string[] };

describe.each(engines())("containers lifecycle on engine $name", (engine) => {
  const run = newRun("containers-life");
  const docker = dockerFor(engine.url);
  const images: string[] = [];
  let server: Server;
  const name = (suffix: string) => `${run.prefix}-${suffix}`;
  const sleeper = (suffix: string, extra: Record<string, unknown> = {}) =>
    json<Brief>(server, "container_run", {
      image: IMAGE,
      name: name(suffix),
      command: ["sleep", "600"],
      labels: run.label,
      ...extra,
    });
  const state = async (ref: string) =>
    ((await docker.getContainer(ref).inspect()) as { State: { Status: string; Paused: boolean } }).State;
  const countRunContainers = async () =>
    (await docker.listContainers({ all: true, filters: JSON.stringify({ label: [run.labelFilter] }) })).length;

  beforeAll(async () => {
    server = await startServer({ DOCKER_MCP_SERVER_HOSTS: engine.url });
  });
  afterAll(async () => {
    await server?.close();
    await cleanupRun(docker, run.id, images);
  });

  it("runs detached with provenance labels, lists it with managed_only, inspects fields", async () => {
    const started = await sleeper("main", { ports: { "80/tcp": null }, environment: { GREETING: "hi" } });
    expect(started).toMatchObject({ name: name("main"), status: "running", image: IMAGE });
    expect(started.id).toMatch(/^[0-9a-f]{64}$/);
    expect(started.ports?.[0]).toMatch(/^0\.0\.0\.0:\d+->80\/tcp$/);

    const rows = await json<Row[]>(server, "container_list", {
      managed_only: true,
      filters: { label: run.labelFilter },
    });
    const row = rows.find((r) => r.id === started.id) as Row;
    expect(row.names).toEqual([name("main")]);
    expect(row.labels?.["docker-mcp-server.managed"]).toBe("true");
    expect(row.labels?.["docker-mcp-server.tool"]).toBe("container_run");
    expect(row.labels?.["dmcp.test"]).toBe(run.id);
    expect(JSON.stringify(row).length).toBeLessThan(1500);

    const unlabeled = await json<Row[]>(server, "container_list", { filters: { name: name("main") } });
    expect(unlabeled[0]?.labels).toBeUndefined();
    const detail = await json<Array<{ Id: string }>>(server, "container_list", {
      detail: true,
      filters: { name: name("main") },
    });
    expect(detail[0]?.Id).toBe(started.id);
    const newest = await json<Row[]>(server, "container_list", { limit: 1, filters: { label: run.labelFilter } });
    expect(newest.map((r) => r.id)).toEqual([started.id]);

    const fields = await json(server, "container_inspect", {
      id_or_name: name("main"),
      fields: ["State.Status", "Config.Env", "Nope.Missing"],
    });
    expect(fields["State.Status"]).toBe("running");
    expect(fields["Config.Env"]).toContain("GREETING=hi");
    expect(fields["Nope.Missing"]).toBeNull();
  });

  it("since and before select by creation order (the daemon honours them only as filters)", async () => {
    const ids: string[] = [];
    for (const suffix of ["order-1", "order-2", "order-3"]) {
      const created = await json<Brief>(server, "container_create", {
        image: IMAGE,
        extra_kwargs: { name: name(suffix), labels: run.label },
      });
      ids.push(created.id);
    }
    const list = async (args: Record<string, unknown>) =>
      (await json<Row[]>(server, "container_list", { all: true, filters: { label: run.labelFilter }, ...args }))
        .map((row) => row.id)
        .filter((id) => ids.includes(id));
    expect(await list({ since: name("order-1") })).toEqual([ids[2], ids[1]]);
    expect(await list({ before: name("order-3") })).toEqual([ids[1], ids[0]]);
    expect(await list({ since: name("order-1"), before: name("order-3") })).toEqual([ids[1]]);
  });

  it("create → start → pause → unpause → restart → stop → kill flow, each returning a compact state", async () => {
    const created = await json<Brief>(server, "container_create", {
      image: IMAGE,
      command: "sleep 600",
      extra_kwargs: { name: name("flow"), labels: run.label, stop_signal: "SIGKILL" },
    });
    expect(created.status).toBe("created");
    const labels = (await docker.getContainer(created.id).inspect()).Config.Labels;
    expect(labels["docker-mcp-server.tool"]).toBe("container_create");
    expect((await json<Brief>(server, "container_start", { id_or_name: name("flow") })).status).toBe("running");
    expect((await json<Brief>(server, "container_start", { id_or_name: name("flow") })).status).toBe("running");
    expect((await json<Brief>(server, "container_pause", { id_or_name: name("flow") })).status).toBe("paused");
    expect((await state(created.id)).Paused).toBe(true);
    const execPaused = await call(server, "container_exec", { id_or_name: name("flow"), cmd: ["true"] });
    expect(execPaused).toMatchObject({ isError: true });
    expect(execPaused.text).toContain("paused");
    expect((await json<Brief>(server, "container_unpause", { id_or_name: name("flow") })).status).toBe("running");
    const unpauseAgain = await call(server, "container_unpause", { id_or_name: name("flow") });
    expect(unpauseAgain.isError).toBe(true);
    expect(
      (await json<Brief>(server, "container_restart", { id_or_name: name("flow"), stop_timeout_seconds: 1 })).status,
    ).toBe("running");
    const stopped = await json<Brief>(server, "container_stop", { id_or_name: name("flow"), stop_timeout_seconds: 1 });
    expect(stopped).toMatchObject({ status: "exited", exit_code: 137 });
    const killStopped = await call(server, "container_kill", { id_or_name: name("flow") });
    expect(killStopped.isError).toBe(true);
    expect(killStopped.text).toMatch(/not running/i);
    await json(server, "container_start", { id_or_name: name("flow") });
    const killed = await json<Brief>(server, "container_kill", { id_or_name: name("flow"), signal: "9" });
    expect(killed).toMatchObject({ status: "exited", exit_code: 137 });
  });

  it("renames, updates the memory limit, tops and samples stats", async () => {
    await sleeper("upd");
    const renamed = await json<Brief & { renamed_from: string }>(server, "container_rename", {
      id_or_name: name("upd"),
      name: name("upd2"),
    });
    expect(renamed).toMatchObject({ name: name("upd2"), renamed_from: name("upd") });
    const updated = await json<{ changed: Record<string, number> }>(server, "container_update", {
      id_or_name: name("upd2"),
      updates: { mem_limit: "64m", memswap_limit: -1 },
    });
    expect(updated.changed.Memory).toBe(64 * 1024 * 1024);
    expect((await docker.getContainer(name("upd2")).inspect()).HostConfig.Memory).toBe(64 * 1024 * 1024);
    const stats = await json(server, "container_stats", { id_or_name: name("upd2") });
    expect(stats.mem_limit_mb).toBe(64);
    expect(stats.pids).toBeGreaterThanOrEqual(1);
    expect(Object.keys(stats).sort()).toEqual(
      [
        "blk_read_mb",
        "blk_write_mb",
        "container",
        "cpu_percent",
        "mem_limit_mb",
        "mem_percent",
        "mem_used_mb",
        "net_rx_mb",
        "net_tx_mb",
        "pids",
      ].sort(),
    );
    const top = await json<{ Titles: string[]; Processes: string[][] }>(server, "container_top", {
      id_or_name: name("upd2"),
    });
    expect(top.Processes.some((process) => process.join(" ").includes("sleep 600"))).toBe(true);
  });

  it("commits a container and runs the new image; diff shows the change", async () => {
    await sleeper("commit");
    await json(server, "container_exec", { id_or_name: name("commit"), cmd: ["sh", "-c", "echo baked > /baked.txt"] });
    const diff = await json<Array<{ Path: string; Kind: number }>>(server, "container_diff", {
      id_or_name: name("commit"),
    });
    expect(diff).toContainEqual({ Path: "/baked.txt", Kind: 1 });
    const repository = `${run.prefix}-img`;
    images.push(`${repository}:v1`);
    const committed = await json<{ id: string; repo_tags: string[] }>(server, "container_commit", {
      id_or_name: name("commit"),
      repository,
      tag: "v1",
      changes: ['CMD ["cat", "/baked.txt"]'],
    });
    expect(committed.repo_tags).toContain(`${repository}:v1`);
    const output = await call(server, "container_run", {
      image: `${repository}:v1`,
      detach: false,
      remove: true,
      labels: run.label,
    });
    expect({ ...output, text: unfence(output.text) }).toEqual({ isError: false, text: "baked" });
  });

  it("runs in the foreground: output on success, an error with stderr on failure, removed either way", async () => {
    const before = await countRunContainers();
    const ok = await call(server, "container_run", {
      image: IMAGE,
      command: ["sh", "-c", "echo one; echo two"],
      detach: false,
      remove: true,
      labels: run.label,
    });
    expect({ ...ok, text: unfence(ok.text) }).toEqual({ isError: false, text: "one\ntwo" });
    const failed = await call(server, "container_run", {
      image: IMAGE,
      command: ["sh", "-c", "echo visible-stderr >&2; exit 3"],
      detach: false,
      remove: true,
      labels: run.label,
    });
    expect(failed.isError).toBe(true);
    expect(failed.text).toContain("exited with code 3");
    expect(failed.text).toContain("visible-stderr");
    expect(await countRunContainers()).toBe(before);
  });

  it("a foreground run whose log driver cannot be read back returns empty output, not an error", async () => {
    const before = await countRunContainers();
    const quiet = { detach: false, remove: true, labels: run.label, extra_kwargs: { log_config: { type: "none" } } };
    const ok = await call(server, "container_run", { image: IMAGE, command: ["echo", "unseen"], ...quiet });
    expect(ok).toEqual({ isError: false, text: "" });
    const failed = await call(server, "container_run", { image: IMAGE, command: ["sh", "-c", "exit 4"], ...quiet });
    expect(failed.isError).toBe(true);
    expect(failed.text).toContain("exited with code 4");
    expect(await countRunContainers()).toBe(before);
  });

  it("pulls a missing image with stored credentials: the Docker config login, or system_login", async () => {
    const configDir = mkdtempSync(join(tmpdir(), `${run.prefix}-config-`));
    const registry = tb("REGISTRY_TLS");
    const ref = `${registry}/${run.prefix}-private:1`;
    const cli = (args: string[], input?: string) =>
      execFileSync("docker", ["--config", configDir, "-H", engine.url, ...args], { stdio: "pipe", input });
    const authed = await startServer({ DOCKER_MCP_SERVER_HOSTS: engine.url, DOCKER_CONFIG: configDir });
    try {
      cli(["login", registry, "-u", tb("REGISTRY_USER"), "--password-stdin"], tb("REGISTRY_PASSWORD"));
      cli(["tag", IMAGE, ref]);
      cli(["push", ref]);
      cli(["rmi", ref]);
      images.push(ref);
      const started = await json<Brief>(authed, "container_run", {
        image: ref,
        name: name("private"),
        command: ["sleep", "600"],
        labels: run.label,
      });
      expect(started.status).toBe("running");
    } finally {
      await authed.close();
    }
    // The same pull with the credentials of system_login instead (an empty Docker config).
    const emptyDir = mkdtempSync(join(tmpdir(), `${run.prefix}-empty-`));
    const loggedIn = await startServer({ DOCKER_MCP_SERVER_HOSTS: engine.url, DOCKER_CONFIG: emptyDir });
    try {
      await docker.getContainer(name("private")).remove({ force: true });
      cli(["rmi", ref]);
      await json(loggedIn, "system_login", {
        registry,
        username: tb("REGISTRY_USER"),
        password: tb("REGISTRY_PASSWORD"),
      });
      const again = await json<Brief>(loggedIn, "container_run", {
        image: ref,
        name: name("private-2"),
        command: ["sleep", "600"],
        labels: run.label,
      });
      expect(again.status).toBe("running");
    } finally {
      await loggedIn.close();
      rmSync(configDir, { recursive: true, force: true });
      rmSync(emptyDir, { recursive: true, force: true });
    }
  });

  it("pulls a missing image once, then runs it", async () => {
    const ref = `${tb("REGISTRY_PLAIN")}/${run.prefix}-pull:1`;
    const cli = (...args: string[]) => execFileSync("docker", ["-H", engine.url, ...args], { stdio: "pipe" });
    cli("tag", IMAGE, ref);
    cli("push", ref);
    cli("rmi", ref);
    images.push(ref);
    const started = await json<Brief>(server, "container_run", {
      image: ref,
      name: name("pulled"),
      command: ["sleep", "600"],
      labels: run.label,
    });
    expect(started.status).toBe("running");
    const missing = await call(server, "container_run", {
      image: `${tb("REGISTRY_PLAIN")}/${run.prefix}-absent:1`,
      labels: run.label,
    });
    expect(missing.isError).toBe(true);
    expect(missing.text).toMatch(/not found|manifest unknown|pulling it failed/i);
  });

  it("prunes only stopped containers (scoped to this run's label)", async () => {
    const keep = await sleeper("prune-running");
    const gone = await json<Brief>(server, "container_create", {
      image: IMAGE,
      extra_kwargs: { name: name("prune-stopped"), labels: run.label },
    });
    const result = await json<{ ContainersDeleted: string[]; SpaceReclaimed: number }>(server, "container_prune", {
      filters: { label: run.labelFilter },
    });
    expect(result.ContainersDeleted).toContain(gone.id);
    expect(result.ContainersDeleted).not.toContain(keep.id);
    expect((await state(keep.id)).Status).toBe("running");
  });

  it("removes: refuses a running container without force, then force-removes", async () => {
    await sleeper("rm");
    const refused = await call(server, "container_remove", { id_or_name: name("rm") });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain("force=true");
    expect((await state(name("rm"))).Status).toBe("running");
    expect(await call(server, "container_remove", { id_or_name: name("rm"), force: true })).toEqual({
      isError: false,
      text: "true",
    });
    await expect(docker.getContainer(name("rm")).inspect()).rejects.toThrow();
  });

  it("link=true removes a legacy link and leaves both containers", async () => {
    await sleeper("link-target");
    await sleeper("link-owner", { extra_kwargs: { links: { [name("link-target")]: "peer" } } });
    const linkName = `${name("link-owner")}/peer`;
    const links = async () => (await docker.getContainer(name("link-owner")).inspect()).HostConfig.Links ?? [];
    expect(await links()).toHaveLength(1);
    const withoutFlag = await call(server, "container_remove", { id_or_name: linkName });
    expect(withoutFlag.isError).toBe(true);
    expect(withoutFlag.text).toContain("link=true");
    const notALink = await call(server, "container_remove", { id_or_name: name("link-owner"), link: true });
    expect(notALink.isError).toBe(true);
    expect(notALink.text).toContain("<container>/<alias>");
    expect(await call(server, "container_remove", { id_or_name: linkName, link: true })).toEqual({
      isError: false,
      text: "true",
    });
    expect(await links()).toHaveLength(0);
    expect((await state(name("link-target"))).Status).toBe("running");
    expect((await state(name("link-owner"))).Status).toBe("running");
  });

  it("bad input is a clear error and changes nothing", async () => {
    await sleeper("bad");
    const before = await countRunContainers();
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ["container_inspect", { id_or_name: `${run.prefix}-missing` }, /No such container/],
      ["container_stop", { id_or_name: "../../etc/passwd" }, /must be a container id, id prefix or name/],
      ["container_inspect", { id_or_name: "x/../../info" }, /must be a container id/],
      ["container_stop", { id_or_name: name("bad"), stop_timeout_seconds: -1 }, /stop_timeout_seconds/],
      ["container_kill", { id_or_name: name("bad"), signal: "SIGNOPE" }, /Invalid signal 'SIGNOPE'/],
      [
        "container_update",
        { id_or_name: name("bad"), updates: { privileged: true } },
        /Unknown update key 'privileged'/,
      ],
      ["container_update", { id_or_name: name("bad"), updates: { mem_limit: "lots" } }, /size like "512m"/],
      [
        "container_run",
        { image: IMAGE, extra_kwargs: { not_an_option: 1 } },
        /Unknown container option 'not_an_option'/,
      ],
      ["container_run", { image: IMAGE, command: "echo 'unbalanced" }, /Unbalanced ' quote/],
      ["container_exec", { id_or_name: name("bad"), cmd: [] }, /cmd/],
      ["container_logs", { id_or_name: name("bad"), tail: -5 }, /tail/],
      ["container_rename", { id_or_name: name("bad"), name: "" }, /name/],
    ];
    for (const [tool, args, pattern] of cases) {
      const result = await call(server, tool, args);
      expect(result.isError, `${tool} ${JSON.stringify(args)}`).toBe(true);
      expect(result.text).toMatch(pattern);
    }
    expect((await state(name("bad"))).Status).toBe("running");
    expect((await docker.getContainer(name("bad")).inspect()).HostConfig.Memory).toBe(0);
    expect(await countRunContainers()).toBe(before);
  });

  it("resources: the index links logs and stats; logs stay readable after exit; stats refuse a stopped container", async () => {
    await sleeper("res");
    await json(server, "container_run", {
      image: IMAGE,
      name: name("res-exited"),
      command: ["sh", "-c", "echo from-exited; exit 2"],
      labels: run.label,
    });
    await docker.getContainer(name("res-exited")).wait();
    const listed = await server.client.listResources();
    expect(listed.resources.map((r) => r.uri)).toContain("docker://containers");
    const templates = (await server.client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
    expect(templates).toEqual(expect.arrayContaining(["docker-logs://{id_or_name}", "docker-stats://{id_or_name}"]));
    expect(templates).not.toContain("docker-logs://{host}/{id_or_name}");
    const read = async (uri: string) => {
      const contents = (await server.client.readResource({ uri })).contents[0] as { text: string };
      return contents.text;
    };
    const index = JSON.parse(await read("docker://containers")) as { containers: Array<Record<string, unknown>> };
    const running = index.containers.find((c) => c.name === name("res"));
    expect(running).toMatchObject({
      status: "running",
      logs: `docker-logs://${name("res")}`,
      stats: `docker-stats://${name("res")}`,
      image: IMAGE,
    });
    const exited = index.containers.find((c) => c.name === name("res-exited"));
    expect(exited).toMatchObject({ status: "exited", exit_code: 2, stats: null });
    expect(unfence(await read(`docker-logs://${name("res-exited")}`))).toBe("from-exited");
    const usage = JSON.parse(await read(`docker-stats://${name("res")}`));
    expect(usage.container).toBe(name("res"));
    await expect(read(`docker-stats://${name("res-exited")}`)).rejects.toThrow(/not running/);
  });
});

describe("host rules for container tools", () => {
  const [a, b] = engines() as [Engine, Engine];
  const run = newRun("containers-hosts");
  const dockerA = dockerFor(a.url);
  const dockerB = dockerFor(b.url);
  const target = `${run.prefix}-target`;

  beforeAll(async () => {
    await startSleeperOnEach([dockerA, dockerB], target, run);
  });
  afterAll(async () => {
    await cleanupRun(dockerA, run.id);
    await cleanupRun(dockerB, run.id);
  });

  it("a (ro) host refuses every mutating container tool and nothing changes", async () => {
    const server = await startServer({ DOCKER_MCP_SERVER_HOSTS: `a=${a.url}(ro)` });
    try {
      const writes: Array<[string, Record<string, unknown>]> = [
        ["container_run", { image: IMAGE, labels: run.label }],
        ["container_create", { image: IMAGE, extra_kwargs: { labels: run.label } }],
        ["container_prune", { filters: { label: run.labelFilter } }],
        ["container_start", { id_or_name: target }],
        ["container_stop", { id_or_name: target }],
        ["container_restart", { id_or_name: target }],
        ["container_kill", { id_or_name: target }],
        ["container_pause", { id_or_name: target }],
        ["container_unpause", { id_or_name: target }],
        ["container_remove", { id_or_name: target, force: true }],
        ["container_exec", { id_or_name: target, cmd: ["touch", "/x"] }],
        ["container_commit", { id_or_name: target }],
        ["container_rename", { id_or_name: target, name: `${target}-x` }],
        ["container_update", { id_or_name: target, updates: { mem_limit: "64m" } }],
        ["container_export", { id_or_name: target }],
        ["container_archive_get_to_file", { id_or_name: target, path: "/etc", dest_path: "/tmp/never.tar" }],
        ["container_archive_put", { id_or_name: target, path: "/", data: "" }],
      ];
      for (const [tool, args] of writes) {
        const result = await call(server, tool, args);
        expect(result.isError, tool).toBe(true);
        expect(result.text, tool).toContain("read-only");
      }
      const read = await json<Array<{ names: string[] }>>(server, "container_list", { filters: { name: target } });
      expect(read[0]?.names).toEqual([target]);
      const doc = await dockerA.getContainer(target).inspect();
      expect(doc.State.Status).toBe("running");
      expect(doc.Name).toBe(`/${target}`);
      expect(
        (await dockerA.listContainers({ all: true, filters: JSON.stringify({ label: [run.labelFilter] }) })).length,
      ).toBe(1);
    } finally {
      await server.close();
    }
  });

  it("with two hosts, writes must name the host and reach only it; resources use the multi-host URIs", async () => {
    const server = await startServer({ DOCKER_MCP_SERVER_HOSTS: `a=${a.url},b=${b.url}` });
    try {
      const unnamed = await call(server, "container_pause", { id_or_name: target });
      expect(unnamed.isError).toBe(true);
      expect(unnamed.text).toContain("'host' is required");
      await json(server, "container_pause", { id_or_name: target, host: "b" });
      expect((await dockerB.getContainer(target).inspect()).State.Paused).toBe(true);
      expect((await dockerA.getContainer(target).inspect()).State.Paused).toBe(false);
      await json(server, "container_unpause", { id_or_name: target, host: "b" });

      const uris = (await server.client.listResources()).resources.map((r) => r.uri);
      expect(uris).toContain("docker:///containers");
      expect(uris).not.toContain("docker://containers");
      const text = async (uri: string) =>
        ((await server.client.readResource({ uri })).contents[0] as { text: string }).text;
      const onB = JSON.parse(await text("docker://b/containers")) as { containers: Array<Record<string, unknown>> };
      expect(onB.containers.find((c) => c.name === target)?.logs).toBe(`docker-logs://b/${target}`);
      const onDefault = JSON.parse(await text("docker:///containers")) as {
        containers: Array<Record<string, unknown>>;
      };
      expect(onDefault.containers.find((c) => c.name === target)?.stats).toBe(`docker-stats:///${target}`);
      expect(JSON.parse(await text(`docker-stats://b/${target}`)).container).toBe(target);
      await expect(text("docker://nope/containers")).rejects.toThrow(/Unknown host 'nope'.*a, b/);
    } finally {
      await server.close();
    }
  });

  it("a disabled containers domain hides its tools and resources", async () => {
    const server = await startServer({ DOCKER_MCP_SERVER_HOSTS: a.url, DOCKER_MCP_SERVER_DISABLE: "containers" });
    try {
      const uris = (await server.client.listResources()).resources.map((r) => r.uri);
      expect(uris).not.toContain("docker://containers");
      const templates = (await server.client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
      expect(templates.some((t) => t.startsWith("docker-logs") || t.startsWith("docker-stats"))).toBe(false);
      const tools = (await server.client.listTools()).tools.map((t) => t.name);
      expect(tools.some((t) => t.startsWith("container_"))).toBe(false);
    } finally {
      await server.close();
    }
  });
});
