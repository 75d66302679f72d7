// context_* with the real docker CLI in a private Docker config dir (never the user's ~/.docker): create, list,
// inspect, use, remove, the guards, and the rule that context_use moves only the CLI's default, never the daemon the
// server pinned at start-up.

import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  contextCreate,
  contextInspect,
  contextList,
  contextRemove,
  contextUse,
} from "../../src/tools/context/index.js";
import { cliConfig } from "../support/cli.js";
import { runId } from "../support/docker-cli.js";
import { tb } from "../support/testbed.js";
import { call, failure, type Handler, toolContext } from "../support/tool-context.js";

interface Row {
  name: string;
  current: boolean;
  endpoint: string;
  description?: string;
}

describe("contexts in a private Docker config", () => {
  const dockerConfig = mkdtempSync(join(tmpdir(), "dmcp-contexts-"));
  const name = `dmcp-ctx-${runId()}`;
  // Legacy single host, no DOCKER_HOST: the server resolves (and pins) engine A's socket at start-up.
  const config = cliConfig({ PATH: "/usr/local/bin:/usr/bin:/bin", HOME: "/nonexistent", DOCKER_CONFIG: dockerConfig });
  const ctx = toolContext(config);

  it("the server's host is engine A's socket", () => {
    expect(config.hosts.entries[0]?.url).toBe(tb("ENGINE_A_HOST"));
  });

  it("create, list, inspect", async () => {
    const created = await call<{ exit_code: number }>(
      contextCreate,
      { name, docker_host: tb("ENGINE_B_HOST"), description: "engine B for the tests" },
      ctx,
    );
    expect(created.exit_code, JSON.stringify(created)).toBe(0);
    const rows = await call<Row[]>(contextList, {}, ctx);
    expect(rows.find((row) => row.name === name)).toEqual({
      name,
      current: false,
      endpoint: tb("ENGINE_B_HOST"),
      description: "engine B for the tests",
    });
    expect(rows.find((row) => row.name === "default")?.current).toBe(true);
    const doc = await call<{ Name: string; Endpoints: { docker: { Host: string } } }>(contextInspect, { name }, ctx);
    expect(doc.Name).toBe(name);
    expect(doc.Endpoints.docker.Host).toBe(tb("ENGINE_B_HOST"));
    expect(await failure(contextInspect, { name: `${name}-missing` }, ctx)).toContain(
      "`docker context inspect` failed",
    );
  });

  it("use switches the CLI's default only: CLI calls of the server still reach the pinned daemon", async () => {
    const used = await call<{ exit_code: number }>(contextUse, { name }, ctx);
    expect(used.exit_code).toBe(0);
    expect(JSON.parse(readFileSync(join(dockerConfig, "config.json"), "utf8")).currentContext).toBe(name);
    expect((await call<Row[]>(contextList, {}, ctx)).find((row) => row.name === name)?.current).toBe(true);
    const version = await ctx.cli.run(["version", "--format", "{{.Server.Version}}"]);
    expect(version.stdout.trim()).toBe(tb("ENGINE_A_VERSION"));
  });

  it("remove refuses the current context without force, then removes it", async () => {
    const refused = await call<{ exit_code: number; output?: string }>(contextRemove, { name }, ctx);
    expect(refused.exit_code).not.toBe(0);
    expect(refused.output).toContain("in use");
    const removed = await call<{ exit_code: number }>(contextRemove, { name, force: true }, ctx);
    expect(removed.exit_code).toBe(0);
    expect((await call<Row[]>(contextList, {}, ctx)).map((row) => row.name)).toEqual(["default"]);
  });

  it("refuses flag-like names and comma injection into the endpoint before running anything", async () => {
    // A flag-looking name fails the context-name rule before it could reach the CLI (the flag guard stays behind it).
    expect(await failure(contextCreate, { name: "--help", docker_host: "tcp://x:2376" }, ctx)).toContain(
      "is not a context name",
    );
    const injected = await failure(
      contextCreate,
      { name: `${name}-evil`, docker_host: "tcp://x:2376,ca=/etc/shadow" },
      ctx,
    );
    expect(injected).toContain("comma");
    expect(
      await failure(contextCreate, { name: `${name}-evil`, docker_host: "tcp://x:2376", tls_key: "a,b" }, ctx),
    ).toContain("tls_key");
    for (const tool of [contextUse, contextRemove, contextInspect] as Handler[]) {
      expect(await failure(tool, { name: "-x" }, ctx)).toContain("is not a context name");
      expect(await failure(tool, { name: " " }, ctx)).toContain("is not a context name");
    }
    expect((await call<Row[]>(contextList, {}, ctx)).map((row) => row.name)).toEqual(["default"]);
    // Nothing was written outside the private config dir.
    expect(existsSync(join(dockerConfig, "contexts"))).toBe(true);
  });
});
