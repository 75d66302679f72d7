// The networks domain against both real engines: create with IPAM and labels, connect two containers with an alias
// and a static IP, resolve each other by name, refused removal while attached, disconnect, list, label-scoped prune.

import { beforeAll, describe, expect, it } from "vitest";
import { docker } from "../support/docker-cli.js";
import { ENGINES, engineSuite } from "../support/images.js";
import { callJson, callTool } from "../support/mcp-client.js";

// Distinct private ranges per engine and run, away from the engines' default pools (172.17/16, 172.31/16).
function subnetFor(label: string): { subnet: string; gateway: string; ip: string } {
  const third = Math.floor(Math.random() * 200) + 20;
  const second = label === "a" ? 77 : 78;
  return { subnet: `10.${second}.${third}.0/24`, gateway: `10.${second}.${third}.1`, ip: `10.${second}.${third}.50` };
}

describe.each(ENGINES)("network tools on engine $label", (engine) => {
  const suite = engineSuite(engine);
  const { id, label } = suite;
  const name = `dmcp-it-networks-${id}`;
  const c1 = `${name}-one`;
  const c2 = `${name}-two`;
  const net = subnetFor(engine.label);

  beforeAll(() => {
    for (const container of [c1, c2]) {
      docker(engine.host(), ["run", "-d", "--name", container, "--label", label, "busybox:local", "sleep", "600"]);
    }
  });

  it("creates a labelled network with a subnet and gateway", async () => {
    const created = await callJson<{ id: string; name: string; driver: string; subnets: string[] }>(
      suite.server.client,
      "network_create",
      { name, subnet: net.subnet, gateway: net.gateway, attachable: true, labels: { "dmcp.test": id } },
    );
    expect(created).toMatchObject({ name, driver: "bridge", subnets: [net.subnet] });
    const doc = await callJson<Record<string, unknown>>(suite.server.client, "network_inspect", {
      id_or_name: name,
      fields: ["Labels", "IPAM.Config", "Attachable"],
    });
    expect(doc.Labels).toMatchObject({
      "dmcp.test": id,
      "docker-mcp-server.managed": "true",
      "docker-mcp-server.tool": "network_create",
    });
    expect(doc["IPAM.Config"]).toEqual([expect.objectContaining({ Subnet: net.subnet, Gateway: net.gateway })]);
    expect(doc.Attachable).toBe(true);
  });

  it("connects two containers (alias, static IP) that then resolve each other by name", async () => {
    expect(
      await callJson(suite.server.client, "network_connect", {
        id_or_name: name,
        container: c1,
        aliases: [`alias-${id}`],
      }),
    ).toMatchObject({ connected: c1, network: name });
    await callJson(suite.server.client, "network_connect", { id_or_name: name, container: c2, ipv4_address: net.ip });
    const doc = await callJson<{ Containers: Record<string, { Name: string; IPv4Address: string }> }>(
      suite.server.client,
      "network_inspect",
      { id_or_name: name, fields: ["Containers"] },
    );
    const attached = Object.values(doc.Containers);
    expect(attached.map((endpoint) => endpoint.Name).sort()).toEqual([c1, c2].sort());
    expect(attached.find((endpoint) => endpoint.Name === c2)?.IPv4Address).toBe(`${net.ip}/24`);
    // Docker's embedded DNS answers on a user network: the container name gives the static IP, the alias the other.
    // (Name resolution, not ICMP: engine B's test-bed bridge drops container-to-container pings.)
    expect(docker(engine.host(), ["exec", c1, "nslookup", c2])).toMatch(
      new RegExp(`Address:\\s*${net.ip.replaceAll(".", "\\.")}\\b`),
    );
    const c1Ip = attached.find((endpoint) => endpoint.Name === c1)?.IPv4Address.split("/")[0] ?? "missing";
    expect(docker(engine.host(), ["exec", c2, "nslookup", `alias-${id}`])).toContain(`Address: ${c1Ip}`);
  });

  it("refuses to remove the network while containers are attached, and nothing changes", async () => {
    const result = await callTool(suite.server.client, "network_remove", { id_or_name: name });
    expect(result.isError).toBe(true);
    expect(result.text).toContain("still has containers attached");
    expect(result.text).toContain("network_disconnect");
    expect(docker(engine.host(), ["network", "inspect", "--format", "{{.Name}}", name])).toBe(name);
  });

  it("lists it with managed_only and label filters, compactly", async () => {
    const managed = await callJson<Array<{ name: string; labels?: Record<string, string> }>>(
      suite.server.client,
      "network_list",
      { managed_only: true, filters: { label: label } },
    );
    expect(managed.map((row) => row.name)).toEqual([name]);
    expect(managed[0]?.labels?.["dmcp.test"]).toBe(id);
    const byName = await callJson<Array<{ name: string; labels?: unknown }>>(suite.server.client, "network_list", {
      names: [name],
    });
    expect(byName).toEqual([expect.objectContaining({ name, driver: "bridge" })]);
    expect(byName[0]?.labels).toBeUndefined();
    const detailed = await callJson<Array<{ Name: string; Containers: Record<string, unknown> }>>(
      suite.server.client,
      "network_list",
      { names: [name], detail: true },
    );
    expect(Object.keys(detailed[0]?.Containers ?? {})).toHaveLength(2);
  });

  it("disconnects, then prunes only this run's unused networks", async () => {
    for (const container of [c1, c2]) {
      expect(await callJson(suite.server.client, "network_disconnect", { id_or_name: name, container })).toEqual({
        disconnected: container,
        network: name,
      });
    }
    const pruned = await callJson<{ deleted: string[] }>(suite.server.client, "network_prune", { filters: { label } });
    expect(pruned.deleted).toEqual([name]);
    const gone = await callTool(suite.server.client, "network_inspect", { id_or_name: name });
    expect(gone.isError).toBe(true);
    expect(gone.text).toContain(`No such network '${name}'`);
  });

  it("never puts a name with '/' or '.'/'..' into a request path; such a network is reachable by id", async () => {
    const slashed = `${name}/slash`;
    const slashedId = docker(engine.host(), ["network", "create", "--label", label, slashed]);
    for (const crafted of [slashed, "..", ".", "a//b", "x/../../containers/json", "//evil.invalid/x"]) {
      for (const [tool, extra] of [
        ["network_inspect", {}],
        ["network_remove", {}],
        ["network_connect", { container: c1 }],
        ["network_disconnect", { container: c1 }],
      ] as const) {
        const result = await callTool(suite.server.client, tool, { id_or_name: crafted, ...extra });
        expect(result.isError, `${tool} ${crafted}`).toBe(true);
        expect(result.text).toContain("cannot be addressed by name");
        expect(result.text).toContain("Pass its id instead");
      }
    }
    // The server survived all of that, and the slashed network is still there and usable through its id.
    const rows = await callJson<Array<{ id: string }>>(suite.server.client, "network_list", { names: [slashed] });
    expect(rows.map((row) => row.id)).toEqual([slashedId]);
    expect(await callJson(suite.server.client, "network_remove", { id_or_name: slashedId })).toEqual({
      removed: slashedId,
    });
  });

  it("bad input: clear errors, nothing created", async () => {
    const noSubnet = await callTool(suite.server.client, "network_create", {
      name: `${name}-bad`,
      gateway: "10.1.1.1",
    });
    expect(noSubnet.text).toContain("gateway needs subnet");
    const badSubnet = await callTool(suite.server.client, "network_create", {
      name: `${name}-bad`,
      subnet: "not-a-cidr",
    });
    expect(badSubnet.isError).toBe(true);
    expect(() => docker(engine.host(), ["network", "inspect", `${name}-bad`])).toThrow();
    const builtin = await callTool(suite.server.client, "network_remove", { id_or_name: "none" });
    expect(builtin.isError).toBe(true);
    expect(builtin.text).toMatch(/pre-defined/);
    const unknown = await callTool(suite.server.client, "network_connect", {
      id_or_name: `${name}-missing`,
      container: c1,
    });
    expect(unknown.text).toContain(`No such network '${name}-missing'`);
  });
});
