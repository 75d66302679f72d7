// The swarm family's pure parts: the service option vocabulary, the swarm spec merge, the one "not a manager"
// sentence, the concealing of secret values, and the polling loop.

import { describe, expect, it } from "vitest";
import { CallerError } from "../../src/base/errors.js";
import { pollUntil } from "../../src/engine/poll.js";
import { concealing, NOT_MANAGER, swarmRefusal } from "../../src/engine/swarm.js";
import { applyOptions, type Resolver } from "../../src/tools/services/spec.js";
import { deepMerge } from "../../src/tools/swarm/settings.js";

const resolve: Resolver = async (kind, ref) => {
  if (ref.startsWith("missing")) throw new CallerError(`No such ${kind} '${ref}'.`);
  return { ID: `${kind}-id-${ref}`, Name: ref };
};

const base = { TaskTemplate: { ContainerSpec: { Image: "busybox:local" } } };

describe("service options → ServiceSpec", () => {
  it("maps the vocabulary onto service, container, task, placement and log fields", async () => {
    const spec = await applyOptions(
      base,
      {
        name: "web",
        replicas: 3,
        labels: { team: "a" },
        env: { A: "1", B: null },
        command: "sh -c 'echo hi'",
        mounts: ["/srv:/data:ro", "cache:/cache"],
        networks: ["front", { target: "back", aliases: ["db"] }],
        endpoint_spec: { ports: [{ published_port: 8080, target_port: 80, publish_mode: "host" }] },
        constraints: ["node.role==worker", "node.labels.zone != b"],
        preferences: ["spread=node.labels.zone"],
        platforms: ["linux/amd64"],
        maxreplicas: 2,
        resources: { cpu_limit: 0.5, mem_limit: "64m" },
        restart_policy: { condition: "on-failure", max_attempts: 3, delay: "5s" },
        update_config: { parallelism: 2, failure_action: "rollback", monitor: "1m30s" },
        healthcheck: { test: "wget -q localhost", interval: "10s" },
        hosts: { "db.local": "10.0.0.5" },
        stop_grace_period: "2s",
        workdir: "/app",
        tty: true,
        container_labels: { tier: "web" },
        log_driver: "json-file",
        log_driver_options: { "max-size": "1m" },
      },
      resolve,
    );
    expect(spec).toMatchObject({
      Name: "web",
      Labels: { team: "a" },
      Mode: { Replicated: { Replicas: 3 } },
      EndpointSpec: { Ports: [{ PublishedPort: 8080, TargetPort: 80, PublishMode: "host" }] },
      UpdateConfig: { Parallelism: 2, FailureAction: "rollback", Monitor: 90e9 },
      TaskTemplate: {
        ContainerSpec: {
          Image: "busybox:local",
          Command: ["sh", "-c", "echo hi"],
          Env: ["A=1", "B"],
          Mounts: [
            { Type: "bind", Source: "/srv", Target: "/data", ReadOnly: true },
            { Type: "volume", Source: "cache", Target: "/cache" },
          ],
          Healthcheck: { Test: ["CMD-SHELL", "wget -q localhost"], Interval: 10e9 },
          Hosts: ["10.0.0.5 db.local"],
          StopGracePeriod: 2e9,
          Dir: "/app",
          TTY: true,
          Labels: { tier: "web" },
        },
        Networks: [{ Target: "front" }, { Target: "back", Aliases: ["db"] }],
        Placement: {
          Constraints: ["node.role==worker", "node.labels.zone != b"],
          Preferences: [{ Spread: { SpreadDescriptor: "node.labels.zone" } }],
          Platforms: [{ OS: "linux", Architecture: "amd64" }],
          MaxReplicas: 2,
        },
        Resources: { Limits: { NanoCPUs: 5e8, MemoryBytes: 64 * 1024 * 1024 } },
        RestartPolicy: { Condition: "on-failure", MaxAttempts: 3, Delay: 5e9 },
        LogDriver: { Name: "json-file", Options: { "max-size": "1m" } },
      },
    });
  });

  it("resolves secrets and configs by name, with the docker CLI's default targets and an octal mode", async () => {
    const spec = await applyOptions(
      base,
      { secrets: ["db-pass"], configs: ["app.conf", { source: "nginx", target: "/etc/nginx.conf", mode: "0440" }] },
      resolve,
    );
    const container = spec.TaskTemplate?.ContainerSpec as Record<string, unknown>;
    expect(container.Secrets).toEqual([
      {
        SecretID: "secret-id-db-pass",
        SecretName: "db-pass",
        File: { Name: "db-pass", UID: "0", GID: "0", Mode: 0o444 },
      },
    ]);
    expect(container.Configs).toEqual([
      {
        ConfigID: "config-id-app.conf",
        ConfigName: "app.conf",
        File: { Name: "/app.conf", UID: "0", GID: "0", Mode: 0o444 },
      },
      {
        ConfigID: "config-id-nginx",
        ConfigName: "nginx",
        File: { Name: "/etc/nginx.conf", UID: "0", GID: "0", Mode: 0o440 },
      },
    ]);
    await expect(applyOptions(base, { secrets: ["missing-one"] }, resolve)).rejects.toThrow("No such secret");
  });

  it("merges over a current spec: only the named fields change, the input is not mutated", async () => {
    const current = {
      Name: "web",
      Labels: { keep: "me" },
      Mode: { Replicated: { Replicas: 2 } },
      TaskTemplate: { ContainerSpec: { Image: "app:1", Env: ["A=1"], Command: ["serve"] }, Placement: {} },
    };
    const next = await applyOptions(current, { image: "app:2", env: ["A=2"] }, resolve);
    expect(next).toEqual({
      ...current,
      TaskTemplate: { ContainerSpec: { Image: "app:2", Env: ["A=2"], Command: ["serve"] }, Placement: {} },
    });
    expect(current.TaskTemplate.ContainerSpec.Image).toBe("app:1");
    expect((await applyOptions(current, { mode: "global" }, resolve)).Mode).toEqual({ Global: {} });
  });

  it("refuses unknown options (all named), malformed constraints and mismatched values before anything is sent", async () => {
    await expect(applyOptions(base, { replica: 2, ports: [] }, resolve)).rejects.toThrow(
      /Unknown service option\(s\): replica, ports\. Known: name, /,
    );
    for (const bad of ["node.role=worker", "node.role", "==x", "node.role==", "a ~= b"]) {
      await expect(applyOptions(base, { constraints: [bad] }, resolve), bad).rejects.toThrow(
        "is not a placement constraint",
      );
    }
    await expect(applyOptions(base, { mode: "global", replicas: 2 }, resolve)).rejects.toThrow("global service");
    await expect(applyOptions(base, { mode: { Replicated: {}, Global: {} } }, resolve)).rejects.toThrow(
      'mode must be "global"',
    );
    await expect(applyOptions(base, { restart_policy: { condition: "always" } }, resolve)).rejects.toThrow(
      "none, on-failure or any",
    );
    await expect(applyOptions(base, { replicas: -1 }, resolve)).rejects.toThrow("whole number");
    await expect(applyOptions(base, { mounts: ["nocolon"] }, resolve)).rejects.toThrow('"source:target[:ro]"');
    await expect(applyOptions(base, { stop_grace_period: "soon" }, resolve)).rejects.toThrow("duration");
    await expect(applyOptions(base, { resources: { cpus: 1 } }, resolve)).rejects.toThrow("resources takes");
  });
});

