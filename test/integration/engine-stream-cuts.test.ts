// A response whose connection is cut part way is an error that says so, on every streaming tool and on buffered
// calls; a stream the daemon ends properly (the container exited, `until` passed) is a normal result. The cut is
// made by a proxy in front of engine A's socket.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker as dockerCli, runId } from "../support/docker-cli.js";
import { type CutRule, type EngineProxy, engineProxy } from "../support/hostile-daemons.js";
import { callTool, type Spawned, spawnServer } from "../support/mcp-client.js";
import { tb } from "../support/testbed.js";
import { unfence } from "../support/untrusted.js";

const engineA = () => tb("ENGINE_A_HOST");
const names: string[] = [];
const scratch = mkdtempSync(join(tmpdir(), "dmcp-cuts-"));

function container(cmd: string[]): string {
  const name = `dmcp-it-cut-${runId()}`;
  names.push(name);
  dockerCli(engineA(), ["run", "-d", "--name", name, tb("TESTBED_IMAGE"), ...cmd]);
  return name;
}

afterAll(() => {
  for (const name of names) dockerCli(engineA(), ["rm", "-f", name]);
  rmSync(scratch, { recursive: true, force: true });
});

/** A server whose only host ('a') is engine A behind a proxy that cuts the first response matching `rule`. */
async function behindCut(rule: CutRule): Promise<{ proxy: EngineProxy; server: Spawned; close: () => Promise<void> }> {
  const proxy = await engineProxy(engineA(), { cut: rule });
  const server = await spawnServer({ DOCKER_MCP_SERVER_HOSTS: `a=${proxy.url}` });
  return {
    proxy,
    server,
    close: async () => {
      await server.close();
      await proxy.close();
    },
  };
}

async function cutCall(rule: CutRule, tool: string, args: Record<string, unknown>) {
  const { proxy, server, close } = await behindCut(rule);
  try {
    const started = performance.now();
    const result = await server.client.callTool({ name: tool, arguments: args }, { timeout: 20_000 });
    const text = ((result.content ?? []) as Array<{ text?: string }>).map((part) => part.text ?? "").join("");
    return { isError: result.isError === true, text, ms: performance.now() - started, cuts: proxy.cuts(), proxy };
  } finally {
    await close();
  }
}

function expectCut(
  outcome: { isError: boolean; text: string; cuts: number; proxy: EngineProxy },
  request: string,
): void {
  expect(outcome.cuts).toBe(1);
  expect(outcome.isError).toBe(true);
  expect(outcome.text).toContain(`host 'a' (${outcome.proxy.url}) closed the connection in the middle of its answer`);
  expect(outcome.text).toContain(request);
  expect(outcome.text).toContain("ended early");
}

describe("a response cut part way through is an error that says so", () => {
  it("system_events whose connection is cut after a second", async () => {
    const outcome = await cutCall({ request: /^GET \S*\/events/, bodyBytes: 0, delayMs: 1000 }, "system_events", {
      timeout_seconds: 20,
    });
    expectCut(outcome, "GET /events");
    expect(outcome.ms).toBeLessThan(8000);
  });

  it("container_logs follow", async () => {
    const name = container(["sh", "-c", "while true; do echo tick; sleep 0.2; done"]);
    const outcome = await cutCall({ request: /^GET \S*\/logs\?/, bodyBytes: 40, delayMs: 500 }, "container_logs", {
      id_or_name: name,
      follow: true,
      tail: 0,
      limit_lines: 1000,
      timeout_seconds: 20,
    });
    expectCut(outcome, "/logs");
  });

  it("a container_logs snapshot", async () => {
    const name = container(["seq", "1", "200000"]);
    dockerCli(engineA(), ["wait", name]);
    const outcome = await cutCall({ request: /^GET \S*\/logs\?/, bodyBytes: 5000, delayMs: 0 }, "container_logs", {
      id_or_name: name,
      tail: "all",
    });
    expectCut(outcome, "/logs");
  });

  it("a buffered call (container_inspect) no longer hangs", async () => {
    const name = container(["sleep", "600"]);
    const outcome = await cutCall(
      // The name in the rule: the server's start-up checks inspect a container too.
      { request: new RegExp(`^GET \\S*/containers/${name}/json`), bodyBytes: 100, delayMs: 0 },
      "container_inspect",
      { id_or_name: name },
    );
    expectCut(outcome, "/json");
  });

  it("container_export in band", async () => {
    const name = container(["sleep", "600"]);
    const outcome = await cutCall({ request: /^GET \S*\/export/, bodyBytes: 20_000, delayMs: 0 }, "container_export", {
      id_or_name: name,
    });
    expectCut(outcome, "/export");
  });

  it("image_load's progress stream", async () => {
    const file = join(scratch, "busybox.tar");
    dockerCli(engineA(), ["save", "-o", file, tb("TESTBED_IMAGE")]);
    const outcome = await cutCall({ request: /^POST \S*\/images\/load/, bodyBytes: 0, delayMs: 0 }, "image_load", {
      from_file: file,
    });
    expectCut(outcome, "POST /images/load");
    expect(outcome.text).toContain("Loading");
  });
});

describe("streams the daemon ends properly are results", () => {
  let server: Spawned;
  beforeAll(async () => {
    server = await spawnServer({ DOCKER_MCP_SERVER_HOSTS: `a=${engineA()}` });
  });
  afterAll(async () => server?.close());

  it("system_events ends at `until` with what it saw", async () => {
    const until = String(Math.floor(Date.now() / 1000) + 2);
    const started = performance.now();
    const result = await callTool(server.client, "system_events", {
      filters: { label: `dmcp.never=${runId()}` },
      until,
      timeout_seconds: 20,
    });
    expect(result).toEqual({ isError: false, text: "[]" });
    expect(performance.now() - started).toBeLessThan(8000);
  });

  it("container_logs follow ends when the container exits", async () => {
    const name = container(["sh", "-c", "sleep 1; echo done"]);
    const result = await callTool(server.client, "container_logs", {
      id_or_name: name,
      follow: true,
      timeout_seconds: 20,
    });
    expect({ ...result, text: unfence(result.text) }).toEqual({ isError: false, text: "done" });
  });
});
