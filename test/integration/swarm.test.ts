// The swarm family against a real swarm: engine A (20.10) is the manager, engine C (20.10 in its own network
// namespace) joins as a worker through the tools, engine B (--live-restore) is a daemon that can never be a manager.
// Swarm state is global to an engine, so this one file inits the swarm, runs everything in order and leaves it; the
// afterAll leaves both engines even when a test failed. Everything else carries this run's id.

import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOGS_STOPPED_NOTE, SERVICE_LOGS_DEADLINE_MS } from "../../src/engine/services.js";
import { NOT_MANAGER } from "../../src/engine/swarm.js";
import { docker } from "../support/docker-cli.js";
import { callWithProgress } from "../support/images.js";
import { callJson, callTool, type Spawned, spawnServer } from "../support/mcp-client.js";
import { neverShown } from "../support/secret-watch.js";
import { acquireSwarmLock, SWARM_LOCK_WAIT_MS } from "../support/swarm-lock.js";
import { tb } from "../support/testbed.js";
import { unfence } from "../support/untrusted.js";
import { swarmPreviewCases } from "./swarm-previews.js";

const id = randomBytes(4).toString("hex");
const prefix = `dmcp-it-swarm-${id}`;
const label = { "dmcp.test": id };
const A = () => tb("ENGINE_A_HOST");
const B = () => tb("ENGINE_B_HOST");
const C = () => tb("ENGINE_C_HOST");
const IMAGE = "busybox:local";
/** A key whose value is null, "", [] or {} anywhere in a JSON text. */
const EMPTY_MEMBER = /":(null|""|\[\]|\{\})/;

const secretName = `${prefix}-secret`;
const secretValue = `s3cr3t-${randomBytes(12).toString("hex")}`;
/** A service's env password: never in anything the server writes (checked by the last test). */
const servicePassword = neverShown(`svc-pw-${randomBytes(8).toString("hex")}`);
const configName = `${prefix}-config`;
const configText = `greeting=hello-${id}\n`;
const pinned = `${prefix}-pinned`;
const web = `${prefix}-web`;
const failing = `${prefix}-fail`;
const global = `${prefix}-global`;
const port = 20000 + Math.floor(Math.random() * 9000);
const stack = `dmcp-st-${id}`;

let server: Spawned;
let releaseSwarm: (() => void) | undefined;
let workerId = "";
let managerHostname = "";

const json = <T = Record<string, unknown>>(tool: string, args: Record<string, unknown> = {}) =>
  callJson<T>(server.client, tool, args);
const call = (tool: string, args: Record<string, unknown> = {}) => callTool(server.client, tool, args);

function swarmState(host: string): string {
  return docker(host, ["info", "--format", "{{.Swarm.LocalNodeState}}"]);
}

function leaveQuietly(host: string): void {
  try {
    if (swarmState(host) !== "inactive") docker(host, ["swarm", "leave", "--force"]);
  } catch {
    // best effort: the next testbed.sh start resets a swarm left behind
  }
}

