// The inspect tools' default answer: null, empty and Engine-default members left out, everything else kept.

import { describe, expect, it } from "vitest";
import { inspectAnswer, withoutDefaults } from "../../src/engine/inspect-shape.js";

const MASKED_20_10 = [
  "/proc/asound",
  "/proc/acpi",
  "/proc/kcore",
  "/proc/keys",
  "/proc/latency_stats",
  "/proc/timer_list",
  "/proc/timer_stats",
  "/proc/sched_debug",
  "/proc/scsi",
  "/sys/firmware",
];

describe("withoutDefaults", () => {
  it("drops null, empty strings, lists and maps, the zero time and off switches, recursively", () => {
    const doc = {
      Id: "abc",
      ExecIDs: null,
      MountLabel: "",
      Mounts: [],
      Config: { Labels: {}, Env: null, Tty: false, Cmd: ["sleep", "1"], Domainname: "" },
      State: { Status: "running", Running: true, Paused: false, Error: "", FinishedAt: "0001-01-01T00:00:00Z" },
      NetworkSettings: { Networks: { bridge: { IPAMConfig: null, Aliases: null, IPAddress: "172.17.0.2" } } },
      GraphDriver: { Data: null, Name: "overlay2" },
    };
    expect(withoutDefaults(doc)).toEqual({
      Id: "abc",
      Config: { Cmd: ["sleep", "1"] },
      State: { Status: "running", Running: true },
      NetworkSettings: { Networks: { bridge: { IPAddress: "172.17.0.2" } } },
      GraphDriver: { Name: "overlay2" },
    });
  });

  it("drops the Engine's defaults: unset limits, shm size, runtime, restart policy, default system paths", () => {
    const hostConfig = {
      CpuShares: 0,
      Memory: 0,
      NanoCpus: 0,
      OomScoreAdj: 0,
      ShmSize: 67108864,
      Runtime: "runc",
      ConsoleSize: [0, 0],
      NetworkMode: "default",
      IpcMode: "private",
      RestartPolicy: { Name: "no", MaximumRetryCount: 0 },
      MaskedPaths: MASKED_20_10,
      ReadonlyPaths: ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"],
      LogConfig: { Type: "json-file", Config: {} },
    };
    expect(withoutDefaults({ HostConfig: hostConfig })).toEqual({ HostConfig: { LogConfig: { Type: "json-file" } } });
  });

  it("keeps what was asked for: set limits, other policies, other modes, custom or unconfined system paths", () => {
    const hostConfig = {
      Memory: 268435456,
      ShmSize: 1024,
      Runtime: "runsc",
      NetworkMode: "host",
      RestartPolicy: { Name: "on-failure", MaximumRetryCount: 3 },
      MaskedPaths: [],
      ReadonlyPaths: ["/proc/bus", "/etc/custom"],
      Privileged: true,
    };
    expect(withoutDefaults({ HostConfig: hostConfig })).toEqual({ HostConfig: hostConfig });
  });

  it("keeps the false and 0 that are news: stopped, disabled, exit code, pid, replica count", () => {
    const doc = {
      State: { Running: false, ExitCode: 0, Pid: 0 },
      Enabled: false,
      Spec: { Mode: { Replicated: { Replicas: 0 } } },
    };
    expect(withoutDefaults(doc)).toEqual(doc);
  });

  it("never drops an entry of a map keyed by the user's names", () => {
    const doc = {
      Config: { Labels: { empty: "", a: "1" }, ExposedPorts: { "80/tcp": {} }, Volumes: { "/data": {} } },
      NetworkSettings: { Ports: { "80/tcp": null, "443/tcp": [{ HostIp: "0.0.0.0", HostPort: "8443" }] } },
      Options: { "com.example.flag": "" },
    };
    expect(withoutDefaults(doc)).toEqual(doc);
  });

  it("keeps an empty payload (a config's Data) and leaves the input untouched", () => {
    const doc = { Spec: { Name: "c", Data: "", Labels: {} } };
    const before = structuredClone(doc);
    expect(withoutDefaults(doc)).toEqual({ Spec: { Name: "c", Data: "" } });
    expect(doc).toEqual(before);
  });

  it("keeps list positions and a __proto__ key as plain data", () => {
    expect(withoutDefaults({ Args: ["", "x"], List: [{ A: null, B: 1 }] })).toEqual({
      Args: ["", "x"],
      List: [{ B: 1 }],
    });
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as Record<string, unknown>;
    const shaped = withoutDefaults(hostile) as Record<string, unknown>;
    expect(Object.hasOwn(shaped, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("inspectAnswer", () => {
  const doc = { Id: "abc", Empty: "", State: { Paused: false } };
  it("shapes by default, returns the whole document with detail, and picks fields from the whole document", () => {
    expect(inspectAnswer(doc, {})).toEqual({ Id: "abc" });
    expect(inspectAnswer(doc, { detail: true })).toBe(doc);
    expect(inspectAnswer(doc, { fields: ["Empty", "State.Paused"] })).toEqual({ Empty: "", "State.Paused": false });
    expect(inspectAnswer(doc, { fields: [], detail: null })).toEqual({ Id: "abc" });
  });
});
