// The volumes domain against both real engines: create with labels, mount and write, refused removal while in use,
// list filters, and label-scoped prune with the same "anonymous only unless all" result on API 1.41 and 1.45.

import { describe, expect, it } from "vitest";
import { docker } from "../support/docker-cli.js";
import { ENGINES, engineSuite, objectExists } from "../support/images.js";
import { callJson, callTool } from "../support/mcp-client.js";

const volumeExists = (host: string, name: string) => objectExists(host, "volume", name);

describe.each(ENGINES)("volume tools on engine $label", (engine) => {
  const suite = engineSuite(engine);
  const { id, label } = suite;
  const name = `dmcp-it-volumes-${id}`;
  const writer = `${name}-writer`;

  it("creates a labelled volume, mounts it and keeps what a container wrote", async () => {
    const created = await callJson<{ name: string; driver: string; mountpoint: string }>(
      suite.server.client,
      "volume_create",
      { name, labels: { "dmcp.test": id } },
    );
    expect(created).toMatchObject({ name, driver: "local" });
    expect(created.mountpoint).toContain(name);
    const labels = await callJson<{ Labels: Record<string, string> }>(suite.server.client, "volume_inspect", {
      name,
      fields: ["Labels"],
    });
    expect(labels.Labels).toMatchObject({ "dmcp.test": id, "docker-mcp-server.tool": "volume_create" });
    docker(engine.host(), [
      "run",
      "-d",
      "--name",
      writer,
      "--label",
      label,
      "-v",
      `${name}:/data`,
      "busybox:local",
      "sh",
      "-c",
      `echo kept-${id} > /data/file && sleep 600`,
    ]);
    const read = () =>
      docker(engine.host(), [
        "run",
        "--rm",
        "--label",
        label,
        "-v",
        `${name}:/data:ro`,
        "busybox:local",
        "cat",
        "/data/file",
      ]);
    let content = "";
    for (let attempt = 0; attempt < 20 && content !== `kept-${id}`; attempt++) {
      try {
        content = read();
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    expect(content).toBe(`kept-${id}`);
  });

  it("refuses removal while a container uses the volume, and the data stays", async () => {
    for (const force of [false, true]) {
      const result = await callTool(suite.server.client, "volume_remove", { name, force });
      expect(result.isError).toBe(true);
      expect(result.text).toContain(`Volume '${name}' is in use`);
    }
    expect(volumeExists(engine.host(), name)).toBe(true);
    const dangling = await callJson<Array<{ name: string }>>(suite.server.client, "volume_list", {
      filters: { dangling: true, label },
    });
    expect(dangling.map((row) => row.name)).not.toContain(name);
    docker(engine.host(), ["rm", "-f", writer]);
    expect(await callJson(suite.server.client, "volume_remove", { name })).toEqual({ removed: name });
    expect(volumeExists(engine.host(), name)).toBe(false);
  });

  it("prunes only unused anonymous volumes unless all=true, on either API version", async () => {
    const named = await callJson<{ name: string }>(suite.server.client, "volume_create", {
      name: `${name}-named`,
      labels: { "dmcp.test": id },
    });
    const anonymous = await callJson<{ name: string }>(suite.server.client, "volume_create", {
      labels: { "dmcp.test": id },
    });
    expect(anonymous.name).toMatch(/^[0-9a-f]{64}$/);
    const rows = await callJson<Array<{ name: string; anonymous?: boolean; labels?: unknown }>>(
      suite.server.client,
      "volume_list",
      { managed_only: true, filters: { label } },
    );
    expect(rows.map((row) => row.name).sort()).toEqual([anonymous.name, named.name].sort());
    expect(rows.find((row) => row.name === anonymous.name)?.anonymous).toBe(true);
    expect(rows.every((row) => row.labels !== undefined)).toBe(true);
    // managed_only also merges into a label filter given in the Engine's own map form.
    const mapForm = { label: { [label]: true } };
    const viaMap = await callJson<Array<{ name: string }>>(suite.server.client, "volume_list", {
      managed_only: true,
      filters: mapForm,
    });
    expect(viaMap.map((row) => row.name).sort()).toEqual([anonymous.name, named.name].sort());

    const first = await callJson<{ deleted: string[]; scope: string; api_version: string; note?: string }>(
      suite.server.client,
      "volume_prune",
      { filters: { label } },
    );
    expect(first.deleted).toEqual([anonymous.name]);
    expect(first.scope).toBe("unused anonymous volumes");
    expect(first.api_version).toBe(engine.api());
    // API 1.41 would also prune named volumes; the tool says how it kept the same semantics there.
    if (engine.api() === "1.41") expect(first.note).toContain("one by one");
    expect(volumeExists(engine.host(), named.name)).toBe(true);

    const all = await callJson<{ deleted: string[]; scope: string }>(suite.server.client, "volume_prune", {
      filters: { label, all: true },
    });
    expect(all.deleted).toEqual([named.name]);
    expect(all.scope).toBe("all unused volumes");
    expect(volumeExists(engine.host(), named.name)).toBe(false);
  });

  it("refuses path-crafted names before the daemon sees them, and keeps serving", async () => {
    for (const crafted of ["..", ".", "a/b", "x/../../containers/json", "//evil.invalid/x"]) {
      for (const tool of ["volume_inspect", "volume_remove"]) {
        const result = await callTool(suite.server.client, tool, { name: crafted });
        expect(result.isError, `${tool} ${crafted}`).toBe(true);
        expect(result.text).toContain("cannot be addressed by name");
      }
    }
    expect(await callJson(suite.server.client, "volume_list", { filters: { label } })).toBeInstanceOf(Array);
  });

  it("bad input: unknown volume, and nothing created", async () => {
    const missing = await callTool(suite.server.client, "volume_inspect", { name: `${name}-missing` });
    expect(missing.isError).toBe(true);
    expect(missing.text).toContain(`No such volume '${name}-missing'`);
    const remove = await callTool(suite.server.client, "volume_remove", { name: `${name}-missing` });
    expect(remove.text).toContain("No such volume");
    const badDriver = await callTool(suite.server.client, "volume_create", {
      name: `${name}-bad`,
      driver: `no-such-driver-${id}`,
    });
    expect(badDriver.isError).toBe(true);
    expect(volumeExists(engine.host(), `${name}-bad`)).toBe(false);
  });
});