async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean, seconds = 45): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  let value = await probe();
  while (!ok(value)) {
    if (Date.now() > deadline) throw new Error(`condition not reached in ${seconds}s: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    value = await probe();
  }
  return value;
}

interface TaskRow {
  id: string;
  node: string | null;
  state: string | null;
  desired_state: string | null;
  error?: string;
  container_id?: string;
}

const runningTasks = async (service: string) =>
  (
    await json<TaskRow[]>("service_ps", { id_or_name: service, host: "a", filters: { "desired-state": "running" } })
  ).filter((task) => task.state === "running");

beforeAll(async () => {
  // Another checkout's swarm suite may be running on the same engines: wait for it instead of leaving its swarm.
  releaseSwarm = await acquireSwarmLock();
  // A run that died mid-swarm (testbed.sh start also resets this).
  leaveQuietly(C());
  leaveQuietly(A());
  server = await spawnServer({ DOCKER_MCP_SERVER_HOSTS: `a=${A()},c=${C()},b=${B()}` });
}, SWARM_LOCK_WAIT_MS + 120_000);

afterAll(async () => {
  try {
    process.kill(Number(readFileSync(join(tb("TESTBED_DIR"), "run", "dockerd-c.pid"), "utf8").trim()), "SIGCONT");
  } catch {
    // not stopped, or not running
  }
  await server?.close();
  leaveQuietly(C());
  leaveQuietly(A());
  for (const host of [A(), C()]) {
    try {
      docker(host, ["network", "rm", "docker_gwbridge"]);
    } catch {
      // still in use or already gone
    }
  }
  releaseSwarm?.();
});

describe("swarm family on a real two-node swarm", () => {
  it("a daemon that is not a manager gets one plain sentence, and nothing is created", async () => {
    for (const [tool, args] of [
      ["service_list", { host: "a" }],
      ["node_list", { host: "b" }],
      ["swarm_inspect", { host: "b" }],
      ["secret_create", { host: "b", name: secretName, data: secretValue }],
      ["config_list", { host: "a" }],
    ] as const) {
      const result = await call(tool, args);
      expect(result.isError, tool).toBe(true);
      expect(result.text).toBe(`Host '${args.host}': ${NOT_MANAGER}.`);
      expect(result.text).not.toContain(secretValue);
    }
    const refused = await call("swarm_init", { host: "b" });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain("--live-restore");
    expect(swarmState(B())).toBe("inactive");
  });

  it("swarm_init makes engine A a manager with the given address pool and data path port", async () => {
    const bad = await call("swarm_init", { host: "a", data_path_port: 80 });
    expect(bad.text).toContain("data_path_port must be within 1024-49151");
    expect(swarmState(A())).toBe("inactive");

    const init = await call("swarm_init", {
      host: "a",
      advertise_addr: tb("ENGINE_A_SWARM_ADDR"),
      default_addr_pool: ["10.201.0.0/16"],
      subnet_size: 24,
      data_path_port: 7789,
      labels: label,
    });
    expect(init.isError, init.text).toBe(false);
    expect(init.text).not.toContain("SWMTKN");
    expect(Object.keys(JSON.parse(init.text)).sort()).toEqual(["node_id", "swarm_id"]);
    expect(swarmState(A())).toBe("active");

    const inspect = await call("swarm_inspect", { host: "a" });
    expect(inspect.text).not.toContain("SWMTKN");
    const doc = JSON.parse(inspect.text) as Record<string, unknown> & { Spec: { Labels: Record<string, string> } };
    expect(doc.JoinTokens).toBeUndefined();
    expect(doc.DataPathPort).toBe(7789);
    expect(doc.DefaultAddrPool).toEqual(["10.201.0.0/16"]);
    expect(doc.Spec.Labels).toEqual(label);
    expect(await json("swarm_inspect", { host: "a", fields: ["SubnetSize"] })).toEqual({ SubnetSize: 24 });

    const again = await call("swarm_init", { host: "a" });
    expect(again.text).toContain("is already in a swarm");
  });

  it("engine C joins as a worker through the tools; a bad token is refused without being echoed", async () => {
    const bogus = `SWMTKN-1-${"0".repeat(50)}-bogus${id}`;
    const refused = await call("swarm_join", {
      host: "c",
      remote_addrs: [`${tb("ENGINE_A_SWARM_ADDR")}:2377`],
      join_token: bogus,
    });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain("join token");
    expect(refused.text).not.toContain(bogus);
    expect(swarmState(C())).toBe("inactive");

    const tokens = await json<{ Worker: string; Manager: string }>("swarm_join_tokens", { host: "a" });
    expect(tokens.Worker).toMatch(/^SWMTKN-1-/);
    expect(tokens.Manager).toMatch(/^SWMTKN-1-/);
    expect(tokens.Manager).not.toBe(tokens.Worker);
    const joined = await call("swarm_join", {
      host: "c",
      remote_addrs: [`${tb("ENGINE_A_SWARM_ADDR")}:2377`],
      join_token: tokens.Worker,
      advertise_addr: tb("ENGINE_C_SWARM_ADDR"),
    });
    expect(joined.isError, joined.text).toBe(false);
    expect(joined.text).not.toContain(tokens.Worker);
    const result = JSON.parse(joined.text) as { node_id: string; role: string };
    expect(result.role).toBe("worker");
    workerId = result.node_id;

    const waited = await json<{ met: boolean; state: string }>("node_wait", {
      host: "a",
      id_or_name: tb("ENGINE_C_HOSTNAME"),
      timeout_seconds: 30,
      poll_interval: 0.5,
    });
    expect(waited).toMatchObject({ met: true, state: "ready" });
    const nodes = await json<Array<Record<string, unknown>>>("node_list", { host: "a" });
    expect(nodes).toHaveLength(2);
    expect(nodes.find((node) => node.id === workerId)).toMatchObject({
      hostname: tb("ENGINE_C_HOSTNAME"),
      role: "worker",
      availability: "active",
      status: "ready",
      manager_status: null,
      engine_version: tb("ENGINE_C_VERSION"),
    });
    const manager = nodes.find((node) => node.id !== workerId);
    expect(manager).toMatchObject({ role: "manager", manager_status: "Leader" });
    managerHostname = String(manager?.hostname);

    // The worker is in the swarm but is no manager.
    const onWorker = await call("service_list", { host: "c" });
    expect(onWorker.text).toBe(`Host 'c': ${NOT_MANAGER}.`);
  });

  it("secrets and configs: created from text, labelled, never showing a secret's value; duplicates refused", async () => {
    const created = await call("secret_create", { host: "a", name: secretName, data: secretValue, labels: label });
    expect(created.isError, created.text).toBe(false);
    expect(created.text).not.toContain(secretValue);
    expect(JSON.parse(created.text)).toMatchObject({ name: secretName });

    const duplicate = await call("secret_create", { host: "a", name: secretName, data: secretValue });
    expect(duplicate.isError).toBe(true);
    expect(duplicate.text).toContain(`A secret named '${secretName}' already exists`);
    expect(duplicate.text).not.toContain(secretValue);
    const tooBig = await call("secret_create", { host: "a", name: `${secretName}-big`, data: "x".repeat(600 * 1024) });
    expect(tooBig.text).toContain("at most 500 KiB");

    const inspected = await call("secret_inspect", { host: "a", id_or_name: secretName });
    expect(inspected.text).not.toContain(secretValue);
    expect(inspected.text).not.toContain(Buffer.from(secretValue).toString("base64"));
    const doc = JSON.parse(inspected.text) as { Spec: { Labels: Record<string, string>; Data?: string } };
    expect(doc.Spec.Data).toBeUndefined();
    expect(doc.Spec.Labels).toMatchObject({ ...label, "docker-mcp-server.tool": "secret_create" });
    const rows = await json<Array<Record<string, unknown>>>("secret_list", {
      host: "a",
      filters: { label: `dmcp.test=${id}` },
    });
    expect(rows).toEqual([expect.objectContaining({ name: secretName, labels: expect.objectContaining(label) })]);
    const listed = await call("secret_list", { host: "a", detail: true });
    expect(listed.text).not.toContain(secretValue);

    await json("config_create", { host: "a", name: configName, data: configText, labels: label });
    const raw = await json<{ Spec: { Data: string; Labels: Record<string, string> } }>("config_inspect", {
      host: "a",
      id_or_name: configName,
    });
    expect(raw.Spec.Data).toBe(Buffer.from(configText).toString("base64"));
    expect(raw.Spec.Labels["docker-mcp-server.tool"]).toBe("config_create");
    expect(
      await json("config_inspect", { host: "a", id_or_name: configName, decode: true, fields: ["Spec.Data"] }),
    ).toEqual({ "Spec.Data": configText });
    const configRows = await json<Array<Record<string, unknown>>>("config_list", {
      host: "a",
      filters: { name: configName },
    });
    expect(configRows).toEqual([expect.objectContaining({ name: configName })]);
    expect(JSON.stringify(configRows)).not.toContain(Buffer.from(configText).toString("base64"));
    const again = await call("config_create", { host: "a", name: configName, data: "other" });
    expect(again.text).toContain(`A config named '${configName}' already exists`);
  });

  it("a service pinned to the worker mounts the secret and config; they read back inside its task", async () => {
    const bad = await call("service_create", {
      host: "a",
      image: IMAGE,
      extra_kwargs: { name: pinned, constraints: ["node.role=worker"] },
    });
    expect(bad.text).toContain("is not a placement constraint");
    const unknownOption = await call("service_create", {
      host: "a",
      image: IMAGE,
      extra_kwargs: { name: pinned, replica: 2 },
    });
    expect(unknownOption.text).toContain("Unknown service option(s): replica");
    expect((await json<unknown[]>("service_list", { host: "a", filters: { name: pinned } })).length).toBe(0);

    const created = await json<Record<string, unknown>>("service_create", {
      host: "a",
      image: IMAGE,
      command: ["sh", "-c", "echo pinned-up; sleep 600"],
      extra_kwargs: {
        name: pinned,
        replicas: 1,
        constraints: ["node.role==worker"],
        secrets: [secretName],
        configs: [{ source: configName, target: "/etc/dmcp.conf", mode: "0440" }],
        env: { DMCP_RUN: id },
        labels: label,
        container_labels: label,
        resources: { Limits: { MemoryBytes: "64m" } },
        restart_policy: { condition: "any", delay: "1s" },
        stop_grace_period: "2s",
      },
    });
    expect(created).toMatchObject({ name: pinned, mode: "replicated", replicas: 1, image: IMAGE });
    const waited = await json<{ met: boolean; running_tasks: number }>("service_wait", {
      host: "a",
      id_or_name: pinned,
      timeout_seconds: 45,
      poll_interval: 1,
    });
    expect(waited).toMatchObject({ met: true, running_tasks: 1, timed_out: false });
    const [task] = await runningTasks(pinned);
    expect(task?.node).toBe(tb("ENGINE_C_HOSTNAME"));
    expect(task?.container_id).toMatch(/^[0-9a-f]{64}$/);

    const exec = async (cmd: string[]) => {
      const result = await json<{ exit_code: number; output: string }>("container_exec", {
        host: "c",
        id_or_name: task?.container_id,
        cmd,
      });
      return { ...result, output: unfence(result.output) };
    };
    expect(await exec(["cat", `/run/secrets/${secretName}`])).toEqual({ exit_code: 0, output: secretValue });
    expect(await exec(["cat", "/etc/dmcp.conf"])).toEqual({ exit_code: 0, output: configText });
    expect((await exec(["stat", "-c", "%a", "/etc/dmcp.conf"])).output.trim()).toBe("440");
    expect((await exec(["sh", "-c", "echo $DMCP_RUN"])).output.trim()).toBe(id);

    const spec = await json<Record<string, unknown>>("service_inspect", {
      host: "a",
      id_or_name: pinned,
      fields: ["Spec.Labels", "Spec.TaskTemplate.Resources.Limits.MemoryBytes", "Spec.TaskTemplate.RestartPolicy"],
    });
    expect(spec["Spec.Labels"]).toMatchObject({ ...label, "docker-mcp-server.tool": "service_create" });
    expect(spec["Spec.TaskTemplate.Resources.Limits.MemoryBytes"]).toBe(64 * 1024 * 1024);
    expect(spec["Spec.TaskTemplate.RestartPolicy"]).toMatchObject({ Condition: "any", Delay: 1e9 });

    const inUse = await call("secret_remove", { host: "a", id_or_name: secretName });
    expect(inUse.isError).toBe(true);
    expect(inUse.text).toContain(`Secret '${secretName}' is in use by service ${pinned}`);
    const noPrevious = await call("service_rollback", { host: "a", id_or_name: pinned });
    expect(noPrevious.text).toContain("no PreviousSpec");

    // Inspect answers leave out null, empty and default fields unless detail=true.
    for (const [tool, ref] of [
      ["service_inspect", pinned],
      ["node_inspect", workerId],
      ["secret_inspect", secretName],
      ["config_inspect", configName],
    ] as const) {
      const shaped = await call(tool, { host: "a", id_or_name: ref });
      const whole = await call(tool, { host: "a", id_or_name: ref, detail: true });
      expect(shaped.isError, `${tool}: ${shaped.text}`).toBe(false);
      expect(shaped.text, tool).not.toMatch(EMPTY_MEMBER);
      // A secret's document may have nothing empty to leave out.
      expect(shaped.text.length, tool).toBeLessThanOrEqual(whole.text.length);
      expect(JSON.parse(shaped.text), tool).toHaveProperty("Spec");
    }
    expect(await json("service_inspect", { host: "a", id_or_name: pinned })).toMatchObject({
      Spec: { Name: pinned, Mode: { Replicated: { Replicas: 1 } } },
    });
  });

  it("a replicated service converges, scales 1→3→1, force-updates and rolls back; its logs read back", async () => {
    await json("service_create", {
      host: "a",
      image: IMAGE,
      command: ["sh", "-c", `echo hello-${id}; echo warn-${id} >&2; while true; do sleep 1; done`],
      extra_kwargs: {
        name: web,
        labels: label,
        env: ["MODE=one"],
        stop_grace_period: "1s",
        update_config: { parallelism: 2, delay: "1s", order: "stop-first", monitor: "1s" },
        rollback_config: { monitor: "1s" },
      },
    });
    expect(await json("service_wait", { host: "a", id_or_name: web, timeout_seconds: 45 })).toMatchObject({
      met: true,
      running_tasks: 1,
      desired_tasks: 1,
    });
    const duplicate = await call("service_create", { host: "a", image: IMAGE, extra_kwargs: { name: web } });
    expect(duplicate.isError).toBe(true);
    expect(duplicate.text).toContain("Nothing was created");

    const scaled = await json("service_scale", { host: "a", id_or_name: web, replicas: 3 });
    expect(scaled).toMatchObject({ name: web, replicas: 3, previous_replicas: 1 });
    expect(await json("service_wait", { host: "a", id_or_name: web, timeout_seconds: 45 })).toMatchObject({
      met: true,
      running_tasks: 3,
      desired_tasks: 3,
    });
    const rows = await json<Array<Record<string, unknown>>>("service_list", { host: "a", managed_only: true });
    expect(rows.find((row) => row.name === web)).toMatchObject({
      mode: "replicated",
      replicas: "3/3",
      image: IMAGE,
      labels: expect.objectContaining(label),
    });
    await json("service_scale", { host: "a", id_or_name: web, replicas: 1 });
    await until(
      () => runningTasks(web),
      (tasks) => tasks.length === 1,
    );

    const logs = await call("service_logs", { host: "a", id_or_name: web, tail: 50 });
    expect(logs.isError).toBe(false);
    expect(logs.text).toContain(`hello-${id}`);
    expect(logs.text).toContain(`warn-${id}`);
    // Demultiplexed: every line is exactly what a task wrote (no frame headers), from each of the tasks so far.
    expect(new Set(unfence(logs.text).split("\n"))).toEqual(new Set([`hello-${id}`, `warn-${id}`]));
    expect(
      unfence(logs.text)
        .split("\n")
        .filter((line) => line === `hello-${id}`).length,
    ).toBeGreaterThanOrEqual(3);
    const onlyErr = await call("service_logs", { host: "a", id_or_name: web, stdout: false });
    expect(onlyErr.text).toContain(`warn-${id}`);
    expect(onlyErr.text).not.toContain(`hello-${id}`);

    const neither = await call("service_update", { host: "a", id_or_name: web });
    expect(neither.text).toContain("exactly one of updates");
    const both = await call("service_update", { host: "a", id_or_name: web, updates: {}, force: true });
    expect(both.text).toContain("exactly one of updates");
    const before = await json<{ "Version.Index": number }>("service_inspect", {
      host: "a",
      id_or_name: web,
      fields: ["Version.Index"],
    });
    const badConstraint = await call("service_update", {
      host: "a",
      id_or_name: web,
      updates: { constraints: ["node.role"] },
    });
    expect(badConstraint.text).toContain("is not a placement constraint");
    expect(await json("service_inspect", { host: "a", id_or_name: web, fields: ["Version.Index"] })).toEqual(before);

    const forced = await json("service_update", { host: "a", id_or_name: web, force: true });
    expect(forced).toMatchObject({ name: web, updated: ["force"] });
    expect(
      await json("service_inspect", { host: "a", id_or_name: web, fields: ["Spec.TaskTemplate.ForceUpdate"] }),
    ).toEqual({ "Spec.TaskTemplate.ForceUpdate": 1 });
    expect(
      await json("service_wait", { host: "a", id_or_name: web, until: "update-converged", timeout_seconds: 45 }),
    ).toMatchObject({ met: true, update_state: "completed" });

    const updated = await json("service_update", {
      host: "a",
      id_or_name: web,
      updates: { env: ["MODE=two"], labels: { "dmcp.test": id, stage: "two" } },
    });
    expect(updated).toMatchObject({ updated: ["env", "labels"] });
    const afterUpdate = await json<Record<string, unknown>>("service_inspect", {
      host: "a",
      id_or_name: web,
      fields: ["Spec.TaskTemplate.ContainerSpec.Env", "Spec.TaskTemplate.ContainerSpec.Command", "Spec.Labels"],
    });
    expect(afterUpdate["Spec.TaskTemplate.ContainerSpec.Env"]).toEqual(["MODE=two"]);
    // Merged: what the update did not name is kept, provenance labels included.
    expect(afterUpdate["Spec.TaskTemplate.ContainerSpec.Command"]).toEqual([
      "sh",
      "-c",
      expect.stringContaining("hello"),
    ]);
    expect(afterUpdate["Spec.Labels"]).toMatchObject({ stage: "two", "docker-mcp-server.managed": "true" });
    await json("service_wait", { host: "a", id_or_name: web, until: "update-converged", timeout_seconds: 45 });

    expect(await json("service_rollback", { host: "a", id_or_name: web })).toMatchObject({ rolled_back: true });
    expect(
      await json("service_wait", { host: "a", id_or_name: web, until: "update-converged", timeout_seconds: 45 }),
    ).toMatchObject({ met: true, update_state: "rollback_completed" });
    expect(
      await json("service_inspect", { host: "a", id_or_name: web, fields: ["Spec.TaskTemplate.ContainerSpec.Env"] }),
    ).toEqual({ "Spec.TaskTemplate.ContainerSpec.Env": ["MODE=one"] });
  }, 120_000);

  it("a failing task's error text shows in service_ps", async () => {
    await json("service_create", {
      host: "a",
      image: IMAGE,
      command: ["sh", "-c", "echo boom >&2; exit 3"],
      extra_kwargs: { name: failing, labels: label, restart_policy: { condition: "none" } },
    });
    const tasks = await until(
      () => json<TaskRow[]>("service_ps", { host: "a", id_or_name: failing }),
      (rows) => rows.some((row) => row.state === "failed"),
    );
    expect(tasks.find((row) => row.state === "failed")?.error).toContain("non-zero exit (3)");
    const neverUpdated = await json("service_wait", { host: "a", id_or_name: failing, until: "update-converged" });
    expect(neverUpdated).toMatchObject({ met: false, timed_out: false, update_state: null });

    // Nothing will run again (restart condition none): the deadline ends the wait, as a result.
    const deadline = await json<{ met: boolean; timed_out: boolean; waited_seconds: number }>("service_wait", {
      host: "a",
      id_or_name: failing,
      timeout_seconds: 1.5,
      poll_interval: 0.5,
    });
    expect(deadline).toMatchObject({ met: false, timed_out: true, running_tasks: 0, desired_tasks: 1 });
    expect(deadline.waited_seconds).toBeGreaterThanOrEqual(1.5);
    expect(deadline.waited_seconds).toBeLessThan(5);
    // A client that gives up cancels the wait; the server keeps serving.
    const controller = new AbortController();
    const started = Date.now();
    const pending = server.client.callTool(
      { name: "service_wait", arguments: { host: "a", id_or_name: failing, timeout_seconds: 600 } },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 300);
    await expect(pending).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(3000);
    const invalid = await call("service_wait", { host: "a", id_or_name: failing, poll_interval: 0 });
    expect(invalid.text).toContain("poll_interval must be > 0");
    expect((await json<TaskRow[]>("service_ps", { host: "a", id_or_name: failing })).length).toBeGreaterThan(0);
  });

  it("a global service runs on both nodes, publishes a host-mode port, and refuses to scale", async () => {
    await json("service_create", {
      host: "a",
      image: IMAGE,
      command: ["sh", "-c", `mkdir -p /www && echo global-${id} > /www/index.html && httpd -f -p 8080 -h /www`],
      extra_kwargs: {
        name: global,
        mode: "global",
        labels: label,
        endpoint_spec: { Ports: [{ PublishedPort: port, TargetPort: 8080, PublishMode: "host" }] },
      },
    });
    // One task per node: wait for both (the per-node tasks may not all exist at the first poll).
    expect(
      await json("service_wait", { host: "a", id_or_name: global, replicas: 2, timeout_seconds: 45 }),
    ).toMatchObject({ met: true, running_tasks: 2, desired_tasks: 2 });
    const nodes = (await runningTasks(global)).map((task) => task.node).sort();
    expect(nodes).toEqual([managerHostname, tb("ENGINE_C_HOSTNAME")].sort());
    const page = await until(
      () =>
        fetch(`http://127.0.0.1:${port}/`)
          .then((response) => response.text())
          .catch(() => ""),
      (text) => text.includes(`global-${id}`),
    );
    expect(page.trim()).toBe(`global-${id}`);
    const row = (
      await json<Array<Record<string, unknown>>>("service_list", { host: "a", filters: { name: global } })
    )[0];
    expect(row).toMatchObject({ mode: "global", replicas: "2/2", ports: [`*:${port}->8080/tcp (host)`] });

    const refused = await call("service_scale", { host: "a", id_or_name: global, replicas: 3 });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain("Cannot scale a global");
    expect(await json("service_inspect", { host: "a", id_or_name: global, fields: ["Spec.Mode"] })).toEqual({
      "Spec.Mode": { Global: {} },
    });
  });

  it("node labels update (merged) and steer placement; draining the worker moves its tasks", async () => {
    const zone = `c-${id}`;
    const labelled = await json("node_update", {
      host: "a",
      id_or_name: tb("ENGINE_C_HOSTNAME"),
      labels: { "dmcp.zone": zone, "dmcp.extra": "x" },
    });
    expect(labelled).toMatchObject({ id: workerId, labels: { "dmcp.zone": zone, "dmcp.extra": "x" } });
    const removedOne = await json("node_update", { host: "a", id_or_name: workerId, labels: { "dmcp.extra": null } });
    expect(removedOne).toMatchObject({ labels: { "dmcp.zone": zone }, availability: "active", role: "worker" });
    const byLabel = await json<Array<Record<string, unknown>>>("node_list", {
      host: "a",
      filters: { "node.label": `dmcp.zone=${zone}` },
    });
    expect(byLabel).toEqual([expect.objectContaining({ id: workerId, labels: { "dmcp.zone": zone } })]);

    await json("service_update", {
      host: "a",
      id_or_name: web,
      updates: { replicas: 2, preferences: ["spread=node.labels.dmcp.zone"] },
    });
    await until(
      () => runningTasks(web),
      (tasks) => tasks.length === 2,
    );
    const drained = await json("node_update", { host: "a", id_or_name: workerId, availability: "drain" });
    expect(drained).toMatchObject({ availability: "drain" });
    const moved = await until(
      () => runningTasks(web),
      (tasks) => tasks.length === 2 && tasks.every((task) => task.node === managerHostname),
    );
    expect(moved.map((task) => task.node)).toEqual([managerHostname, managerHostname]);
    // The pinned service has nowhere to go while the only worker drains.
    await until(
      () => runningTasks(pinned),
      (tasks) => tasks.length === 0,
    );
    await json("node_update", {
      host: "a",
      id_or_name: workerId,
      availability: "active",
      labels: { "dmcp.zone": null },
    });
    for (const [service, replicas] of [
      [pinned, 1],
      [global, 2],
    ] as const) {
      expect(
        await json("service_wait", { host: "a", id_or_name: service, replicas, timeout_seconds: 45, poll_interval: 1 }),
      ).toMatchObject({ met: true });
    }

    for (const tool of ["node_inspect", "node_update", "node_remove"]) {
      const extra = tool === "node_update" ? { availability: "drain" } : {};
      const unknown = await call(tool, { host: "a", id_or_name: `no-such-node-${id}`, ...extra });
      expect(unknown.isError, tool).toBe(true);
      expect(unknown.text).toContain(`No such node 'no-such-node-${id}'`);
    }
    const nothing = await call("node_update", { host: "a", id_or_name: workerId });
    expect(nothing.text).toContain("Nothing to update");
  }, 120_000);

  it("node_update promotes the worker to a manager (it then answers manager calls) and demotes it again", async () => {
    expect(await json("node_update", { host: "a", id_or_name: workerId, role: "manager" })).toMatchObject({
      role: "manager",
    });
    await until(
      () =>
        json<Record<string, unknown>>("node_inspect", {
          host: "a",
          id_or_name: workerId,
          fields: ["ManagerStatus.Reachability"],
        }),
      (doc) => doc["ManagerStatus.Reachability"] === "reachable",
    );
    const onC = await until(
      () => call("service_list", { host: "c", filters: { name: web } }),
      (result) => !result.isError,
    );
    expect(JSON.parse(onC.text)).toEqual([expect.objectContaining({ name: web })]);
    expect(await json("node_update", { host: "a", id_or_name: workerId, role: "worker" })).toMatchObject({
      role: "worker",
    });
    await until(
      () => json<Array<Record<string, unknown>>>("node_list", { host: "a", filters: { id: workerId } }),
      (rows) => rows[0]?.manager_status === null,
    );
    await until(
      () => call("service_list", { host: "c" }),
      (result) => result.text === `Host 'c': ${NOT_MANAGER}.`,
    );
  }, 120_000);

  it("the swarm resources read while services run, in every host form", async () => {
    const uris = (await server.client.listResources()).resources.map((r) => r.uri);
    expect(uris).toEqual(expect.arrayContaining(["docker:///services", "docker:///nodes"]));
    const templates = (await server.client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
    expect(templates).toEqual(
      expect.arrayContaining([
        "docker://{host}/services",
        "docker://{host}/nodes",
        "service-logs:///{id_or_name}",
        "service-logs://{host}/{id_or_name}",
        "service-tasks:///{id_or_name}",
        "service-tasks://{host}/{id_or_name}",
      ]),
    );
    const read = async (uri: string) =>
      ((await server.client.readResource({ uri })).contents[0] as { text: string }).text;
    const index = JSON.parse(await read("docker:///services")) as { services: Array<Record<string, unknown>> };
    expect(index.services.find((s) => s.name === web)).toMatchObject({
      image: IMAGE,
      mode: "replicated",
      desired_replicas: 2,
      logs: `service-logs:///${web}`,
      tasks: `service-tasks:///${web}`,
    });
    const onA = JSON.parse(await read("docker://a/services")) as { services: Array<Record<string, unknown>> };
    expect(onA.services.find((s) => s.name === global)).toMatchObject({
      mode: "global",
      desired_replicas: null,
      tasks: `service-tasks://a/${global}`,
    });
    expect(await read(`service-logs:///${web}`)).toContain(`hello-${id}`);
    const summary = JSON.parse(await read(`service-tasks://a/${web}`));
    expect(summary).toMatchObject({ service: web, mode: "replicated", running_tasks: 2, desired_tasks: 2 });
    const nodes = JSON.parse(await read("docker:///nodes")) as { nodes: Array<Record<string, unknown>> };
    expect(nodes.nodes.map((node) => node.hostname).sort()).toEqual([managerHostname, tb("ENGINE_C_HOSTNAME")].sort());
    expect(nodes.nodes.find((node) => node.role === "manager")).toMatchObject({ manager_reachability: "reachable" });
    await expect(read("docker://c/services")).rejects.toThrow(NOT_MANAGER);

    const single = await spawnServer({ DOCKER_MCP_SERVER_HOSTS: A() });
    try {
      const text = async (uri: string) =>
        ((await single.client.readResource({ uri })).contents[0] as { text: string }).text;
      const bare = JSON.parse(await text("docker://services")) as { services: Array<Record<string, unknown>> };
      expect(bare.services.find((s) => s.name === web)?.logs).toBe(`service-logs://${web}`);
      expect(JSON.parse(await text(`service-tasks://${global}`))).toMatchObject({ service: global, mode: "global" });
      expect(JSON.parse(await text("docker://nodes")).nodes).toHaveLength(2);
      // Subscriptions: a service spec change and a node label change each notify their index within 2 s.
      const updated: string[] = [];
      single.client.setNotificationHandler("notifications/resources/updated", (note) => {
        updated.push(note.params.uri);
      });
      await single.client.subscribeResource({ uri: "docker://services" });
      await single.client.subscribeResource({ uri: "docker://nodes" });
      await json("service_update", { host: "a", id_or_name: web, updates: { labels: { "dmcp.sub": id } } });
      await until(
        async () => updated,
        (seen) => seen.includes("docker://services"),
        2,
      );
      await json("node_update", { host: "a", id_or_name: workerId, labels: { "dmcp.sub": id } });
      await until(
        async () => updated,
        (seen) => seen.includes("docker://nodes"),
        2,
      );
      await json("node_update", { host: "a", id_or_name: workerId, labels: { "dmcp.sub": null } });
    } finally {
      await single.close();
    }
    const disabled = await spawnServer({ DOCKER_MCP_SERVER_HOSTS: A(), DOCKER_MCP_SERVER_DISABLE: "services,nodes" });
    try {
      const listed = (await disabled.client.listResources()).resources.map((r) => r.uri);
      expect(listed).not.toContain("docker://services");
      expect(listed).not.toContain("docker://nodes");
      const hidden = (await disabled.client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
      expect(hidden.some((t) => t.startsWith("service-"))).toBe(false);
    } finally {
      await disabled.close();
    }
  });

  it("service logs never hang on a node that does not answer: what arrived comes back with a note", async () => {
    const pid = Number(readFileSync(join(tb("TESTBED_DIR"), "run", "dockerd-c.pid"), "utf8").trim());
    expect(pid).toBeGreaterThan(1);
    process.kill(pid, "SIGSTOP");
    try {
      const started = Date.now();
      const logs = await call("service_logs", { host: "a", id_or_name: pinned });
      expect(logs.isError, logs.text).toBe(false);
      expect(logs.text.split("\n")[0]).toBe(LOGS_STOPPED_NOTE);
      expect(Date.now() - started).toBeLessThan(SERVICE_LOGS_DEADLINE_MS + 5000);
    } finally {
      process.kill(pid, "SIGCONT");
    }
    expect(
      await json("node_wait", { host: "a", id_or_name: workerId, timeout_seconds: 45, poll_interval: 1 }),
    ).toMatchObject({ met: true, state: "ready" });
    expect(await call("service_logs", { host: "a", id_or_name: pinned })).toEqual({
      isError: false,
      text: expect.stringContaining("pinned-up"),
    });
  }, 120_000);

  it("a service's secret-looking env is redacted in service_inspect (whole and projected) and service_list detail", async () => {
    const secretEnv = `${prefix}-envsvc`;
    await json("service_create", {
      host: "a",
      image: IMAGE,
      command: ["sleep", "600"],
      extra_kwargs: {
        name: secretEnv,
        replicas: 0,
        env: { DB_PASSWORD: servicePassword, PLAIN_SETTING: "visible" },
        labels: label,
      },
    });
    try {
      // The password reached the daemon: read back without the server.
      const stored = docker(A(), [
        "service",
        "inspect",
        "--format",
        "{{json .Spec.TaskTemplate.ContainerSpec.Env}}",
        secretEnv,
      ]);
      expect(stored).toContain(`DB_PASSWORD=${servicePassword}`);
      const doc = await json<{ Spec: { TaskTemplate: { ContainerSpec: { Env: string[] } } } }>("service_inspect", {
        host: "a",
        id_or_name: secretEnv,
      });
      expect(doc.Spec.TaskTemplate.ContainerSpec.Env.sort()).toEqual([
        "DB_PASSWORD=***redacted (DB_PASSWORD)***",
        "PLAIN_SETTING=visible",
      ]);
      const projected = await call("service_inspect", {
        host: "a",
        id_or_name: secretEnv,
        fields: ["Spec.TaskTemplate.ContainerSpec.Env", "Spec.TaskTemplate.ContainerSpec.Env.0", "Spec.TaskTemplate"],
      });
      expect(projected.text).toContain("***redacted (DB_PASSWORD)***");
      expect(projected.text).not.toContain(servicePassword);
      const listed = await call("service_list", { host: "a", detail: true, filters: { name: secretEnv } });
      expect(listed.text).toContain("***redacted (DB_PASSWORD)***");
      expect(listed.text).not.toContain(servicePassword);
      const refused = await call("service_inspect", { host: "a", id_or_name: secretEnv, reveal: true });
      expect(refused.isError).toBe(true);
      expect(refused.text).toContain("reveal is not allowed");
      const tokens = await call("swarm_inspect", { host: "a", fields: ["JoinTokens", "JoinTokens.Worker"] });
      expect(tokens.text).not.toContain("SWMTKN");
    } finally {
      await call("service_remove", { host: "a", id_or_name: secretEnv });
    }
  });

  it("join tokens rotate; swarm_update merges into the spec; the unlock key only comes from swarm_unlock_key", async () => {
    const first = await json<{ Worker: string; Manager: string }>("swarm_join_tokens", { host: "a" });
    const nothing = await call("swarm_update", { host: "a" });
    expect(nothing.text).toContain("Nothing to update");
    expect(await json("swarm_update", { host: "a", rotate_worker_token: true })).toMatchObject({
      updated: ["worker_token"],
      autolock: false,
    });
    const second = await json<{ Worker: string; Manager: string }>("swarm_join_tokens", { host: "a" });
    expect(second.Worker).not.toBe(first.Worker);
    expect(second.Manager).toBe(first.Manager);
    await json("swarm_update", { host: "a", rotate_manager_token: true });
    expect((await json<{ Manager: string }>("swarm_join_tokens", { host: "a" })).Manager).not.toBe(first.Manager);

    await json("swarm_update", { host: "a", spec: { Orchestration: { TaskHistoryRetentionLimit: 3 } } });
    const merged = await json<Record<string, unknown>>("swarm_inspect", {
      host: "a",
      fields: ["Spec.Orchestration.TaskHistoryRetentionLimit", "Spec.Labels", "DataPathPort"],
    });
    expect(merged).toEqual({
      "Spec.Orchestration.TaskHistoryRetentionLimit": 3,
      "Spec.Labels": label,
      DataPathPort: 7789,
    });

    expect(await json("swarm_unlock_key", { host: "a" })).toEqual({ UnlockKey: null });
    expect(await json("swarm_update", { host: "a", autolock_managers: true })).toMatchObject({ autolock: true });
    const { UnlockKey: key } = await json<{ UnlockKey: string }>("swarm_unlock_key", { host: "a" });
    expect(key).toMatch(/^SWMKEY-1-/);
    await json("swarm_update", { host: "a", rotate_manager_unlock_key: true });
    const { UnlockKey: rotated } = await json<{ UnlockKey: string }>("swarm_unlock_key", { host: "a" });
    expect(rotated).toMatch(/^SWMKEY-1-/);
    expect(rotated).not.toBe(key);
    const inspect = await call("swarm_inspect", { host: "a" });
    for (const secret of [rotated, key, first.Worker, second.Worker]) expect(inspect.text).not.toContain(secret);
    const notLocked = await call("swarm_unlock", { host: "a", key: rotated });
    expect(notLocked.isError).toBe(true);
    expect(notLocked.text).toContain("is not locked");
    expect(notLocked.text).not.toContain(rotated);
    expect(await json("swarm_update", { host: "a", autolock_managers: false })).toMatchObject({ autolock: false });
    expect(await json("swarm_unlock_key", { host: "a" })).toEqual({ UnlockKey: null });
  });

  it("stack_* through the docker CLI: refusals first, then deploy, services, ps, list, update and remove", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dmcp-stack-"));
    const service = (replicas: number) =>
      `    image: ${IMAGE}\n    command: ["sleep", "3600"]\n    stop_grace_period: 1s\n` +
      `    deploy:\n      replicas: ${replicas}\n      labels:\n        dmcp.test: "${id}"\n`;
    writeFileSync(join(dir, "stack.yml"), `services:\n  web:\n${service(1)}  worker:\n${service(2)}`);
    const deploy = { host: "a", name: stack, compose_files: ["stack.yml"], cwd: dir, resolve_image: "never" };
    const bad = `${stack}-bad`;
    const stackServices = (name = stack) =>
      docker(A(), ["service", "ls", "-q", "--filter", `label=com.docker.stack.namespace=${name}`]);
    try {
      // Refused before the CLI runs, nothing deployed.
      for (const [tool, args, text] of [
        [
          "stack_deploy",
          { ...deploy, compose_files: ["missing.yml"] },
          `No such file on the server host: ${join(dir, "missing.yml")}`,
        ],
        ["stack_deploy", { ...deploy, cwd: join(dir, "nope") }, "is not a directory on the server's machine"],
        ["stack_deploy", { ...deploy, compose_files: [] }, "at least one compose file"],
        ["stack_deploy", { ...deploy, name: "--prune" }, 'name="--prune": it parses as a flag'],
        ["stack_deploy", { ...deploy, resolve_image: "sometimes" }, "resolve_image"],
        ["stack_remove", { host: "a", names: [stack, "-d"] }, 'name="-d": it parses as a flag'],
        ["stack_ps", { host: "a", name: "--all" }, "parses as a flag"],
        ["stack_services", { host: "a", name: stack, filters: { name: [] } }, "filters.name is empty"],
      ] as const) {
        const refused = await call(tool, args);
        expect(refused.isError, `${tool} ${refused.text}`).toBe(true);
        expect(refused.text).toContain(text);
      }
      expect(stackServices()).toBe("");

      // B can never be a manager, C is a worker: the swarm family's sentence.
      const notManager = await call("stack_list", { host: "b" });
      expect(notManager.isError).toBe(true);
      expect(notManager.text).toBe(`\`docker stack ls\` failed with exit code 1: Host 'b': ${NOT_MANAGER}.`);
      expect((await call("stack_services", { host: "c", name: stack })).text).toContain(`Host 'c': ${NOT_MANAGER}.`);
      const onWorker = await json<{ exit_code: number; note: string }>("stack_deploy", { ...deploy, host: "c" });
      expect(onWorker).toMatchObject({ exit_code: 1, note: `Host 'c': ${NOT_MANAGER}.` });
      expect(await call("stack_ps", { host: "a", name: stack })).toMatchObject({
        isError: true,
        text: `No stack named '${stack}' on host 'a' (\`docker stack ps\`: nothing found in stack). stack_list shows the stacks there.`,
      });

      // detach=false waits for convergence, reporting the CLI's lines as progress; the result says what was created,
      // without the CLI's chatter.
      const deploying = await callWithProgress(server.client, "stack_deploy", {
        ...deploy,
        detach: false,
        timeout_seconds: 180,
      });
      expect(deploying.isError, deploying.text).toBe(false);
      const messages = deploying.progress.map((p) => p.message ?? "");
      expect(messages).toContain(`Creating service ${stack}_worker`);
      expect(
        messages.some((message) => /^(overall progress|verify):/.test(message)),
        messages.join("\n"),
      ).toBe(true);
      const created = JSON.parse(deploying.text) as {
        exit_code: number;
        changed: Record<string, string>;
        output?: string;
      };
      expect(created.exit_code, JSON.stringify(created)).toBe(0);
      expect(created.changed).toEqual({
        [`Network ${stack}_default`]: "Created",
        [`Service ${stack}_web`]: "Created",
        [`Service ${stack}_worker`]: "Created",
      });
      expect(created.output ?? "").not.toMatch(/overall progress|verify: Waiting|Creating service/);

      expect(
        (await json<Array<{ name: string }>>("stack_list", { host: "a" })).find((row) => row.name === stack),
      ).toEqual({ name: stack, services: 2 });
      const services = await json<Array<Record<string, unknown>>>("stack_services", { host: "a", name: stack });
      expect(
        services.map(({ id: _, ...row }) => row).sort((x, y) => String(x.name).localeCompare(String(y.name))),
      ).toEqual([
        { name: `${stack}_web`, mode: "replicated", replicas: "1/1", image: IMAGE },
        { name: `${stack}_worker`, mode: "replicated", replicas: "2/2", image: IMAGE },
      ]);
      const web = await json<unknown[]>("stack_services", {
        host: "a",
        name: stack,
        filters: { name: `${stack}_web` },
      });
      expect(web).toHaveLength(1);
      expect(await json("stack_services", { host: "a", name: stack, filters: { name: `nomatch-${id}` } })).toEqual([]);

      const tasks = await json<Array<Record<string, string>>>("stack_ps", {
        host: "a",
        name: stack,
        filters: { "desired-state": "running" },
      });
      expect(tasks.map((task) => task.name).sort()).toEqual([
        `${stack}_web.1`,
        `${stack}_worker.1`,
        `${stack}_worker.2`,
      ]);
      for (const task of tasks) {
        expect(task).toMatchObject({ image: IMAGE, desired_state: "Running" });
        expect(task.current_state).toMatch(/^Running /);
        expect([managerHostname, tb("ENGINE_C_HOSTNAME")]).toContain(task.node);
        expect(task.id).toMatch(/^[a-z0-9]{12}$/);
      }
      const full = await json<Array<{ id: string }>>("stack_ps", { host: "a", name: stack, no_trunc: true });
      expect(full[0]?.id).toMatch(/^[a-z0-9]{25}$/);
      expect(await json("stack_ps", { host: "a", name: stack, filters: { "desired-state": "shutdown" } })).toEqual([]);

      // Deploying the same name again updates in place.
      const updated = await json<{ exit_code: number; changed: Record<string, string> }>("stack_deploy", deploy);
      expect(updated).toMatchObject({
        exit_code: 0,
        changed: { [`Service ${stack}_web`]: "Updated", [`Service ${stack}_worker`]: "Updated" },
      });

      // A service that never converges: detach=false is cut at timeout_seconds, and the error says where to look.
      writeFileSync(
        join(dir, "bad.yml"),
        `services:\n  fail:\n    image: ${IMAGE}\n    command: ["false"]\n    deploy:\n      labels:\n        dmcp.test: "${id}"\n`,
      );
      const cut = await call("stack_deploy", {
        ...deploy,
        name: bad,
        compose_files: ["bad.yml"],
        detach: false,
        timeout_seconds: 8,
      });
      expect(cut.isError, cut.text).toBe(true);
      expect(cut.text).toContain("docker stack deploy timed out after 8 s");
      expect(cut.text).toContain(`stack_ps(name="${bad}") shows the tasks and their errors`);
      const failedTasks = await until(
        () => json<Array<{ error?: string }>>("stack_ps", { host: "a", name: bad }),
        (rows) => rows.some((row) => row.error),
      );
      expect(failedTasks.find((row) => row.error)?.error).toContain("non-zero exit (1)");

      // With confirmation (the default), stack_remove first shows what its stacks hold and changes nothing.
      const asking = await spawnServer({
        DOCKER_MCP_SERVER_HOSTS: `a=${A()}`,
        DOCKER_MCP_SERVER_CONFIRM: "destructive",
      });
      let removed: { exit_code: number; changed: Record<string, string> };
      try {
        const removal = { names: [stack, bad], detach: false };
        const first = JSON.parse((await callTool(asking.client, "stack_remove", removal)).text) as {
          status: string;
          confirm_token: string;
          preview: { items: Array<{ kind: string; name: string }> };
        };
        expect(first.status).toBe("confirmation_required");
        expect(first.preview.items.map((item) => `${item.kind} ${item.name}`).sort()).toEqual([
          `network ${bad}_default`,
          `network ${stack}_default`,
          `service ${bad}_fail`,
          `service ${stack}_web`,
          `service ${stack}_worker`,
        ]);
        expect(stackServices()).not.toBe("");
        removed = await callJson(asking.client, "stack_remove", { ...removal, confirm_token: first.confirm_token });
      } finally {
        await asking.close();
      }
      expect(removed).toMatchObject({
        exit_code: 0,
        changed: {
          [`Service ${stack}_web`]: "Removed",
          [`Service ${stack}_worker`]: "Removed",
          [`Network ${stack}_default`]: "Removed",
          [`Service ${bad}_fail`]: "Removed",
          [`Network ${bad}_default`]: "Removed",
        },
      });
      expect(stackServices()).toBe("");
      expect(stackServices(bad)).toBe("");
      await until(
        async () => docker(A(), ["network", "ls", "-q", "--filter", `label=com.docker.stack.namespace=${stack}`]),
        (networks) => networks === "",
      );
      // Once its network is gone too, nothing is left to remove: said in the output, exit code 0.
      expect(await json("stack_remove", { host: "a", names: [stack] })).toEqual({
        exit_code: 0,
        output: `Nothing found in stack: ${stack}`,
      });
      expect((await json<Array<{ name: string }>>("stack_list", { host: "a" })).map((row) => row.name)).not.toContain(
        stack,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
      for (const name of [stack, bad]) if (stackServices(name)) docker(A(), ["stack", "rm", name]);
    }
  });

  // The destructive tools' previews, while A is a manager and C a node (they change nothing).
  swarmPreviewCases();

  it("removing: services, the secret and config, then the worker leaves and its node is removed, then A leaves", async () => {
    for (const service of [pinned, web, failing, global]) {
      expect(await json("service_remove", { host: "a", id_or_name: service })).toEqual({ removed: service });
    }
    const gone = await call("service_inspect", { host: "a", id_or_name: web });
    expect(gone.text).toContain(`No such service '${web}'`);
    // Tasks stop asynchronously; the secret stays "in use" until they are gone.
    await until(
      () => call("secret_remove", { host: "a", id_or_name: secretName }),
      (result) => !result.isError,
    );
    expect(await json("config_remove", { host: "a", id_or_name: configName })).toEqual({ removed: configName });
    expect(await json<unknown[]>("secret_list", { host: "a", filters: { label: `dmcp.test=${id}` } })).toEqual([]);

    const up = await call("node_remove", { host: "a", id_or_name: workerId });
    expect(up.isError).toBe(true);
    expect(up.text).toContain("is still ready");
    expect(await json("swarm_leave", { host: "c" })).toEqual({ left: true });
    expect(swarmState(C())).toBe("inactive");
    expect(
      await json("node_wait", {
        host: "a",
        id_or_name: workerId,
        until: "down",
        timeout_seconds: 30,
        poll_interval: 1,
      }),
    ).toMatchObject({ met: true, state: "down" });
    expect(await json("node_remove", { host: "a", id_or_name: workerId })).toEqual({
      removed: workerId,
      hostname: tb("ENGINE_C_HOSTNAME"),
    });
    expect(await json<unknown[]>("node_list", { host: "a" })).toHaveLength(1);

    const managerLeave = await call("swarm_leave", { host: "a" });
    expect(managerLeave.text).toContain("pass force=true");
    expect(swarmState(A())).toBe("active");
    expect(await json("swarm_leave", { host: "a", force: true })).toEqual({ left: true });
    expect(swarmState(A())).toBe("inactive");
    const notInSwarm = await call("swarm_leave", { host: "a", force: true });
    expect(notInSwarm.text).toContain("is not in a swarm");
    expect((await call("service_list", { host: "a" })).text).toBe(`Host 'a': ${NOT_MANAGER}.`);
  });

  it("nothing the server wrote (stdout messages, stderr) holds the service's env password", () => {
    const written = server.transcript();
    // Not vacuous: the redacted answers are in the transcript.
    expect(written).toContain("***redacted (DB_PASSWORD)***");
    expect(written).not.toContain(servicePassword);
  });
});
