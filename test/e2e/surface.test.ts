// The bundle spawned over stdio under each configuration the README promises; what registers and what is refused.

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { toolInventory } from "../../src/server/inventory.js";
import { ALL_DOMAINS } from "../../src/tools/index.js";
import { BUNDLE, baseEnv, callTool, spawnServer } from "../support/mcp-client.js";
import { SPEC_CATEGORIES } from "../support/spec-categories.js";
import { tb } from "../support/testbed.js";

const run = promisify(execFile);

const defined = toolInventory(ALL_DOMAINS).map((spec) => spec.name);
const ofCategory = (category: string) => defined.filter((name) => SPEC_CATEGORIES[name]?.category === category);

async function listTools(env: Record<string, string>) {
  const server = await spawnServer(env);
  try {
    const { tools } = await server.client.listTools();
    const resources = await server.client.listResources();
    return {
      tools,
      resources: resources.resources,
      instructions: server.client.getInstructions() ?? "",
      stderr: server.stderr(),
    };
  } finally {
    await server.close();
  }
}

describe("tools/list under each configuration", () => {
  it("default: every defined tool, no host parameter, annotations from the category", async () => {
    const { tools, resources, instructions } = await listTools({
      DOCKER_MCP_SERVER_HOSTS: `local=${tb("ENGINE_A_HOST")}`,
    });
    expect(tools.map((t) => t.name).sort()).toEqual([...defined].sort());
    for (const tool of tools) {
      expect(Object.keys(tool.inputSchema.properties ?? {})).not.toContain("host");
      const category = SPEC_CATEGORIES[tool.name]?.category;
      // Read with the protocol's defaults (readOnlyHint false, destructiveHint true and moot when read-only).
      const readOnly = tool.annotations?.readOnlyHint ?? false;
      expect(readOnly, tool.name).toBe(category === "read_only");
      expect(!readOnly && (tool.annotations?.destructiveHint ?? true), tool.name).toBe(category === "destructive");
    }
    expect(resources.map((r) => r.uri)).toEqual(
      expect.arrayContaining(["docker-mcp://tool-catalog", "docker-mcp://hosts"]),
    );
    expect(instructions).toContain("- system — ");
  });

  it("results carry structured output beside the text", async () => {
    const server = await spawnServer({ DOCKER_MCP_SERVER_HOSTS: `local=${tb("ENGINE_A_HOST")}` });
    try {
      const result = (await server.client.callTool({ name: "host_list", arguments: {} })) as {
        content: Array<{ text: string }>;
        structuredContent?: { result: unknown };
      };
      expect(result.structuredContent?.result).toEqual(JSON.parse(result.content[0]?.text ?? "null"));
    } finally {
      await server.close();
    }
  });

  it("READONLY: only read-only tools", async () => {
    const { tools } = await listTools({ DOCKER_MCP_SERVER_READONLY: "1" });
    expect(tools.map((t) => t.name).sort()).toEqual(ofCategory("read_only").sort());
  });

  it("NO_DESTRUCTIVE: everything but destructive tools", async () => {
    const { tools } = await listTools({ DOCKER_MCP_SERVER_NO_DESTRUCTIVE: "true" });
    expect(tools.map((t) => t.name).sort()).toEqual(
      defined.filter((n) => SPEC_CATEGORIES[n]?.category !== "destructive").sort(),
    );
  });

  it("the deprecated DOCKER_MCP_READONLY still works, with a notice on stderr", async () => {
    const { tools, stderr } = await listTools({ DOCKER_MCP_READONLY: "1" });
    expect(tools.map((t) => t.name).sort()).toEqual(ofCategory("read_only").sort());
    expect(stderr).toContain("DOCKER_MCP_READONLY is deprecated");
  });

  it("DISABLE: the domain's tools and router line vanish; the catalog says why", async () => {
    const server = await spawnServer({ DOCKER_MCP_SERVER_DISABLE: "System, bogus" });
    try {
      const { tools } = await server.client.listTools();
      expect(tools.some((t) => t.name.startsWith("system_") || t.name === "host_list")).toBe(false);
      expect(server.client.getInstructions()).not.toContain("- system — ");
      const catalog = JSON.parse(
        ((await server.client.readResource({ uri: "docker-mcp://tool-catalog" })).contents[0] as { text: string }).text,
      );
      expect(catalog.switches.DOCKER_MCP_SERVER_DISABLE).toEqual(["bogus", "system"]);
      expect(catalog.unknown_disabled_domains).toEqual(["bogus"]);
      expect(catalog.tools.find((t: { name: string }) => t.name === "system_ping").registered).toBe(false);
      const call = await callTool(server.client, "system_ping");
      expect(call.isError).toBe(true);
      expect(call.text).toContain("Unknown tool");
    } finally {
      await server.close();
    }
  });

  it("two hosts, one (ro): host is a plain string (labels in the instructions), required for writes, and the guard refuses", async () => {
    const hosts = `a=${tb("ENGINE_A_HOST")},b=${tb("ENGINE_B_HOST")}(ro)`;
    const server = await spawnServer({ DOCKER_MCP_SERVER_HOSTS: hosts });
    try {
      const { tools } = await server.client.listTools();
      const byName = new Map(tools.map((t) => [t.name, t]));
      const info = byName.get("system_info");
      // The labels are said once (instructions, docker-mcp://hosts), not in every tool's schema.
      expect((info?.inputSchema.properties as Record<string, unknown> | undefined)?.host).toEqual({ type: "string" });
      expect(info?.inputSchema.required ?? []).not.toContain("host");
      expect(byName.get("system_reconnect")?.inputSchema.required ?? []).not.toContain("host");
      expect(Object.keys(byName.get("host_list")?.inputSchema.properties ?? {})).not.toContain("host");
      expect(Object.keys(byName.get("context_use")?.inputSchema.properties ?? {})).not.toContain("host");
      expect(byName.get("compose_up")?.inputSchema.required).toContain("host");
      for (const tool of tools) {
        const category = SPEC_CATEGORIES[tool.name]?.category;
        const control = ["system_close", "system_reconnect", "system_login", "system_logout"].includes(tool.name);
        // host_list and the context_* tools never take `host`.
        const hostless = tool.name === "host_list" || tool.name.startsWith("context_");
        if (category !== "read_only" && !control && !hostless) expect(tool.inputSchema.required).toContain("host");
      }
      expect(server.client.getInstructions()).toContain("Multiple hosts are configured: a, b");
      // The preflight summary names the default host and the lazy others (it never delays serving).
      for (let i = 0; i < 50 && !server.stderr().includes("connected to default host"); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(server.stderr()).toContain("connected to default host 'a'");
      expect(server.stderr()).toContain("other hosts (lazy): b (ro)");
      // Reads: default host when omitted, any host when named.
      expect(JSON.parse((await callTool(server.client, "system_version", { fields: ["Version"] })).text)).toEqual({
        Version: tb("ENGINE_A_VERSION"),
      });
      expect(
        JSON.parse((await callTool(server.client, "system_version", { host: "b", fields: ["Version"] })).text),
      ).toEqual({
        Version: tb("ENGINE_B_VERSION"),
      });
      const unknown = await callTool(server.client, "system_ping", { host: "zz" });
      expect(unknown.isError).toBe(true);
      expect(unknown.text).toContain("unknown host 'zz'; configured hosts: ['a', 'b']");
      // Connection control is allowed on a (ro) host, but still checks labels.
      expect((await callTool(server.client, "system_reconnect", { host: "b" })).isError).toBe(false);
      expect((await callTool(server.client, "system_close", { host: "zz" })).text).toContain("unknown host 'zz'");
      const hostsDoc = JSON.parse(
        ((await server.client.readResource({ uri: "docker-mcp://hosts" })).contents[0] as { text: string }).text,
      );
      expect(hostsDoc.map((h: { name: string; read_only: boolean }) => [h.name, h.read_only])).toEqual([
        ["a", false],
        ["b", true],
      ]);
      // Writes other than connection control: must name a host, and (ro) refuses before any daemon contact.
      const unnamed = await callTool(server.client, "container_stop", { id_or_name: "anything" });
      expect(unnamed.isError).toBe(true);
      expect(unnamed.text).toContain("'host' is required when multiple hosts are configured");
      const readOnly = await callTool(server.client, "container_stop", { id_or_name: "anything", host: "b" });
      expect(readOnly.isError).toBe(true);
      expect(readOnly.text).toContain("host 'b' is read-only");
      const writable = await callTool(server.client, "container_stop", {
        id_or_name: "dmcp-no-such-container",
        host: "a",
      });
      expect(writable.isError).toBe(true);
      expect(writable.text).not.toContain("read-only");
    } finally {
      await server.close();
    }
  });
});

describe("process behaviour", () => {
  it("--version prints the version and exits 0 even with a malformed HOSTS value", async () => {
    const { stdout } = await run(process.execPath, [BUNDLE, "--version"], {
      env: baseEnv({ DOCKER_MCP_SERVER_HOSTS: "a=bogus://x" }),
    });
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("a malformed HOSTS value exits 1 naming the bad part, with nothing on stdout", async () => {
    const failure = await run(process.execPath, [BUNDLE], {
      env: baseEnv({ DOCKER_MCP_SERVER_HOSTS: "a=unix:///x,a=unix:///y" }),
    }).catch((err: { code: number; stdout: string; stderr: string }) => err);
    expect((failure as { code: number }).code).toBe(1);
    expect((failure as { stdout: string }).stdout).toBe("");
    expect((failure as { stderr: string }).stderr).toContain(
      "invalid DOCKER_MCP_SERVER_HOSTS — duplicate host label 'a'",
    );
  });

  it("an unreachable daemon gives a hint on stderr and the server still serves", async () => {
    const server = await spawnServer({ DOCKER_HOST: "unix:///nonexistent/docker.sock" });
    try {
      const ping = await callTool(server.client, "system_ping");
      expect(ping.isError).toBe(true);
      expect(ping.text).toContain("Cannot reach the Docker daemon for host 'default'");
      await new Promise((r) => setTimeout(r, 300));
      expect(server.stderr()).toContain("could not reach the Docker daemon");
      expect((await callTool(server.client, "host_list")).isError).toBe(false);
    } finally {
      await server.close();
    }
  });

  it("doctor reports each host and the CLI plugins", async () => {
    const result = await run(process.execPath, [BUNDLE, "doctor"], {
      env: baseEnv({ DOCKER_MCP_SERVER_HOSTS: `a=${tb("ENGINE_A_HOST")},b=${tb("ENGINE_B_HOST")}` }),
    });
    expect(result.stdout).toContain(`ok   host 'a'`);
    expect(result.stdout).toContain(`Engine ${tb("ENGINE_B_VERSION")}`);
    expect(result.stdout).toMatch(/ok {3}plugin compose/);
    expect(result.stdout).toMatch(/ok {3}plugin buildx/);
    expect(result.stdout).toMatch(/MISS plugin scout: not installed\n {5}fix: /);
  });

  it("doctor exits 1 and says how to fix an unreachable host", async () => {
    const failure = await run(process.execPath, [BUNDLE, "doctor"], {
      env: baseEnv({ DOCKER_HOST: "unix:///nonexistent/docker.sock", DOCKER_MCP_SERVER_IN_CONTAINER: "0" }),
    }).catch((err: { code: number; stdout: string }) => err);
    expect((failure as { code: number }).code).toBe(1);
    expect((failure as { stdout: string }).stdout).toContain("There is no socket at /nonexistent/docker.sock");
    expect((failure as { stdout: string }).stdout).toContain("sudo systemctl start docker");
  });

  it("the MCP inspector CLI (an outside client) lists the tools", async () => {
    const { stdout } = await run(
      process.execPath,
      [
        "node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js",
        "--cli",
        process.execPath,
        BUNDLE,
        "--method",
        "tools/list",
      ],
      { env: baseEnv({ DOCKER_MCP_SERVER_HOSTS: `a=${tb("ENGINE_A_HOST")}` }), timeout: 60_000 },
    );
    const names = (JSON.parse(stdout) as { tools: Array<{ name: string }> }).tools.map((t) => t.name);
    expect(names.sort()).toEqual([...defined].sort());
  });
});
