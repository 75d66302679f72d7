// system_df's `kind` against both engines: API 1.41 (engine A ignores `type`, the rows come from the whole
// document) and 1.45 (engine B computes only the kind asked for). Rows are compact and largest first.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, runId } from "../support/docker-cli.js";
import { ENGINES } from "../support/engines.js";
import { callJson, callTool, type Spawned, spawnServer } from "../support/mcp-client.js";
import { tb } from "../support/testbed.js";

interface KindUsage {
  kind: string;
  total: number;
  size_bytes: number;
  rows: Array<Record<string, unknown> & { size_bytes: number | null }>;
  omitted?: number;
}

const MIB = 1024 * 1024;

function largestFirst(rows: KindUsage["rows"]): boolean {
  return rows.every((row, i) => i === 0 || (rows[i - 1]?.size_bytes ?? -1) >= (row.size_bytes ?? -1));
}

describe.each(ENGINES)("system_df kind on engine $name (API $label)", (engine) => {
  const id = runId();
  const big = `dmcp-df-${id}-big`;
  const small = `dmcp-df-${id}-small`;
  const container = `dmcp-df-${id}`;
  let server: Spawned;

  beforeAll(async () => {
    const label = ["--label", `dmcp.test=${id}`];
    docker(engine.host(), ["volume", "create", ...label, big]);
    docker(engine.host(), ["volume", "create", ...label, small]);
    // 2 MiB in the big volume, 1 MiB in the container's own layer; the container keeps running so the big volume is in use.
    docker(engine.host(), [
      "run",
      "-d",
      ...label,
      "--name",
      container,
      "-v",
      `${big}:/big`,
      tb("TESTBED_IMAGE"),
      "sh",
      "-c",
      "dd if=/dev/zero of=/big/f bs=1024 count=2048 && dd if=/dev/zero of=/layer bs=1024 count=1024 && sleep 300",
    ]);
    for (let i = 0; i < 50; i++) {
      if (docker(engine.host(), ["exec", container, "ls", "/layer"]).includes("layer")) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    server = await spawnServer({ DOCKER_MCP_SERVER_HOSTS: `${engine.label}=${engine.host()}` });
  });
  afterAll(async () => {
    await server?.close();
    for (const args of [
      ["rm", "-f", container],
      ["volume", "rm", big, small],
    ]) {
      try {
        docker(engine.host(), args);
      } catch {
        // already gone
      }
    }
  });

  it("volumes: name, size, in use by, created; largest first", async () => {
    const usage = await callJson<KindUsage>(server.client, "system_df", { kind: "volumes", limit: 10_000 });
    expect(usage.kind).toBe("volumes");
    expect(usage.total).toBe(usage.rows.length);
    expect(largestFirst(usage.rows)).toBe(true);
    const mine = usage.rows.filter((row) => String(row.name).startsWith(`dmcp-df-${id}`));
    expect(mine.map((row) => row.name)).toEqual([big, small]);
    expect(mine[0]).toMatchObject({ in_use_by: 1, driver: "local" });
    expect(mine[0]?.size_bytes).toBeGreaterThanOrEqual(2 * MIB);
    expect(mine[1]).toMatchObject({ size_bytes: 0, in_use_by: 0 });
    expect(Date.parse(String(mine[0]?.created))).not.toBeNaN();
  });

  it("limit keeps the largest rows and says how many it left out", async () => {
    const all = await callJson<KindUsage>(server.client, "system_df", { kind: "volumes", limit: 10_000 });
    const one = await callJson<KindUsage>(server.client, "system_df", { kind: "volumes", limit: 1 });
    expect(one.rows).toHaveLength(1);
    expect(one.total).toBeGreaterThanOrEqual(2);
    expect(one.omitted).toBe(one.total - 1);
    expect(one.rows[0]?.size_bytes).toBe(all.rows[0]?.size_bytes);
  });

  it("containers and images: their rows, with the writable layer's size and the images' users", async () => {
    const containers = await callJson<KindUsage>(server.client, "system_df", { kind: "containers", limit: 10_000 });
    expect(largestFirst(containers.rows)).toBe(true);
    const mine = containers.rows.find((row) => row.name === container);
    expect(mine).toMatchObject({ image: tb("TESTBED_IMAGE"), state: "running" });
    expect(mine?.size_bytes).toBeGreaterThanOrEqual(MIB);
    expect(String(mine?.id)).toMatch(/^[0-9a-f]{12}$/);

    const images = await callJson<KindUsage>(server.client, "system_df", { kind: "images", limit: 10_000 });
    expect(largestFirst(images.rows)).toBe(true);
    const busybox = images.rows.find((row) => (row.tags as string[]).includes(tb("TESTBED_IMAGE")));
    expect(busybox?.in_use_by).toBeGreaterThanOrEqual(1);
    expect(busybox?.size_bytes).toBeGreaterThan(0);

    const cache = await callJson<KindUsage>(server.client, "system_df", { kind: "build_cache" });
    expect(cache.kind).toBe("build_cache");
    expect(cache.rows.length).toBeLessThanOrEqual(20);
    expect(largestFirst(cache.rows)).toBe(true);
  });

  it("refuses kind with detail, limit without kind, and an unknown kind", async () => {
    const both = await callTool(server.client, "system_df", { kind: "volumes", detail: true });
    expect(both.isError).toBe(true);
    expect(both.text).toContain("not both");
    const bare = await callTool(server.client, "system_df", { limit: 5 });
    expect(bare.isError).toBe(true);
    expect(bare.text).toContain("pass kind as well");
    const unknown = await callTool(server.client, "system_df", { kind: "networks" });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toContain("kind");
  });
});
