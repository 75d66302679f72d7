// buildx_* with the test bed's real buildx plugin (Debian 13's 0.13.1) on engine A's default `docker` driver: the
// docker-container driver cannot pull moby/buildkit here (no Docker Hub), so builds, bake and du/prune use the
// default builder, and builder create/use/rm use a docker-container builder that is never bootstrapped. The
// `history` commands do not exist in buildx 0.13.1: the real plugin gives the clear error, and a stand-in plugin
// checks their argv and parsing.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ToolContext } from "../../src/contract/tool.js";
import {
  buildxBake,
  buildxBuild,
  buildxImagetoolsCreate,
  buildxImagetoolsInspect,
} from "../../src/tools/buildx/build.js";
import {
  buildxCreate,
  buildxDu,
  buildxHistoryInspect,
  buildxHistoryList,
  buildxInspect,
  buildxList,
  buildxPrune,
  buildxRemove,
  buildxUse,
} from "../../src/tools/buildx/builders.js";
import { cliConfig, pluginConfigDir } from "../support/cli.js";
import { docker, runId } from "../support/docker-cli.js";
import { deletePushedManifests, RegistryWriter } from "../support/registry-seed.js";
import { tb } from "../support/testbed.js";
import { call, failure, toolContext } from "../support/tool-context.js";

const RUN = runId();
const A = () => tb("ENGINE_A_HOST");
const SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin";

function ctxWith(env: Record<string, string> = {}): ToolContext {
  const dockerConfig = mkdtempSync(join(tmpdir(), "dmcp-buildxcfg-"));
  return toolContext(
    cliConfig({ PATH: SYSTEM_PATH, HOME: "/root", DOCKER_HOST: A(), DOCKER_CONFIG: dockerConfig, ...env }),
  );
}

const images: string[] = [];
afterAll(async () => {
  for (const image of images) {
    try {
      docker(A(), ["rmi", image]);
    } catch {
      // already gone
    }
  }
  await deletePushedManifests();
});

describe("builds on the default docker driver", () => {
  const ctx = ctxWith();
  const dir = mkdtempSync(join(tmpdir(), "dmcp-buildx-"));
  writeFileSync(
    join(dir, "Dockerfile"),
    [
      `FROM ${tb("TESTBED_IMAGE")} AS build`,
      `RUN echo built-${RUN} > /out.txt`,
      `FROM ${tb("TESTBED_IMAGE")}`,
      "COPY --from=build /out.txt /out.txt",
      "",
    ].join("\n"),
  );

  it("buildx_build loads a two-stage build and reports what it built, not the transcript", async () => {
    const tag = `dmcp-buildx-${RUN}:two`;
    images.push(tag);
    const result = await call<{ exit_code: number; changed?: Record<string, string>; output?: string }>(
      buildxBuild,
      { context: dir, tags: [tag], load: true, timeout_seconds: 300 },
      ctx,
    );
    expect(result.exit_code, JSON.stringify(result)).toBe(0);
    expect(result.changed).toEqual({ [`Image docker.io/library/${tag}`]: "Built" });
    expect(result.output ?? "").not.toContain("#1 ");
    expect(docker(A(), ["run", "--rm", tag, "cat", "/out.txt"])).toBe(`built-${RUN}`);
  });

  it("refuses push+load, stdin and a context that parses as a flag before running anything", async () => {
    expect(await failure(buildxBuild, { context: dir, push: true, load: true }, ctx)).toContain("mutually exclusive");
    expect(await failure(buildxBuild, { context: "-" }, ctx)).toContain("stdin");
    expect(await failure(buildxBuild, { context: "--output=/tmp/x" }, ctx)).toContain("parses as a flag");
  });

  it("buildx_bake builds two targets; a target that parses as a flag is refused", async () => {
    const bake = mkdtempSync(join(tmpdir(), "dmcp-bake-"));
    writeFileSync(
      join(bake, "docker-bake.hcl"),
      ["a", "b"]
        .map(
          (target) =>
            `target "${target}" {\n  dockerfile-inline = "FROM ${tb("TESTBED_IMAGE")}\\nRUN echo ${target}-${RUN} > /t"\n  tags = ["dmcp-bake-${RUN}:${target}"]\n}\n`,
        )
        .join("\n"),
    );
    images.push(`dmcp-bake-${RUN}:a`, `dmcp-bake-${RUN}:b`);
    const result = await call<{ exit_code: number; changed?: Record<string, string> }>(
      buildxBake,
      { cwd: bake, targets: ["a", "b"], load: true, timeout_seconds: 300 },
      ctx,
    );
    expect(result.exit_code, JSON.stringify(result)).toBe(0);
    expect(result.changed).toEqual({
      [`Image docker.io/library/dmcp-bake-${RUN}:a`]: "Built",
      [`Image docker.io/library/dmcp-bake-${RUN}:b`]: "Built",
    });
    expect(docker(A(), ["run", "--rm", `dmcp-bake-${RUN}:b`, "cat", "/t"])).toBe(`b-${RUN}`);
    expect(await failure(buildxBake, { cwd: bake, targets: ["--print"] }, ctx)).toContain('target="--print"');
  });

  it("buildx_du lists cache records (parsed from --verbose: buildx 0.13 has no du --format) and prune removes only ours", async () => {
    const du = await call<{ records: Array<Record<string, unknown>>; total?: string }>(buildxDu, {}, ctx);
    expect(du.total).toMatch(/B$/);
    const ours = du.records.filter((record) => String(record.description).includes(`built-${RUN}`));
    expect(ours.length).toBeGreaterThan(0);
    expect(ours[0]).toMatchObject({ reclaimable: expect.any(Boolean), type: expect.any(String) });
    expect(ours[0]?.size).toMatch(/B$/);
    const others = du.records.length - ours.length;
    const pruned = await call<{ exit_code: number; reclaimed?: string }>(
      buildxPrune,
      { filters: { id: ours.map((record) => record.id) } },
      ctx,
    );
    expect(pruned.exit_code, JSON.stringify(pruned)).toBe(0);
    const after = await call<{ records: Array<Record<string, unknown>> }>(buildxDu, {}, ctx);
    expect(after.records.filter((record) => String(record.description).includes(`built-${RUN}`))).toEqual([]);
    // Other engineers' cache is still there (nothing unscoped was pruned).
    expect(after.records.length).toBeGreaterThanOrEqual(Math.min(others, 1));
  });
});

