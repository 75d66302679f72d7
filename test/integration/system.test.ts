// The system domain against both real engines, over unix sockets, TCP+TLS and ssh://.

import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openConnection } from "../../src/engine/connection.js";
import { docker, runId } from "../support/docker-cli.js";
import { callJson, callTool, type Spawned, spawnServer } from "../support/mcp-client.js";
import { neverShown } from "../support/secret-watch.js";
import { tb } from "../support/testbed.js";

const engines = [
  {
    label: "a",
    host: () => tb("ENGINE_A_HOST"),
    version: () => tb("ENGINE_A_VERSION"),
    api: () => tb("ENGINE_A_API_VERSION"),
  },
  {
    label: "b",
    host: () => tb("ENGINE_B_HOST"),
    version: () => tb("ENGINE_B_VERSION"),
    api: () => tb("ENGINE_B_API_VERSION"),
  },
];

describe.each(engines)("system tools on engine $label", (engine) => {
  let server: Spawned;
  beforeAll(async () => {
    server = await spawnServer({ DOCKER_MCP_SERVER_HOSTS: `${engine.label}=${engine.host()}` });
  });
  afterAll(async () => server?.close());

  it("system_ping answers true", async () => {
    expect(await callJson(server.client, "system_ping")).toBe(true);
  });

  it("system_version reports the engine's own version, projected by fields", async () => {
    const full = await callJson<{ Version: string; ApiVersion: string; Components: unknown[] }>(
      server.client,
      "system_version",
    );
    expect(full.Version).toBe(engine.version());
    expect(full.ApiVersion).toBe(engine.api());
    expect(Array.isArray(full.Components)).toBe(true);
    expect(await callJson(server.client, "system_version", { fields: ["ApiVersion", "Nope.Missing"] })).toEqual({
      ApiVersion: engine.api(),
      "Nope.Missing": null,
    });
  });

  it("system_info returns the info document", async () => {
    const info = await callJson<{ ServerVersion: string; Driver: string; Containers: number }>(
      server.client,
      "system_info",
    );
    expect(info.ServerVersion).toBe(engine.version());
    expect(typeof info.Driver).toBe("string");
    expect(typeof info.Containers).toBe("number");
  });

  it("system_df summarises by default and returns the document with detail", async () => {
    const summary = await callJson<Record<string, { total: number; size_bytes: number }>>(server.client, "system_df");
    expect(Object.keys(summary).sort()).toEqual(["BuildCache", "Containers", "Images", "Volumes"]);
    expect(summary.Images?.total).toBeGreaterThanOrEqual(1);
    const detail = await callTool(server.client, "system_df", { detail: true });
    expect(detail.isError).toBe(false);
    expect(detail.text.startsWith('{"LayersSize":')).toBe(true);
    if (detail.text.includes("[truncated:")) {
      // A busy daemon (other suites run beside this one) can exceed the 64 KiB cap: then the note says so.
      expect(detail.text).toMatch(/\[truncated: showing the first 65536 of \d+ bytes/);
    } else {
      const document = JSON.parse(detail.text) as { Images: Array<{ RepoTags: string[] }> };
      expect(document.Images.some((image) => image.RepoTags?.includes(tb("TESTBED_IMAGE")))).toBe(true);
    }
  });

  it("host_list shows the pinned host", async () => {
    expect(await callJson(server.client, "host_list")).toEqual([
      { name: engine.label, url: engine.host(), read_only: false, tls: false, default: true },
    ]);
  });

  it("system_events waits for the next matching event and stops at the limit", async () => {
    const id = runId();
    const pending = callJson<Array<{ Action: string; Actor: { Attributes: { name: string } } }>>(
      server.client,
      "system_events",
      {
        filters: { type: "container", event: "create", label: `dmcp.test=${id}` },
        limit: 1,
        timeout_seconds: 20,
      },
    );
    await new Promise((r) => setTimeout(r, 500));
    const name = `dmcp-it-sys-${id}`;
    docker(engine.host(), ["create", "--name", name, "--label", `dmcp.test=${id}`, tb("TESTBED_IMAGE"), "true"]);
    try {
      const events = await pending;
      expect(events).toHaveLength(1);
      expect(events[0]?.Action).toBe("create");
      expect(events[0]?.Actor.Attributes.name).toBe(name);
    } finally {
      docker(engine.host(), ["rm", "-f", name]);
    }
  });

  it("system_events returns what it has when the deadline passes on a quiet daemon", async () => {
    const started = Date.now();
    const events = await callJson<unknown[]>(server.client, "system_events", {
      filters: { label: `dmcp.never=${runId()}` },
      timeout_seconds: 1,
    });
    expect(events).toEqual([]);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("system_events rejects bad bounds without contacting the daemon", async () => {
    const result = await callTool(server.client, "system_events", { limit: -1 });
    expect(result.isError).toBe(true);
    expect(result.text).toContain("limit");
  });

  it("system_login validates with the daemon, caches, and never echoes a password; logout clears", async () => {
    const registry = tb("REGISTRY_TLS");
    const wrong = neverShown(`wrong-${runId()}`);
    const bad = await callTool(server.client, "system_login", {
      username: tb("REGISTRY_USER"),
      password: wrong,
      registry,
    });
    expect(bad.isError).toBe(true);
    expect(bad.text).toContain(registry);
    expect(bad.text).not.toContain(wrong);
    const ok = await callJson<{ Status: string }>(server.client, "system_login", {
      username: tb("REGISTRY_USER"),
      password: tb("REGISTRY_PASSWORD"),
      registry,
    });
    expect(ok.Status).toMatch(/Login Succeeded/);
    const cached = await callTool(server.client, "system_login", {
      username: tb("REGISTRY_USER"),
      password: tb("REGISTRY_PASSWORD"),
      registry,
    });
    expect(cached.isError).toBe(false);
    expect(cached.text).toContain("cached");
    expect(cached.text).not.toContain(tb("REGISTRY_PASSWORD"));
    expect(await callJson(server.client, "system_logout", { registry: "unknown.example" })).toEqual({ cleared: [] });
    expect(await callJson(server.client, "system_logout", { registry })).toEqual({ cleared: [registry] });
    // After logout the cache is empty: a wrong password is checked by the daemon again.
    expect(
      (await callTool(server.client, "system_login", { username: tb("REGISTRY_USER"), password: wrong, registry }))
        .isError,
    ).toBe(true);
  });

  it("a wrong password after a good login is checked by the daemon and refused; the good login stays", async () => {
    const registry = tb("REGISTRY_TLS");
    const user = tb("REGISTRY_USER");
    const good = tb("REGISTRY_PASSWORD");
    const wrong = neverShown(`wrong-after-good-${runId()}`);
    const first = await callJson<{ Status: string }>(server.client, "system_login", {
      username: user,
      password: good,
      registry,
      reauth: true,
    });
    expect(first.Status).toBe("Login Succeeded");
    const started = Date.now();
    const bad = await callTool(server.client, "system_login", { username: user, password: wrong, registry });
    expect(bad.isError).toBe(true);
    expect(bad.text).not.toContain("Login Succeeded");
    expect(bad.text).toContain(`Login to ${registry} failed`);
    expect(bad.text).toContain(`The earlier login for ${registry} (user ${user}) is unchanged and still used`);
    expect(bad.text).not.toContain(wrong);
    expect(bad.text).not.toContain(good);
    expect(Date.now() - started).toBeLessThan(30_000);
    // Same user, a prefix of the right password: still not the cached entry.
    const prefix = await callTool(server.client, "system_login", {
      username: user,
      password: good.slice(0, -1),
      registry,
    });
    expect(prefix.isError).toBe(true);
    expect(prefix.text).not.toContain(good.slice(0, -1));
    // The good entry was left as it was: the same credentials are answered from memory.
    const again = await callTool(server.client, "system_login", { username: user, password: good, registry });
    expect(again).toEqual({
      isError: false,
      text: JSON.stringify({
        Status: `Login Succeeded (cached credentials for ${registry}; pass reauth=true to re-validate)`,
      }),
    });
    expect(await callJson(server.client, "system_logout", { registry })).toEqual({ cleared: [registry] });
  });

  it("system_close and system_reconnect rebuild the connection", async () => {
    expect(await callJson(server.client, "system_close")).toBe(true);
    expect(await callJson(server.client, "system_ping")).toBe(true);
    const version = await callJson<{ Version: string }>(server.client, "system_reconnect");
    expect(version.Version).toBe(engine.version());
    expect(await callJson(server.client, "system_ping")).toBe(true);
  });
});

describe("TCP + TLS to engine B", () => {
  it("answers with the client certificate and the pinned CA", async () => {
    const server = await spawnServer({
      DOCKER_MCP_SERVER_HOSTS: `tls=${tb("ENGINE_B_TLS_HOST")}(tls=${tb("ENGINE_B_CERT_DIR")})`,
    });
    try {
      expect(await callJson(server.client, "system_ping")).toBe(true);
      const version = await callJson<{ Version: string }>(server.client, "system_version");
      expect(version.Version).toBe(tb("ENGINE_B_VERSION"));
      expect(await callJson(server.client, "host_list")).toEqual([
        { name: "tls", url: tb("ENGINE_B_TLS_HOST"), read_only: false, tls: true, default: true },
      ]);
    } finally {
      await server.close();
    }
  });

  it("fails clearly without a client certificate", async () => {
    const server = await spawnServer({
      DOCKER_MCP_SERVER_HOSTS: `tls=${tb("ENGINE_B_TLS_HOST")}(tls=${tb("ENGINE_B_CA_ONLY_DIR")})`,
    });
    try {
      const result = await callTool(server.client, "system_ping");
      expect(result.isError).toBe(true);
      expect(result.text).toContain("Cannot reach the Docker daemon for host 'tls'");
    } finally {
      await server.close();
    }
  });

  it("legacy DOCKER_HOST + DOCKER_TLS_VERIFY + DOCKER_CERT_PATH work like the docker CLI", async () => {
    const server = await spawnServer({
      DOCKER_HOST: tb("ENGINE_B_TLS_HOST"),
      DOCKER_TLS_VERIFY: "1",
      DOCKER_CERT_PATH: tb("ENGINE_B_CERT_DIR"),
    });
    try {
      expect(await callJson(server.client, "system_ping")).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe("ssh:// to engine B", () => {
  // No ssh binary on PATH: the transport is in-process.
  const emptyPath = mkdtempSync(join(tmpdir(), "dmcp-nopath-"));

  function sshConnections(pid: number): number {
    const out = execFileSync("ss", ["-Htnp", "state", "established", "dport", "=", ":2222"], { encoding: "utf8" });
    return out.split("\n").filter((line) => line.includes(`pid=${pid},`)).length;
  }

  it("reaches engine B over SSH and reuses one connection for 50 pings", async () => {
    const server = await spawnServer({
      PATH: emptyPath,
      HOME: tb("SSH_HOME"),
      DOCKER_MCP_SERVER_HOSTS: `remote=${tb("SSH_HOST")}`,
    });
    try {
      const version = await callJson<{ Version: string }>(server.client, "system_version");
      expect(version.Version).toBe(tb("ENGINE_B_VERSION"));
      for (let i = 0; i < 50; i++) expect(await callJson(server.client, "system_ping")).toBe(true);
      const pid = server.pid();
      expect(sshConnections(pid)).toBe(1);
      // Parallel calls share the same SSH connection too.
      await Promise.all(Array.from({ length: 16 }, () => callJson(server.client, "system_ping")));
      expect(sshConnections(pid)).toBe(1);
      const events = await callJson<unknown[]>(server.client, "system_events", { limit: 5, timeout_seconds: 1 });
      expect(Array.isArray(events)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("rejects an unknown host key", async () => {
    const home = mkdtempSync(join(tmpdir(), "dmcp-sshhome-"));
    execFileSync("mkdir", ["-p", join(home, ".ssh")]);
    execFileSync("cp", [join(tb("SSH_HOME"), ".ssh/id_ed25519"), join(home, ".ssh/id_ed25519")]);
    writeFileSync(join(home, ".ssh/known_hosts"), "");
    const server = await spawnServer({
      PATH: emptyPath,
      HOME: home,
      DOCKER_MCP_SERVER_HOSTS: `remote=${tb("SSH_HOST")}`,
    });
    try {
      const result = await callTool(server.client, "system_ping");
      expect(result.isError).toBe(true);
      expect(result.text).toContain("Could not establish the SSH connection");
      expect(result.text).toContain("known_hosts");
    } finally {
      await server.close();
    }
  });

  it("an aborted long poll over the kept SSH connection settles at once and the connection stays usable", async () => {
    const connection = await openConnection(
      { label: "remote", url: tb("SSH_HOST"), readOnly: false, certDir: null },
      {
        home: tb("SSH_HOME"),
        sshAuthSock: undefined,
        explicit: true,
        tlsVerify: undefined,
        certPath: undefined,
        platform: "linux",
      },
    );
    const name = `dmcp-it-sshabort-${runId()}`;
    try {
      const container = await connection.docker.createContainer({
        name,
        Image: tb("TESTBED_IMAGE"),
        Cmd: ["sleep", "60"],
      });
      await container.start();
      const controller = new AbortController();
      const started = Date.now();
      setTimeout(() => controller.abort(), 300);
      const outcome = await (container.wait as (options: { abortSignal: AbortSignal }) => Promise<unknown>)({
        abortSignal: controller.signal,
      }).then(
        () => "returned",
        (err: Error) => err.name,
      );
      expect(outcome).toBe("AbortError");
      expect(Date.now() - started).toBeLessThan(3000);
      expect(String(await connection.docker.ping())).toBe("OK");
      expect(connection.ssh?.connectCount).toBe(1);
    } finally {
      docker(tb("ENGINE_B_HOST"), ["rm", "-f", name]);
      connection.close();
    }
  });
});
