// The Claude Desktop bundle: built by scripts/release/mcpb.ts, unpacked and validated by the mcpb CLI, then started
// from the unpacked directory the way Claude Desktop starts it (the manifest's command and args with ${__dirname}
// filled in, its env with the user's settings) and driven over stdio.

import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildMcpb, MANIFEST_VERSION, MCPB_CLI } from "../../scripts/release/mcpb.js";
import { readPackageJson } from "../../scripts/release/server-json.js";
import { callTool } from "../support/mcp-client.js";
import { tb } from "../support/testbed.js";

const run = promisify(execFile);
const mcpb = (...args: string[]) => run("npx", ["-y", MCPB_CLI, ...args], { timeout: 300_000 });

interface Manifest {
  manifest_version: string;
  version: string;
  server: { mcp_config: { command: string; args: string[]; env: Record<string, string> } };
  user_config: Record<string, { type: string; default?: unknown }>;
}

let work: string;
let unpacked: string;
let manifest: Manifest;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "dmcp-mcpb-test-"));
  const file = await buildMcpb(join(work, "docker-mcp-server.mcpb"));
  unpacked = join(work, "unpacked");
  await mcpb("unpack", file, unpacked);
  manifest = JSON.parse(readFileSync(join(unpacked, "manifest.json"), "utf8")) as Manifest;
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** What Claude Desktop does with a manifest: fill ${__dirname} and ${user_config.*}; unset settings stay as written. */
function fill(text: string, settings: Record<string, string>): string {
  return text.replace(/\$\{(__dirname|user_config\.([a-z_]+))\}/g, (whole, name: string, key?: string) => {
    if (name === "__dirname") return unpacked;
    return key !== undefined && key in settings ? (settings[key] as string) : whole;
  });
}

describe(".mcpb bundle", () => {
  it("passes the mcpb CLI's validation, with the manifest version it packs and package.json's version", async () => {
    const { stdout } = await mcpb("validate", join(unpacked, "manifest.json"));
    expect(stdout).toMatch(/valid/i);
    expect(manifest.manifest_version).toBe(MANIFEST_VERSION);
    expect(manifest.version).toBe(readPackageJson().version);
    expect(Object.keys(manifest.user_config).sort()).toEqual([
      "disabled_domains",
      "hosts",
      "no_destructive",
      "read_only",
    ]);
  });

  it("starts from the unpacked bundle as Claude Desktop does and applies the user's settings", async () => {
    const settings = { hosts: `local=${tb("ENGINE_A_HOST")}`, read_only: "true", no_destructive: "false" };
    const { command, args, env } = manifest.server.mcp_config;
    const transport = new StdioClientTransport({
      command: command === "node" ? process.execPath : command,
      args: args.map((arg) => fill(arg, settings)),
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: process.env.HOME ?? "/root",
        // disabled_domains is left unset: Claude Desktop may pass its placeholder through unfilled.
        ...Object.fromEntries(Object.entries(env).map(([name, value]) => [name, fill(value, settings)])),
      },
      stderr: "pipe",
    });
    const client = new Client({ name: "docker-mcp-server-mcpb-tests", version: "0.0.0" });
    await client.connect(transport);
    try {
      const ping = await callTool(client, "system_ping");
      expect(ping).toEqual({ isError: false, text: "true" });
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names).toContain("container_list");
      expect(names).not.toContain("container_remove");
      expect(names).toContain("swarm_inspect");
    } finally {
      await client.close();
    }
  }, 60_000);
});
