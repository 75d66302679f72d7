// Every Engine request has a deadline (connect, whole answer, or a stream's first byte) on every transport, and the
// error names the host and the time allowed; long calls against a real engine are not cut by it.

import { mkdtempSync, rmSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HostEntry } from "../../src/config/hosts.js";
import { engineRequest } from "../../src/engine/api.js";
import { type ConnectionEnvironment, type EngineConnection, openConnection } from "../../src/engine/connection.js";
import { followLogs } from "../../src/engine/container-logs.js";
import { EnginePool } from "../../src/engine/pool.js";
import { docker as dockerCli, runId } from "../support/docker-cli.js";
import {
  blackHole,
  engineProxy,
  fakeSshd,
  fullBacklog,
  type Listening,
  tlsBlackHole,
} from "../support/hostile-daemons.js";
import { callJson, callTool, spawnServer } from "../support/mcp-client.js";
import { tb } from "../support/testbed.js";

const scratchHome = mkdtempSync(join(tmpdir(), "dmcp-deadlines-home-"));

function environment(requestMs: number, connectMs = 5000, home = scratchHome): ConnectionEnvironment {
  return {
    home,
    sshAuthSock: undefined,
    explicit: true,
    tlsVerify: undefined,
    certPath: undefined,
    platform: "linux",
    requestTimeoutMs: requestMs,
    connectTimeoutMs: connectMs,
  };
}

function hostAt(url: string, certDir: string | null = null, label = "hung"): HostEntry {
  return { label, url, readOnly: false, certDir };
}

/** How a call settled, and after how many milliseconds. */
async function settle(call: () => Promise<unknown>): Promise<{ error: Error | undefined; ms: number }> {
  const started = performance.now();
  const error = await call().then(
    () => undefined,
    (err: Error) => err,
  );
  return { error, ms: performance.now() - started };
}

async function withConnection<T>(
  host: HostEntry,
  env: ConnectionEnvironment,
  use: (connection: EngineConnection) => Promise<T>,
): Promise<T> {
  const connection = await openConnection(host, env);
  try {
    return await use(connection);
  } finally {
    connection.close();
  }
}

afterAll(() => rmSync(scratchHome, { recursive: true, force: true }));

describe("a daemon that accepts and never answers", () => {
  const stands: Listening[] = [];
  afterAll(async () => {
    for (const stand of stands) await stand.close();
  });
  async function stand<T extends Listening>(made: Promise<T>): Promise<T> {
    const listening = await made;
    stands.push(listening);
    return listening;
  }

  it.each(["unix", "tcp"] as const)("over %s: ping fails within the request timeout, naming the host", async (kind) => {
    const hole = await stand(blackHole(kind));
    const outcome = await withConnection(hostAt(hole.url), environment(1000), (c) => settle(() => c.docker.ping()));
    expect(outcome.error?.message).toBe(
      `host 'hung' (${hole.url}) did not answer GET /_ping within 1 s; is the daemon hung? ` +
        "Raise DOCKER_MCP_SERVER_REQUEST_TIMEOUT for a slow daemon, or call system_reconnect.",
    );
    expect(outcome.ms).toBeGreaterThanOrEqual(950);
    expect(outcome.ms).toBeLessThan(2500);
  });

  it("a streaming call's first-byte deadline fires too", async () => {
    const hole = await stand(blackHole("unix"));
    const outcome = await withConnection(hostAt(hole.url), environment(1000), (c) =>
      settle(() => engineRequest<IncomingMessage>(c.docker, { method: "GET", path: "/events", stream: true })),
    );
    expect(outcome.error?.message).toContain(`host 'hung' (${hole.url}) did not answer GET /events within 1 s`);
    expect(outcome.ms).toBeLessThan(2500);
  });

  it("over TLS: a daemon that completes the handshake but never answers", async () => {
    const hole = await stand(tlsBlackHole(join(tb("TESTBED_DIR"), "certs", "engine-b-server")));
    const host = hostAt(hole.url, tb("ENGINE_B_CERT_DIR"));
    const outcome = await withConnection(host, environment(1000), (c) => settle(() => c.docker.version()));
    expect(outcome.error?.message).toContain(`host 'hung' (${hole.url}) did not answer GET /version within 1 s`);
    expect(hole.accepted()).toBe(1);
  });

  it("over TLS: a handshake that never completes hits the connect deadline", async () => {
    const hole = await stand(blackHole("tcp"));
    const host = hostAt(hole.url, tb("ENGINE_B_CERT_DIR"));
    const outcome = await withConnection(host, environment(5000, 800), (c) => settle(() => c.docker.ping()));
    expect(outcome.error?.message).toBe(
      `host 'hung' (${hole.url}) did not accept a connection within 0.8 s; is the daemon up and the endpoint right? ` +
        "Raise DOCKER_MCP_SERVER_CONNECT_TIMEOUT for a slow network.",
    );
    expect(outcome.ms).toBeLessThan(2000);
  });

  it("over TCP: a port whose handshake never completes (full accept queue) hits the connect deadline", async () => {
    const queue = await stand(fullBacklog());
    const outcome = await withConnection(hostAt(queue.url), environment(5000, 800), (c) =>
      settle(() => c.docker.ping()),
    );
    expect(outcome.error?.message).toContain(`host 'hung' (${queue.url}) did not accept a connection within 0.8 s`);
    expect(outcome.ms).toBeLessThan(2000);
  });

  it("over ssh://: an SSH server that never speaks hits the connect deadline", async () => {
    const hole = await stand(blackHole("tcp"));
    const url = hole.url.replace("tcp://", "ssh://tester@");
    const outcome = await withConnection(hostAt(url), environment(5000, 800), (c) => settle(() => c.docker.ping()));
    expect(outcome.error?.message).toContain(`host 'hung' (${url}) did not accept a connection within 0.8 s`);
    expect(outcome.ms).toBeLessThan(2000);
  });

  it("over ssh://: a remote daemon that never answers; the kept SSH connection serves the next call", async () => {
    const sshd = await stand(fakeSshd(tb("ENGINE_A_HOST"), { hang: 1 }));
    await withConnection(hostAt(sshd.url), environment(1000, 5000, sshd.home), async (c) => {
      const outcome = await settle(() => c.docker.ping());
      expect(outcome.error?.message).toContain(`host 'hung' (${sshd.url}) did not answer GET /_ping within 1 s`);
      expect(outcome.ms).toBeLessThan(2500);
      expect(String(await c.docker.ping())).toBe("OK");
      expect(c.ssh?.connectCount).toBe(1);
      expect(sshd.channels()).toBe(2);
    });
  });

  it("the pooled connection stays usable: the hung socket is destroyed, not reused", async () => {
    const proxy = await stand(engineProxy(tb("ENGINE_A_HOST"), { hang: 1 }));
    const registry = { entries: [hostAt(proxy.url)], explicit: true, multi: false, ignoredDockerHost: false };
    const pool = new EnginePool(registry, environment(1000));
    try {
      const docker = await pool.docker(hostAt(proxy.url));
      const first = await settle(() => docker.ping());
      expect(first.error?.message).toContain("did not answer GET /_ping within 1 s");
      expect(String(await docker.ping())).toBe("OK");
      expect(proxy.accepted()).toBe(2);
    } finally {
      pool.close();
    }
  });

  it("the spawned server reports the hung host within DOCKER_MCP_SERVER_REQUEST_TIMEOUT", async () => {
    const hole = await stand(blackHole("unix"));
    const server = await spawnServer({ DOCKER_MCP_SERVER_HOSTS: hole.url, DOCKER_MCP_SERVER_REQUEST_TIMEOUT: "2" });
    try {
      const started = performance.now();
      const result = await callTool(server.client, "system_ping");
      const ms = performance.now() - started;
      expect(result.isError).toBe(true);
      expect(result.text).toContain(`host 'default' (${hole.url}) did not answer GET /_ping within 2 s`);
      expect(result.text).toContain("DOCKER_MCP_SERVER_REQUEST_TIMEOUT");
      expect(ms).toBeLessThan(4000);
    } finally {
      await server.close();
    }
  });
});