describe("imagetools against the test bed registry", () => {
  const ctx = ctxWith();
  const registry = tb("REGISTRY_PLAIN");
  const repository = `dmcp-itools-${RUN}/app`;
  const writer = new RegistryWriter(`http://${registry}`);
  let indexDigest = "";

  afterAll(async () => {
    if (indexDigest) await writer.deleteManifest(repository, indexDigest);
  });

  it("creates a multi-platform index from two images and inspects it without pulling", async () => {
    await writer.pushImage(repository, ["amd64"], { os: "linux", architecture: "amd64" });
    await writer.pushImage(repository, ["arm64"], { os: "linux", architecture: "arm64", variant: "v8" });
    const target = `${registry}/${repository}:multi`;
    const sources = [`${registry}/${repository}:amd64`, `${registry}/${repository}:arm64`];
    const dry = await call<{ exit_code: number; manifest: { manifests: unknown[] } }>(
      buildxImagetoolsCreate,
      { target, sources, dry_run: true },
      ctx,
    );
    expect(dry.manifest.manifests).toHaveLength(2);
    const created = await call<{ exit_code: number }>(buildxImagetoolsCreate, { target, sources }, ctx);
    expect(created.exit_code, JSON.stringify(created)).toBe(0);
    const raw = await call<{
      manifest: { mediaType: string; manifests: Array<{ platform: { architecture: string } }> };
    }>(buildxImagetoolsInspect, { image: target, raw: true }, ctx);
    expect(raw.manifest.manifests.map((m) => m.platform.architecture).sort()).toEqual(["amd64", "arm64"]);
    const text = await call<{ exit_code: number; stdout: string }>(buildxImagetoolsInspect, { image: target }, ctx);
    indexDigest = /Digest:\s+(sha256:[0-9a-f]{64})/.exec(text.stdout)?.[1] ?? "";
    expect(indexDigest).not.toBe("");
    expect(text.stdout).toMatch(/Platform: +linux.arm64/);
  });

  it("validates before running: raw with format, no sources, flag-like refs", async () => {
    expect(await failure(buildxImagetoolsInspect, { image: "x", raw: true, format: "{{json .}}" }, ctx)).toContain(
      "mutually exclusive",
    );
    expect(await failure(buildxImagetoolsCreate, { target: "x", sources: [] }, ctx)).toContain(
      "at least one source ref or file",
    );
    expect(await failure(buildxImagetoolsInspect, { image: "--raw" }, ctx)).toContain("parses as a flag");
    expect(await failure(buildxImagetoolsCreate, { target: "x", sources: ["-"] }, ctx)).toContain("parses as a flag");
  });
});

