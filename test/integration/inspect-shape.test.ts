// The inspect tools' default answers against both real engines: null, empty and Engine-default fields left out
// (a plain busybox container's container_inspect fits in 2,800 bytes), `detail=true` the whole document,
// `fields` exact paths from it.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, runId } from "../support/docker-cli.js";
import { ENGINES } from "../support/engines.js";
import { callJson, callTool, type Spawned, spawnServer } from "../support/mcp-client.js";
import { tb } from "../support/testbed.js";

/** An empty member anywhere in a JSON text (a key whose value is null, "", [] or {}). */
const EMPTY_MEMBER = /":(null|""|\[\]|\{\})/;

describe.each(ENGINES)("inspect answers on engine $name", (engine) => {
  const id = runId();
  const name = `dmcp-shape-${id}`;
  let server: Spawned;

  beforeAll(async () => {
    docker(engine.host(), [
      "run",
      "-d",
      "--name",
      name,
      "--label",
      `dmcp.test=${id}`,
      tb("TESTBED_IMAGE"),
      "sleep",
      "300",
    ]);
    docker(engine.host(), ["network", "create", "--label", `dmcp.test=${id}`, name]);
    docker(engine.host(), ["volume", "create", "--label", `dmcp.test=${id}`, name]);
    server = await spawnServer({ DOCKER_MCP_SERVER_HOSTS: `${engine.label}=${engine.host()}` });
  });
  afterAll(async () => {
    await server?.close();
    for (const args of [
      ["rm", "-f", name],
      ["network", "rm", name],
      ["volume", "rm", name],
    ]) {
      try {
        docker(engine.host(), args);
      } catch {
        // already gone
      }
    }
  });

  it("container_inspect of a plain busybox container: ≤ 2,800 bytes, nothing empty, what matters kept", async () => {
    const shaped = await callTool(server.client, "container_inspect", { id_or_name: name });
    expect(shaped.isError, shaped.text).toBe(false);
    expect(Buffer.byteLength(shaped.text)).toBeLessThanOrEqual(2800);
    expect(shaped.text).not.toMatch(EMPTY_MEMBER);
    const doc = JSON.parse(shaped.text) as Record<string, Record<string, unknown>>;
    expect(doc.State).toMatchObject({ Status: "running", Running: true, ExitCode: 0 });
    expect(doc.Config).toMatchObject({ Cmd: ["sleep", "300"], Image: tb("TESTBED_IMAGE") });
    expect(doc.Config?.Labels).toEqual({ "dmcp.test": id });
    expect(doc.NetworkSettings?.Networks).toHaveProperty("bridge");
    for (const gone of ["MaskedPaths", "ShmSize", "CpuShares", "Paused", "FinishedAt", "ExecIDs"]) {
      expect(shaped.text).not.toContain(`"${gone}"`);
    }
  });

  it("container_inspect with detail=true is the Engine's whole document; fields pick from it", async () => {
    const whole = await callJson<Record<string, Record<string, unknown>>>(server.client, "container_inspect", {
      id_or_name: name,
      detail: true,
    });
    const raw = JSON.parse(docker(engine.host(), ["inspect", name]))[0] as Record<string, Record<string, unknown>>;
    expect(Object.keys(whole).sort()).toEqual(Object.keys(raw).sort());
    expect(whole.HostConfig?.MaskedPaths).toEqual(raw.HostConfig?.MaskedPaths);
    expect(whole.State?.Paused).toBe(false);
    expect(
      await callJson(server.client, "container_inspect", {
        id_or_name: name,
        fields: ["State.Paused", "HostConfig.ShmSize", "ExecIDs"],
      }),
    ).toEqual({ "State.Paused": false, "HostConfig.ShmSize": raw.HostConfig?.ShmSize, ExecIDs: null });
  });

  it("image, network and volume inspect leave out empty members; detail=true keeps them", async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ["image_inspect", { id_or_name: tb("TESTBED_IMAGE") }, "Id"],
      ["network_inspect", { id_or_name: name }, "IPAM"],
      ["volume_inspect", { name }, "Mountpoint"],
    ];
    for (const [tool, args, kept] of cases) {
      const shaped = await callTool(server.client, tool, args);
      const whole = await callTool(server.client, tool, { ...args, detail: true });
      expect(shaped.isError, `${tool}: ${shaped.text}`).toBe(false);
      expect(shaped.text, tool).not.toMatch(EMPTY_MEMBER);
      expect(whole.text, tool).toMatch(EMPTY_MEMBER);
      expect(shaped.text.length, tool).toBeLessThan(whole.text.length);
      expect(JSON.parse(shaped.text), tool).toHaveProperty(kept);
    }
    const network = await callJson<{ Labels: Record<string, string> }>(server.client, "network_inspect", {
      id_or_name: name,
    });
    expect(network.Labels).toEqual({ "dmcp.test": id });
  });
});
