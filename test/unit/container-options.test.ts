import { describe, expect, it } from "vitest";
import { isContainerRef } from "../../src/engine/container-ref.js";
import { summarizeStats } from "../../src/engine/container-stats.js";
import { parseReference, pullTag } from "../../src/engine/image-reference.js";
import { registryKey } from "../../src/engine/registry-auth.js";
import {
  buildCreateRequest,
  parseDuration,
  parseSize,
  splitCommand,
} from "../../src/tools/containers/create-options.js";
import { containerUpdate } from "../../src/tools/containers/modify.js";
import { checkSignal } from "../../src/tools/containers/state.js";

describe("SDK run/create options → Engine create body", () => {
  it("maps named options into Config, HostConfig and the query", () => {
    const request = buildCreateRequest("busybox", {
      name: "web",
      platform: "linux/amd64",
      command: "sh -c 'echo \"hi there\"'",
      environment: { A: "1", FLAG: null },
      ports: { "80/tcp": 8080, 53: [null, ["127.0.0.1", 5353]], "9000/udp": ["0.0.0.0", 9000] },
      volumes: { "/srv": { bind: "/data", mode: "ro" }, named: "/cache" },
      network: "backend",
      mem_limit: "512m",
      restart_policy: { name: "on-failure", maximum_retry_count: 3 },
      cap_add: ["NET_ADMIN"],
      read_only: true,
      tmpfs: ["/run:size=1m"],
      extra_hosts: { db: "10.0.0.2" },
    });
    expect(request.name).toBe("web");
    expect(request.platform).toBe("linux/amd64");
    expect(request.body.Cmd).toEqual(["sh", "-c", 'echo "hi there"']);
    expect(request.body.Env).toEqual(["A=1", "FLAG"]);
    expect(request.body.ExposedPorts).toEqual({ "80/tcp": {}, "53/tcp": {}, "9000/udp": {} });
    expect(request.body.HostConfig).toMatchObject({
      PortBindings: {
        "80/tcp": [{ HostIp: "", HostPort: "8080" }],
        "53/tcp": [
          { HostIp: "", HostPort: "" },
          { HostIp: "127.0.0.1", HostPort: "5353" },
        ],
        "9000/udp": [{ HostIp: "0.0.0.0", HostPort: "9000" }],
      },
      Binds: ["/srv:/data:ro", "named:/cache"],
      NetworkMode: "backend",
      Memory: 512 * 1024 * 1024,
      RestartPolicy: { Name: "on-failure", MaximumRetryCount: 3 },
      CapAdd: ["NET_ADMIN"],
      ReadonlyRootfs: true,
      Tmpfs: { "/run": "size=1m" },
      ExtraHosts: ["db:10.0.0.2"],
    });
    expect(request.body.NetworkingConfig).toEqual({ EndpointsConfig: { backend: {} } });
  });

  it("translates a healthcheck with shell or argv tests and duration strings", () => {
    const shell = buildCreateRequest("x", {
      healthcheck: { test: "curl -f localhost", interval: "1m30s", retries: 2 },
    });
    expect(shell.body.Healthcheck).toEqual({ Test: ["CMD-SHELL", "curl -f localhost"], Interval: 90e9, Retries: 2 });
    const argv = buildCreateRequest("x", { healthcheck: { Test: ["CMD", "true"], start_period: 500_000_000 } });
    expect(argv.body.Healthcheck).toEqual({ Test: ["CMD", "true"], StartPeriod: 500_000_000 });
    expect(() => buildCreateRequest("x", { healthcheck: { test: "x", every: "1s" } })).toThrow(
      /Unknown healthcheck keys: Every/,
    );
  });

  it("skips null options and rejects unknown ones by name", () => {
    expect(buildCreateRequest("x", { user: null, hostname: undefined }).body).toEqual({ Image: "x", HostConfig: {} });
    expect(() => buildCreateRequest("x", { privileged_mode: true })).toThrow(
      /Unknown container option 'privileged_mode'/,
    );
  });

  it("parses sizes, durations and commands strictly", () => {
    expect(parseSize("1g", "m")).toBe(1024 ** 3);
    expect(parseSize("1.5k", "m")).toBe(1536);
    expect(parseSize("64MiB", "m")).toBe(64 * 1024 ** 2);
    expect(parseSize(1000, "m")).toBe(1000);
    expect(() => parseSize("lots", "mem_limit")).toThrow(/mem_limit must be bytes/);
    expect(parseDuration("250ms", "d")).toBe(250e6);
    expect(() => parseDuration("soon", "interval")).toThrow(/interval must be nanoseconds/);
    expect(splitCommand(`a 'b c' "d \\"e\\"" f\\ g`)).toEqual(["a", "b c", 'd "e"', "f g"]);
    expect(splitCommand("echo ''")).toEqual(["echo", ""]);
    expect(() => splitCommand("echo 'x")).toThrow(/Unbalanced ' quote/);
  });
});

describe("small container rules", () => {
  it("accepts signal names and numbers, refuses the rest", () => {
    expect(checkSignal("hup")).toBe("SIGHUP");
    expect(checkSignal("SIGKILL")).toBe("SIGKILL");
    expect(checkSignal("15")).toBe("15");
    expect(checkSignal("SIGRTMIN+3")).toBe("SIGRTMIN+3");
    expect(() => checkSignal("SIGFOO")).toThrow(/Invalid signal 'SIGFOO'/);
    expect(() => checkSignal("99")).toThrow(/Invalid signal/);
  });

  it("an untagged pull pulls latest, never every tag; registries are recognised", () => {
    const pulled = (image: string) => {
      const reference = parseReference(image);
      return { fromImage: reference.repository, tag: pullTag(reference), registry: registryKey(reference.registry) };
    };
    expect(pulled("busybox")).toEqual({ fromImage: "busybox", tag: "latest", registry: "docker.io" });
    expect(pulled("127.0.0.1:5000/a/b:1")).toEqual({
      fromImage: "127.0.0.1:5000/a/b",
      tag: "1",
      registry: "127.0.0.1:5000",
    });
    expect(pulled("127.0.0.1:5000/a")).toMatchObject({ fromImage: "127.0.0.1:5000/a", tag: "latest" });
    const digest = `sha256:${"a".repeat(64)}`;
    expect(pulled(`x@${digest}`)).toMatchObject({ fromImage: "x", tag: digest });
    expect(pulled("library/busybox").registry).toBe("docker.io");
    expect(pulled("ghcr.io/o/r:1").registry).toBe("ghcr.io");
    expect(pulled("localhost/x").registry).toBe("localhost");
  });

  it("container references cannot carry path segments", () => {
    expect(isContainerRef("web-1")).toBe(true);
    expect(isContainerRef("/web_1.a")).toBe(true);
    expect(isContainerRef("0123abcd")).toBe(true);
    for (const bad of ["", "../x", "a/b", "a?b", "-rf", "a b", "%2e%2e"]) expect(isContainerRef(bad), bad).toBe(false);
  });
});

describe("stats summary", () => {
  it("matches the worked example", () => {
    const MiB = 1_048_576;
    const summary = summarizeStats("web", {
      cpu_stats: { cpu_usage: { total_usage: 200 }, system_cpu_usage: 2000, online_cpus: 2 },
      precpu_stats: { cpu_usage: { total_usage: 100 }, system_cpu_usage: 1000 },
      memory_stats: { usage: 200 * MiB, limit: 500 * MiB, stats: { inactive_file: 50 * MiB, cache: 999 } },
      networks: { eth0: { rx_bytes: MiB, tx_bytes: 2 * MiB }, eth1: { rx_bytes: MiB } },
      blkio_stats: {
        io_service_bytes_recursive: [
          { op: "Read", value: 3 * MiB },
          { op: "write", value: MiB / 2 },
          { op: "Total", value: 99 * MiB },
        ],
      },
      pids_stats: { current: 4 },
    });
    expect(summary).toEqual({
      container: "web",
      cpu_percent: 20,
      mem_used_mb: 150,
      mem_limit_mb: 500,
      mem_percent: 30,
      net_rx_mb: 2,
      net_tx_mb: 2,
      blk_read_mb: 3,
      blk_write_mb: 0.5,
      pids: 4,
    });
  });

  it("counts missing fields as 0, falls back to percpu length and v1 cache", () => {
    const summary = summarizeStats("x", {
      cpu_stats: { cpu_usage: { total_usage: 50, percpu_usage: [1, 2, 3, 4] }, system_cpu_usage: 1000 },
      precpu_stats: {},
      memory_stats: { usage: 100, stats: { cache: 300 } },
    });
    expect(summary.cpu_percent).toBe(20);
    expect(summary.mem_used_mb).toBe(0);
    expect(summary.mem_percent).toBe(0);
    expect(summary.net_rx_mb).toBe(0);
    expect(summarizeStats("y", {}).cpu_percent).toBe(0);
  });
});

describe("option names shaped like Object members", () => {
  it.each(["constructor", "toString", "hasOwnProperty", "valueOf", "__proto__", "isPrototypeOf"])(
    "extra_kwargs %s is an unknown option",
    (key) => {
      expect(() => buildCreateRequest("busybox", Object.fromEntries([[key, 1]]))).toThrow(
        new RegExp(
          `^Unknown container option '${key}'\\. Use the docker SDK's snake_case run/create option names: auto_remove,`,
        ),
      );
    },
  );

  it.each(["constructor", "toString", "hasOwnProperty", "valueOf"])(
    "updates %s is an unknown update key",
    async (key) => {
      await expect(
        containerUpdate.run({ id_or_name: "x", updates: { [key]: 1 } } as never, {} as never),
      ).rejects.toThrow(`Unknown update key '${key}'. Allowed: blkio_weight,`);
    },
  );

  it("a blank network, network_mode or name is refused before any request", () => {
    expect(() => buildCreateRequest("busybox", { network: "" })).toThrow(
      "network is empty: give a network name or id (network_list shows them), or leave it out.",
    );
    expect(() => buildCreateRequest("busybox", { network: "  " })).toThrow("network is empty");
    expect(() => buildCreateRequest("busybox", { network_mode: "" })).toThrow("network_mode is empty");
    expect(() => buildCreateRequest("busybox", { name: "" })).toThrow("name is empty: give a container name");
  });
});