describe("builders: create, use, inspect, ls, rm (a docker-container builder, never bootstrapped)", () => {
  const ctx = ctxWith();
  const name = `dmcp-builder-${RUN}`;

  it("goes through the whole life of a builder in a private Docker config", async () => {
    const created = await call<{ exit_code: number; builder?: string }>(
      buildxCreate,
      { name, driver: "docker-container" },
      ctx,
    );
    expect(created).toMatchObject({ exit_code: 0, builder: name });
    let list = await call<Array<{ name: string; driver: string; current: boolean; nodes: Array<{ status: string }> }>>(
      buildxList,
      {},
      ctx,
    );
    expect(list.filter((row) => row.name === name)).toHaveLength(1);
    expect(list.find((row) => row.name === name)).toMatchObject({ driver: "docker-container", current: false });
    expect(list.find((row) => row.name === name)?.nodes[0]?.status).toBe("inactive");
    expect(list.find((row) => row.name === "default")?.current).toBe(true);
    expect((await call<{ exit_code: number }>(buildxUse, { name }, ctx)).exit_code).toBe(0);
    list = await call(buildxList, {}, ctx);
    expect(list.find((row) => row.name === name)?.current).toBe(true);
    const inspected = await call<{ exit_code: number; stdout: string }>(buildxInspect, { name }, ctx);
    expect(inspected.stdout).toContain("docker-container");
    expect((await call<{ exit_code: number }>(buildxUse, { name: "default" }, ctx)).exit_code).toBe(0);
    const removed = await call<{ exit_code: number }>(buildxRemove, { name }, ctx);
    expect(removed.exit_code, JSON.stringify(removed)).toBe(0);
    list = await call(buildxList, {}, ctx);
    expect(list.map((row) => row.name)).not.toContain(name);
  });

  it("rm needs exactly one of name and all_inactive; use refuses a flag-like name", async () => {
    expect(await failure(buildxRemove, {}, ctx)).toContain("`name` or `all_inactive=True`");
    expect(await failure(buildxRemove, { name: "x", all_inactive: true }, ctx)).toContain("mutually exclusive");
    // A flag-looking or blank name fails buildx's name rule before anything runs (the flag guard stays behind it).
    expect(await failure(buildxUse, { name: "--global" }, ctx)).toContain("is not a builder name");
    expect(await failure(buildxUse, { name: " " }, ctx)).toContain("is not a builder name");
  });
});

describe("build history", () => {
  it("the real buildx 0.13.1 has no history command: a clear error naming the version", async () => {
    const ctx = ctxWith();
    const message = await failure(buildxHistoryList, {}, ctx);
    expect(message).toContain("has no `history` command");
    expect(message).toContain("0.13.1");
    expect(await failure(buildxHistoryInspect, {}, ctx)).toContain("has no `history` command");
  });

  it("argv and parsing, with a stand-in buildx plugin that records its arguments", async () => {
    const log = join(mkdtempSync(join(tmpdir(), "dmcp-history-")), "args");
    const record = JSON.stringify({ ref: "b1/n1/abc", name: "app", status: "completed", total_steps: 5 });
    const dockerConfig = pluginConfigDir(
      "buildx",
      [
        `echo "$BUILDX_EXPERIMENTAL $*" >> ${log}`,
        'case "$1 $2" in',
        "  'version ') echo 'github.com/docker/buildx v0.99.0 stand-in' ;;",
        `  'history ls') echo '${record}'; echo '${JSON.stringify({ ref: "b1/n1/def", status: "error" })}' ;;`,
        `  'history inspect') echo '{"Name":"app","Status":"completed","Ref":"abc"}' ;;`,
        "esac",
      ].join("\n"),
    );
    const ctx = ctxWith({ DOCKER_CONFIG: dockerConfig });
    const rows = await call<unknown[]>(buildxHistoryList, { builder: "b1" }, ctx);
    expect(rows).toEqual([JSON.parse(record), { ref: "b1/n1/def", status: "error" }]);
    const inspected = await call(buildxHistoryInspect, { ref: "b1/n1/abc" }, ctx);
    expect(inspected).toEqual({ Name: "app", Status: "completed", Ref: "abc" });
    await call(buildxHistoryInspect, { ref: "^1", builder: "other" }, ctx);
    expect(await failure(buildxHistoryInspect, { ref: "-x" }, ctx)).toContain("parses as a flag");
    const calls = readFileSync(log, "utf8").trim().split("\n");
    expect(calls).toEqual([
      "version",
      "1 history ls --format {{json .}} --builder b1",
      "1 history inspect --format json --builder b1 abc",
      "1 history inspect --format json --builder other ^1",
    ]);
  });
});