describe("long calls on engine A are not cut by a short request timeout", () => {
  const engineA = () => tb("ENGINE_A_HOST");
  const names: string[] = [];
  let connection: EngineConnection;
  beforeAll(async () => {
    connection = await openConnection(hostAt(engineA(), null, "a"), environment(1000));
  });
  afterAll(() => {
    connection?.close();
    for (const name of names) dockerCli(engineA(), ["rm", "-f", name]);
  });

  function container(cmd: string[]): { name: string; id: string } {
    const name = `dmcp-it-deadline-${runId()}`;
    names.push(name);
    const id = dockerCli(engineA(), ["run", "-d", "--name", name, tb("TESTBED_IMAGE"), ...cmd]);
    return { name, id };
  }

  it("a container wait outlasting the timeout returns the exit code", async () => {
    const { id } = container(["sleep", "4"]);
    const started = performance.now();
    expect((await connection.docker.getContainer(id).wait()).StatusCode).toBe(0);
    expect(performance.now() - started).toBeGreaterThan(1500);
  });

  it("a stop whose grace period outlasts the timeout is allowed that grace period", async () => {
    // PID 1 without a handler ignores SIGTERM, so the daemon waits the whole grace period before SIGKILL.
    const { id } = container(["sleep", "600"]);
    const started = performance.now();
    await connection.docker.getContainer(id).stop({ t: 2 });
    expect(performance.now() - started).toBeGreaterThan(1500);
  });

  it("a quiet log follow runs to its own bound", async () => {
    const { id } = container(["sleep", "600"]);
    const started = performance.now();
    const result = await followLogs(
      connection.docker,
      id,
      { stdout: true, stderr: true, timestamps: false, tail: 0 },
      { maxLines: 10, maxBytes: 4096, timeoutMs: 2500 },
    );
    expect(result.lines).toEqual([]);
    expect(performance.now() - started).toBeGreaterThan(2400);
  });

  it("container_wait through the server with DOCKER_MCP_SERVER_REQUEST_TIMEOUT=2 is met", async () => {
    const server = await spawnServer({
      DOCKER_MCP_SERVER_HOSTS: `a=${engineA()}`,
      DOCKER_MCP_SERVER_REQUEST_TIMEOUT: "2",
    });
    try {
      // Started after the server, so the whole sleep is left to wait for.
      const { name } = container(["sleep", "5"]);
      const result = await callJson<{ met: boolean; status_code: number; waited_seconds: number }>(
        server.client,
        "container_wait",
        { id_or_name: name, timeout_seconds: 30 },
      );
      expect(result).toMatchObject({ met: true, status_code: 0 });
      expect(result.waited_seconds).toBeGreaterThan(3);
    } finally {
      await server.close();
    }
  });
});
