// A filter the caller gave but that carries no value (null, "", [], {}) is refused on every prune and list tool,
// never dropped: the daemon reads an empty filter as no filter, so a prune would remove everything. Sentinels (a
// stopped container, an unused network, unused anonymous and named volumes, a dangling image) carry this run's
// label and match none of the refused filters; each must survive every call.
//
// The "scoped" cases pair the empty key with this run's label: a build that drops the empty key prunes only this
// run's sentinels (so the test fails there without touching anyone else's objects).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, runId } from "../support/docker-cli.js";
import { objectExists } from "../support/images.js";
import { callTool, type Spawned, spawnServer } from "../support/mcp-client.js";
import { tb } from "../support/testbed.js";

const EMPTY_SHAPES: ReadonlyArray<[string, unknown]> = [
  ["null", null],
  ["an empty list", []],
  ["an empty map", {}],
  ["an empty string", ""],
];

describe("empty filter values on engine A", () => {
  const host = () => tb("ENGINE_A_HOST");
  const id = runId();
  const label = `dmcp.test=${id}`;
  const name = `dmcp-it-filters-${id}`;
  let server: Spawned;
  let anonymousVolume = "";
  let danglingImage = "";

  beforeAll(async () => {
    docker(host(), ["create", "--name", `${name}-sentinel`, "--label", label, "busybox:local", "true"]);
    docker(host(), ["network", "create", "--label", label, `${name}-net`]);
    docker(host(), ["volume", "create", "--label", label, `${name}-vol`]);
    anonymousVolume = docker(host(), ["volume", "create", "--label", label]);
    danglingImage = docker(host(), ["commit", "--change", `LABEL ${label}`, `${name}-sentinel`]);
    server = await spawnServer({ DOCKER_MCP_SERVER_HOSTS: `a=${host()}` });
  });

  afterAll(async () => {
    await server?.close();
    for (const args of [
      ["rm", "-f", `${name}-sentinel`],
      ["network", "rm", `${name}-net`],
      ["volume", "rm", `${name}-vol`],
      ["volume", "rm", anonymousVolume],
      ["image", "rm", "-f", danglingImage],
    ]) {
      try {
        docker(host(), args);
      } catch {
        // already gone
      }
    }
  });

  function sentinelsSurvive(): void {
    expect(docker(host(), ["ps", "-a", "-q", "--filter", `name=^${name}-sentinel$`])).not.toBe("");
    expect(objectExists(host(), "network", `${name}-net`)).toBe(true);
    expect(objectExists(host(), "volume", `${name}-vol`)).toBe(true);
    expect(objectExists(host(), "volume", anonymousVolume)).toBe(true);
    expect(objectExists(host(), "image", danglingImage)).toBe(true);
  }

  async function refused(tool: string, args: Record<string, unknown>, message: string | RegExp): Promise<void> {
    const result = await callTool(server.client, tool, args);
    expect(result.isError, `${tool} ${JSON.stringify(args)} → ${result.text}`).toBe(true);
    expect(result.text).toMatch(message);
  }

  const PRUNES = ["container_prune", "network_prune", "volume_prune", "image_prune"];
  const LISTS = ["container_list", "image_list", "network_list", "volume_list"];

  describe.each(PRUNES)("%s", (tool) => {
    it.each(EMPTY_SHAPES)("refuses label as %s and prunes nothing", async (_what, value) => {
      await refused(
        tool,
        { filters: { label: value } },
        /^filters\.label is (null|empty): give at least one value, e\.g\. \{"label":\["app=web"\]\}, or leave the key out\.$/,
      );
      sentinelsSurvive();
    });

    it.each(EMPTY_SHAPES)("refuses until as %s and prunes nothing", async (_what, value) => {
      await refused(tool, { filters: { until: value } }, /^filters\.until is (null|empty): give at least one value/);
      sentinelsSurvive();
    });

    it("refuses list entries and map values without a value", async () => {
      await refused(tool, { filters: { label: [""] } }, "filters.label[0] must be a non-empty string");
      await refused(tool, { filters: { label: { [label]: false } } }, 'takes {"<value>": true} entries only');
      sentinelsSurvive();
    });

    it("refuses a misspelt filters argument instead of pruning without it", async () => {
      await refused(tool, { filter: { label: "app=none" } }, `Unknown argument 'filter' for ${tool}; known: filters`);
      sentinelsSurvive();
    });
  });

  it.each(EMPTY_SHAPES)("volume_prune refuses all as %s", async (_what, value) => {
    await refused("volume_prune", { filters: { all: value } }, /^filters\.all is (null|empty)/);
    sentinelsSurvive();
  });

  it.each(EMPTY_SHAPES)("image_prune refuses dangling as %s", async (_what, value) => {
    await refused("image_prune", { filters: { dangling: value } }, /^filters\.dangling is (null|empty)/);
    sentinelsSurvive();
  });

  describe("scoped to this run: the empty key must not be dropped from a filter that still matches", () => {
    it.each(EMPTY_SHAPES)("container_prune, network_prune and image_prune with until as %s", async (_what, value) => {
      for (const tool of ["container_prune", "network_prune", "image_prune"]) {
        await refused(tool, { filters: { label: [label], until: value } }, /^filters\.until is (null|empty)/);
      }
      sentinelsSurvive();
    });

    it.each(EMPTY_SHAPES)("image_prune with dangling as %s", async (_what, value) => {
      await refused("image_prune", { filters: { label: [label], dangling: value } }, /^filters\.dangling is/);
      sentinelsSurvive();
    });

    it.each(EMPTY_SHAPES)("volume_prune with label! as %s (anonymous, then all)", async (_what, value) => {
      await refused("volume_prune", { filters: { label: [label], "label!": value } }, /^filters\.label! is/);
      await refused("volume_prune", { filters: { label: [label], all: true, "label!": value } }, /^filters\.label! is/);
      sentinelsSurvive();
    });

    it("a second, misspelt filters argument is refused, not dropped", async () => {
      await refused(
        "container_prune",
        { filters: { label: [label] }, filter: { label: "app=none" } },
        "Unknown argument 'filter' for container_prune",
      );
      sentinelsSurvive();
    });
  });

  describe.each(LISTS)("%s", (tool) => {
    it.each(EMPTY_SHAPES)("refuses label as %s, with and without managed_only", async (_what, value) => {
      await refused(tool, { filters: { label: value } }, /^filters\.label is (null|empty)/);
      if (tool !== "image_list") {
        await refused(tool, { filters: { label: value }, managed_only: true }, /^filters\.label is (null|empty)/);
      }
    });

    it("still lists with a real filter", async () => {
      const result = await callTool(server.client, tool, { filters: { label: [label] } });
      expect(result.isError, result.text).toBe(false);
    });
  });

  it("system_events refuses an empty type filter before waiting for events", async () => {
    await refused("system_events", { filters: { type: null }, timeout_seconds: 5 }, /^filters\.type is null/);
    await refused("system_events", { filters: { type: [] }, timeout_seconds: 5 }, /^filters\.type is empty/);
  });

  it("list parameters that narrow are refused when empty, or when given twice", async () => {
    await refused("network_list", { names: [] }, "names has no usable value");
    await refused("network_list", { ids: [""] }, "ids has no usable value");
    await refused("image_list", { repository: "" }, "repository is empty");
    await refused("image_list", { repository: "busybox", filters: { reference: "x" } }, "not both");
    await refused("container_list", { since: " " }, "since is empty");
    await refused("container_list", { since: "a", filters: { since: "b" } }, "Give since once");
  });

  it("container_list with managed_only keeps the caller's label filter (never wider)", async () => {
    const rows = JSON.parse(
      (await callTool(server.client, "container_list", { all: true, filters: { label: [label] }, managed_only: true }))
        .text,
    ) as unknown[];
    // The sentinel carries the run label but was not made by the server: the managed label narrows it out.
    expect(rows).toEqual([]);
    const unmanaged = JSON.parse(
      (await callTool(server.client, "container_list", { all: true, filters: { label: { [label]: true } } })).text,
    ) as Array<{ names: string[] }>;
    expect(unmanaged.map((row) => row.names[0])).toEqual([`${name}-sentinel`]);
  });
});
