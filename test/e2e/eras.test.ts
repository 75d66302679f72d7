// Both protocol eras on both transports, with the real SDK client against engine A: 2025-11-25 (initialize,
// sessions, resources/subscribe) and 2026-07-28 (server/discover, stateless requests, subscriptions/listen), over
// stdio and Streamable HTTP. Each cell lists the same tools, calls a tool, reads a resource, receives a resource
// notification for a container it creates, and receives progress notifications from a build.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, runId } from "../support/docker-cli.js";
import { connectHttp, type Era, type HttpServer, spawnHttp } from "../support/http-server.js";
import { BUNDLE, baseEnv, callTool } from "../support/mcp-client.js";
import { tb } from "../support/testbed.js";

const run = runId();
const LABEL = `dmcp.test=eras-${run}`;
const engineA = () => tb("ENGINE_A_HOST");
const env = () => ({ DOCKER_MCP_SERVER_HOSTS: `a=${engineA()}` });

async function connectStdio(era: Era): Promise<Client> {
  const client = new Client(
    { name: "docker-mcp-server-tests", version: "0.0.0" },
    era === "2026-07-28" ? { versionNegotiation: { mode: { pin: "2026-07-28" } } } : {},
  );
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BUNDLE],
    env: baseEnv(env()),
    stderr: "pipe",
  });
  await client.connect(transport);
  return client;
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end && !check()) await new Promise((resolve) => setTimeout(resolve, 25));
  return check();
}

let http: HttpServer;
let buildDir: string;
let stdioToolNames: string[] | undefined;

beforeAll(async () => {
  http = await spawnHttp(env());
  buildDir = mkdtempSync(join(tmpdir(), "dmcp-eras-"));
  writeFileSync(join(buildDir, "Dockerfile"), `FROM busybox:local\nRUN echo ${run} > /run-id\n`);
});

afterAll(async () => {
  await http?.stop();
  rmSync(buildDir, { recursive: true, force: true });
  const leftovers = docker(engineA(), ["ps", "-aq", "--filter", `label=${LABEL}`])
    .split("\n")
    .filter(Boolean);
  if (leftovers.length) docker(engineA(), ["rm", "-f", ...leftovers]);
  for (const tag of ["2025-11-25", "2026-07-28"].flatMap((era) => ["stdio", "http"].map((t) => `${t}-${era}`))) {
    try {
      docker(engineA(), ["rmi", "-f", `dmcp-eras-${run}:${tag}`]);
    } catch {
      // not built in this run
    }
  }
});

const cells: Array<{ transport: "stdio" | "http"; era: Era }> = [
  { transport: "stdio", era: "2025-11-25" },
  { transport: "stdio", era: "2026-07-28" },
  { transport: "http", era: "2025-11-25" },
  { transport: "http", era: "2026-07-28" },
];

describe.each(cells)("$transport, protocol $era", ({ transport, era }) => {
  let client: Client;
  beforeAll(async () => {
    client = transport === "stdio" ? await connectStdio(era) : await connectHttp(http.url, era);
  });
  afterAll(async () => {
    await client?.close();
  });

  it("negotiates the era and lists the same tools, in the same order", async () => {
    expect(client.getProtocolEra()).toBe(era === "2026-07-28" ? "modern" : "legacy");
    expect(client.getNegotiatedProtocolVersion()).toBe(era);
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain("container_list");
    stdioToolNames ??= names;
    expect(names).toEqual(stdioToolNames);
  });

  it("calls a tool and reads a resource", async () => {
    const ping = await callTool(client, "system_ping");
    expect(ping.isError, ping.text).toBe(false);
    const read = await client.readResource({ uri: "docker-mcp://hosts" });
    const text = (read.contents[0] as { text?: string }).text ?? "";
    expect(text).toContain(engineA());
  });

  it("notifies a subscribed resource when a container is created", async () => {
    const updated: string[] = [];
    client.setNotificationHandler("notifications/resources/updated", (note) => {
      updated.push(note.params.uri);
    });
    let subscription: Awaited<ReturnType<Client["listen"]>> | undefined;
    if (era === "2026-07-28") subscription = await client.listen({ resourceSubscriptions: ["docker://containers"] });
    else await client.subscribeResource({ uri: "docker://containers" });
    if (subscription) expect(subscription.honoredFilter.resourceSubscriptions).toEqual(["docker://containers"]);
    const name = `dmcp-eras-${run}-${transport}-${era.slice(0, 4)}`;
    docker(engineA(), ["create", "--name", name, "--label", LABEL, "busybox:local", "true"]);
    try {
      expect(await until(() => updated.includes("docker://containers"), 10_000)).toBe(true);
    } finally {
      docker(engineA(), ["rm", "-f", name]);
      await subscription?.close();
    }
  });

  it.runIf(era === "2026-07-28")("refuses to listen to a URI nothing notifies on, before acknowledging", async () => {
    await expect(client.listen({ resourceSubscriptions: ["docker-mcp://hosts"] })).rejects.toThrow(
      /Cannot listen to 'docker-mcp:\/\/hosts': only the container, service and node indexes/,
    );
    const ping = await callTool(client, "system_ping");
    expect(ping.isError).toBe(false);
  });

  it("reports progress of a long call", async () => {
    const progress: number[] = [];
    const tag = `dmcp-eras-${run}:${transport}-${era}`;
    const result = (await client.callTool(
      { name: "image_build", arguments: { path: buildDir, tag, nocache: true } },
      { onprogress: (update) => progress.push(update.progress), timeout: 120_000, resetTimeoutOnProgress: true },
    )) as { isError?: boolean; content?: Array<{ text?: string }> };
    expect(result.isError, result.content?.[0]?.text).not.toBe(true);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });
});