describe("swarm spec merge", () => {
  it("merges objects key by key, replaces the rest, removes null keys", () => {
    const current = {
      Name: "default",
      Labels: { a: "1" },
      Orchestration: { TaskHistoryRetentionLimit: 5 },
      Raft: { X: 1 },
    };
    expect(
      deepMerge(current, { Orchestration: { TaskHistoryRetentionLimit: 3 }, Labels: { b: "2" }, Raft: null }),
    ).toEqual({
      Name: "default",
      Labels: { a: "1", b: "2" },
      Orchestration: { TaskHistoryRetentionLimit: 3 },
    });
    expect(current.Orchestration.TaskHistoryRetentionLimit).toBe(5);
  });
});

describe("the swarm family's refusals", () => {
  it("turns every 'no manager here' 503 into one sentence, and a locked swarm into its own", () => {
    const worker =
      "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.";
    const inactive =
      'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.';
    expect(swarmRefusal("a", 503, worker)).toBe(`Host 'a': ${NOT_MANAGER}.`);
    expect(swarmRefusal("b", 503, inactive)).toBe(`Host 'b': ${NOT_MANAGER}.`);
    expect(
      swarmRefusal(
        "a",
        503,
        'Swarm is encrypted and needs to be unlocked before it can be used. Please use "docker swarm unlock" to unlock it.',
      ),
    ).toContain("is locked: call swarm_unlock");
    expect(swarmRefusal("a", 404, "service x not found")).toBeUndefined();
    expect(swarmRefusal("a", 503, "something else")).toBeUndefined();
  });

  it("never lets a concealed value through an error", async () => {
    const value = "SWMTKN-1-very-secret";
    const daemonError = Object.assign(new Error(`(HTTP code 400) - invalid join token ${value}`), {
      statusCode: 400,
      json: { message: `invalid join token ${value}` },
    });
    const host = { label: "c", url: "unix:///c.sock" };
    const failed = await concealing(value, host, "join token", () => Promise.reject(daemonError)).catch((e) => e);
    expect(failed.message).toBe(
      "The daemon on host 'c' refused the join token; its reply is withheld because it quoted the join token.",
    );
    const plain = Object.assign(new Error("(HTTP code 409) - exists"), {
      statusCode: 409,
      json: { message: "exists" },
    });
    const passed = await concealing(value, host, "join token", () => Promise.reject(plain)).catch((e) => e);
    expect(passed.message).toContain("answered HTTP 409: exists");
  });
});

describe("pollUntil", () => {
  const options = (timeoutSeconds: number, signal = new AbortController().signal) => ({
    timeoutSeconds,
    intervalSeconds: 0.01,
    signal,
  });

  it("returns when met, stops at once on 'stop', and reports a timeout as a result", async () => {
    let n = 0;
    const met = await pollUntil(options(5), async () => ({ verdict: ++n >= 3 ? "met" : "wait", value: n }));
    expect(met).toMatchObject({ last: 3, met: true, timed_out: false });
    const stopped = await pollUntil(options(5), async () => ({ verdict: "stop", value: "x" }));
    expect(stopped).toMatchObject({ met: false, timed_out: false });
    const timedOut = await pollUntil(options(0.05), async () => ({ verdict: "wait", value: 0 }));
    expect(timedOut).toMatchObject({ met: false, timed_out: true });
    expect(timedOut.waited_seconds).toBeGreaterThanOrEqual(0.05);
  });

  it("stops waiting when the call is cancelled", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    await expect(
      pollUntil({ ...options(60, controller.signal), intervalSeconds: 10 }, async () => ({
        verdict: "wait",
        value: 0,
      })),
    ).rejects.toThrow("cancelled");
  });
});
