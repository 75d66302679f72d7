// The npm channel: `npm pack` → install the tarball into an empty directory → `npx docker-mcp-server` with zero
// configuration (a fresh HOME, only PATH), driven over stdio by the MCP Inspector's CLI.

import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const INSPECTOR = resolve(ROOT, "node_modules/.bin/mcp-inspector");
const pkg = JSON.parse(readFileSync(resolve(ROOT, "package.json"), "utf8")) as { name: string; version: string };

let work: string;
let app: string;
let home: string;
let tarball: { filename: string; size: number; files: Array<{ path: string }> };

/** Only PATH and a fresh HOME: no DOCKER_*, no config, as on a first run. */
const firstRunEnv = () => ({ PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home });

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "dmcp-npm-"));
  app = join(work, "app");
  home = join(work, "home");
  mkdirSync(app);
  mkdirSync(home);
  // The suite runs after `npm run build`; --ignore-scripts keeps prepack from rebuilding the bundle under other tests.
  const packed = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], { cwd: ROOT });
  tarball = (JSON.parse(packed.stdout) as (typeof tarball)[])[0] as typeof tarball;
  await run("npm", ["install", "--no-audit", "--no-fund", join(work, tarball.filename)], {
    cwd: app,
    env: firstRunEnv(),
    timeout: 120_000,
  });
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

async function inspector(...args: string[]): Promise<unknown> {
  const { stdout } = await run(INSPECTOR, ["--cli", "npx", "--no-install", pkg.name, ...args], {
    cwd: app,
    env: firstRunEnv(),
    timeout: 60_000,
  });
  return JSON.parse(stdout);
}

describe("npm package", () => {
  it("holds only what runs: the bundle (entry and chunks), package.json, the README and the licence, under 2 MB packed", () => {
    const paths = tarball.files.map((file) => file.path);
    const chunks = paths.filter((path) => /^dist\/chunks\/[\w-]+\.mjs$/.test(path));
    expect(chunks.length).toBeGreaterThan(0);
    expect(paths.filter((path) => !chunks.includes(path)).sort()).toEqual(
      ["LICENSE", "README.md", "dist/docker-mcp-server.mjs", "package.json"].sort(),
    );
    expect(tarball.size).toBeLessThan(2 * 1024 * 1024);
  });

  it("installs with no runtime dependencies", () => {
    const installed = JSON.parse(readFileSync(join(app, "node_modules", pkg.name, "package.json"), "utf8")) as Record<
      string,
      unknown
    >;
    for (const key of ["dependencies", "optionalDependencies", "peerDependencies", "bundleDependencies"]) {
      expect(installed[key], key).toBeUndefined();
    }
    expect(readdirSync(join(app, "node_modules")).filter((name) => !name.startsWith("."))).toEqual([pkg.name]);
  });

  it("runs with npx and zero configuration", async () => {
    const { stdout } = await run("npx", ["--no-install", pkg.name, "--version"], { cwd: app, env: firstRunEnv() });
    expect(stdout.trim()).toBe(pkg.version);
  });

  it("answers the MCP Inspector CLI: tools/list and system_ping on the daemon it found by itself", async () => {
    const list = (await inspector("--method", "tools/list")) as { tools: Array<{ name: string }> };
    const names = list.tools.map((tool) => tool.name);
    expect(names).toContain("system_ping");
    expect(names.length).toBeGreaterThan(100);
    const ping = (await inspector("--method", "tools/call", "--tool-name", "system_ping")) as {
      content: Array<{ text: string }>;
      isError?: boolean;
    };
    expect(ping.isError ?? false).toBe(false);
    expect(ping.content[0]?.text).toBe("true");
  }, 120_000);
});
