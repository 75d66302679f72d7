// scout_* : Docker Scout cannot be installed on the test bed (no Docker Hub), so the missing-plugin path is tested with
// the real docker CLI, and argv and parsing with a stand-in `docker-scout` plugin under a private DOCKER_CONFIG that
// records its arguments and prints a fixed JSON document.

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  scoutCompare,
  scoutCves,
  scoutQuickview,
  scoutRecommendations,
  scoutSbom,
} from "../../src/tools/scout/index.js";
import { cliConfig, pluginConfigDir } from "../support/cli.js";
import { callTool, spawnServer } from "../support/mcp-client.js";
import { tb } from "../support/testbed.js";
import { call, failure, type Handler, toolContext } from "../support/tool-context.js";

const SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin";

const CVES = {
  image: "busybox:local",
  vulnerabilities: [
    { id: "CVE-2024-0001", severity: "HIGH", package: "pkg:generic/busybox@1.35.0", fixed_in: "1.36.1" },
  ],
};

describe("scout without the plugin", () => {
  it("every tool answers with the install hint; the catalog marks them unavailable; DISABLE drops them", async () => {
    const ctx = toolContext(
      cliConfig({ PATH: SYSTEM_PATH, HOME: "/root", DOCKER_CONFIG: mkdtempSync(join(tmpdir(), "dmcp-noscout-")) }),
    );
    for (const tool of [scoutCves, scoutQuickview, scoutRecommendations, scoutSbom] as Handler[]) {
      const message = await failure(tool, { image: "busybox:local" }, ctx);
      expect(message).toContain("Docker CLI plugin 'scout' is not installed");
      expect(message).toContain("Docker Desktop");
      expect(message).toContain("https://github.com/docker/scout-cli");
    }
    const server = await spawnServer({
      DOCKER_HOST: tb("ENGINE_A_HOST"),
      DOCKER_CONFIG: mkdtempSync(join(tmpdir(), "dmcp-noscout-")),
    });
    try {
      const listed = (await server.client.listTools()).tools.map((tool) => tool.name);
      expect(listed).toContain("scout_cves");
      const result = await callTool(server.client, "scout_quickview", { image: "busybox:local" });
      expect(result.isError).toBe(true);
      expect(result.text).toContain("Docker CLI plugin 'scout' is not installed");
      const catalog = JSON.parse(
        ((await server.client.readResource({ uri: "docker-mcp://tool-catalog" })).contents[0] as { text: string }).text,
      ) as { tools: Array<{ name: string; domain: string; unavailable?: string }> };
      const scout = catalog.tools.filter((tool) => tool.domain === "scout");
      expect(scout).toHaveLength(5);
      for (const tool of scout) expect(tool.unavailable).toContain("Docker CLI plugin 'scout' is not installed");
      // The real compose and buildx plugins are installed: not marked.
      expect(catalog.tools.find((tool) => tool.name === "compose_up")?.unavailable).toBeUndefined();
      expect(catalog.tools.find((tool) => tool.name === "buildx_build")?.unavailable).toBeUndefined();
    } finally {
      await server.close();
    }
    const trimmed = await spawnServer({ DOCKER_HOST: tb("ENGINE_A_HOST"), DOCKER_MCP_SERVER_DISABLE: "scout" });
    try {
      const listed = (await trimmed.client.listTools()).tools.map((tool) => tool.name);
      expect(listed.filter((name) => name.startsWith("scout_"))).toEqual([]);
    } finally {
      await trimmed.close();
    }
  });
});

describe("scout with a stand-in plugin", () => {
  const log = join(mkdtempSync(join(tmpdir(), "dmcp-scout-")), "args");
  const dockerConfig = pluginConfigDir(
    "scout",
    [
      `echo "$*" >> ${log}`,
      'last=""; for arg in "$@"; do last="$arg"; done',
      'case "$1/$last" in',
      "  version/*) echo 'version: v1.99.0 (stand-in)' ;;",
      `  cves/busybox:local) echo '${JSON.stringify(CVES)}' ;;`,
      "  cves/broken) echo 'not json {' ;;",
      "  quickview/blank) ;;",
      "  quickview/*) echo '  Target   busybox:local  0C 1H 0M 0L' ;;",
      "  recommendations/*) echo 'image has no base image' >&2; exit 2 ;;",
      `  compare/*) echo '{"diff":[]}' ;;`,
      `  sbom/*) echo '{"spdxVersion":"SPDX-2.3","packages":[{"name":"busybox"}]}' ;;`,
      "esac",
    ].join("\n"),
  );
  const ctx = toolContext(cliConfig({ PATH: SYSTEM_PATH, HOME: "/root", DOCKER_CONFIG: dockerConfig }));

  it("passes the exact argv and parses JSON formats", async () => {
    const cves = await call(
      scoutCves,
      {
        image: "busybox:local",
        only_fixed: true,
        only_severity: ["critical", "high"],
        ignore_base: true,
        platform: "linux/amd64",
      },
      ctx,
    );
    expect(cves).toEqual({ exit_code: 0, format: "json", result: CVES });
    expect(await call(scoutCves, { image: "broken" }, ctx)).toMatchObject({ result: "not json {\n" });
    expect(await call(scoutQuickview, { image: "blank" }, ctx)).toMatchObject({ exit_code: 0, result: null });
    const text = await call(scoutQuickview, { image: "busybox:local", format: "text" }, ctx);
    expect(text.result).toContain("0C 1H");
    const rec = await call(scoutRecommendations, { image: "busybox:local", only_refresh: true, tag: "1.36" }, ctx);
    expect(rec).toMatchObject({ exit_code: 2, stderr: "image has no base image" });
    const compare = await call(
      scoutCompare,
      { image: "busybox:local", to: "busybox:1.36", only_severity: ["high"] },
      ctx,
    );
    expect(compare).toMatchObject({ result: { diff: [] } });
    await call(scoutCompare, { image: "busybox:local", to_latest: true, ignore_unchanged: true }, ctx);
    const sbom = await call<{ result: { spdxVersion: string } }>(scoutSbom, { image: "busybox:local" }, ctx);
    expect(sbom.result.spdxVersion).toBe("SPDX-2.3");
    const list = await call(scoutSbom, { image: "busybox:local", format: "list" }, ctx);
    expect(typeof list.result).toBe("string");
    expect(readFileSync(log, "utf8").trim().split("\n")).toEqual([
      "version",
      "cves --format json --only-fixed --only-severity critical,high --ignore-base --platform linux/amd64 busybox:local",
      "cves --format json broken",
      "quickview --format json blank",
      "quickview --format text busybox:local",
      "recommendations --format json --only-refresh --tag 1.36 busybox:local",
      "compare --format json --to busybox:1.36 --only-severity high busybox:local",
      "compare --format json --to-latest --ignore-unchanged busybox:local",
      "sbom --format spdx busybox:local",
      "sbom --format list busybox:local",
    ]);
  });

  it("checks compare's target and the image before running anything", async () => {
    const before = readFileSync(log, "utf8");
    expect(await failure(scoutCompare, { image: "a" }, ctx)).toContain("exactly one of");
    expect(await failure(scoutCompare, { image: "a", to: "b", to_latest: true }, ctx)).toContain("exactly one of");
    expect(await failure(scoutCompare, { image: "a", to: "", to_env: "" }, ctx)).toContain("exactly one of");
    expect(await failure(scoutCves, { image: "--output=/etc/x" }, ctx)).toContain("parses as a flag");
    expect(readFileSync(log, "utf8")).toBe(before);
  });
});
