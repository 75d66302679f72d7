// The flag guard across the whole CLI family: every value a tool places as a positional is refused when it starts
// with `-` (or, for context and builder names, by their name rule), before anything runs. The `docker` on PATH is a
// stand-in that logs every invocation, so "nothing ran" is checked too: not the command, not even a plugin probe.

import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  buildxBake,
  buildxBuild,
  buildxImagetoolsCreate,
  buildxImagetoolsInspect,
} from "../../src/tools/buildx/build.js";
import {
  buildxHistoryInspect,
  buildxHistoryList,
  buildxInspect,
  buildxRemove,
  buildxUse,
} from "../../src/tools/buildx/builders.js";
import { composeCp, composeExec, composeRun } from "../../src/tools/compose/exec.js";
import {
  composeBuild,
  composeKill,
  composePause,
  composePull,
  composeRestart,
  composeStart,
  composeStop,
  composeUnpause,
  composeUp,
} from "../../src/tools/compose/lifecycle.js";
import {
  composeImages,
  composeLogs,
  composePort,
  composePs,
  composeTop,
  composeWait,
} from "../../src/tools/compose/query.js";
import { contextCreate, contextInspect, contextRemove, contextUse } from "../../src/tools/context/index.js";
import {
  scoutCompare,
  scoutCves,
  scoutQuickview,
  scoutRecommendations,
  scoutSbom,
} from "../../src/tools/scout/index.js";
import { stackDeploy, stackRemove } from "../../src/tools/stack/deploy.js";
import { stackPs, stackServices } from "../../src/tools/stack/query.js";
import { cliConfig, scriptDir } from "../support/cli.js";
import { tb } from "../support/testbed.js";
import { failure, type Handler, toolContext } from "../support/tool-context.js";

const log = join(mkdtempSync(join(tmpdir(), "dmcp-guard-")), "invocations");
const standIn = scriptDir("docker", `echo "$*" >> ${log}\nexit 0`, "dmcp-guard-docker-");
const ctx = toolContext(cliConfig({ PATH: standIn, HOME: "/nonexistent", DOCKER_HOST: tb("ENGINE_A_HOST") }));

const FLAG = "--output=/etc/passwd";
const REFUSED = /parses as a flag|is not a (context|builder) name/;

const cases: Array<[string, Handler, Record<string, unknown>]> = [
  // compose: `services` items, `service`, `source` / `dest`
  ...(
    [
      ["compose_up", composeUp],
      ["compose_ps", composePs],
      ["compose_logs", composeLogs],
      ["compose_build", composeBuild],
      ["compose_pull", composePull],
      ["compose_restart", composeRestart],
      ["compose_stop", composeStop],
      ["compose_start", composeStart],
      ["compose_images", composeImages],
      ["compose_top", composeTop],
      ["compose_kill", composeKill],
      ["compose_pause", composePause],
      ["compose_unpause", composeUnpause],
      ["compose_wait", composeWait],
    ] as const
  ).map(([name, tool]): [string, Handler, Record<string, unknown>] => [name, tool, { services: ["web", FLAG] }]),
  ["compose_run", composeRun, { service: FLAG, command: ["true"] }],
  ["compose_exec", composeExec, { service: FLAG, command: ["true"] }],
  ["compose_port", composePort, { service: FLAG, private_port: 80 }],
  ["compose_cp source", composeCp, { source: FLAG, dest: "web:/x" }],
  ["compose_cp dest", composeCp, { source: "web:/x", dest: "-" }],
  // stack: `name`, `names` items
  ["stack_deploy", stackDeploy, { name: FLAG, compose_files: ["stack.yml"] }],
  ["stack_ps", stackPs, { name: FLAG }],
  ["stack_services", stackServices, { name: FLAG }],
  ["stack_remove", stackRemove, { names: ["app", FLAG] }],
  // context: `name` (the name rule refuses a leading '-')
  ["context_inspect", contextInspect, { name: FLAG }],
  ["context_create", contextCreate, { name: FLAG, docker_host: "unix:///x.sock" }],
  ["context_use", contextUse, { name: FLAG }],
  ["context_remove", contextRemove, { name: FLAG }],
  // buildx: build context, image, sources, builder, ref, builder names, bake targets
  ["buildx_build", buildxBuild, { context: FLAG }],
  ["buildx_bake", buildxBake, { targets: ["app", FLAG] }],
  ["buildx_imagetools_inspect", buildxImagetoolsInspect, { image: FLAG }],
  ["buildx_imagetools_create", buildxImagetoolsCreate, { target: "r/a:1", sources: ["r/a:amd64", FLAG] }],
  ["buildx_history_list", buildxHistoryList, { builder: FLAG }],
  ["buildx_history_inspect ref", buildxHistoryInspect, { ref: FLAG }],
  ["buildx_history_inspect builder", buildxHistoryInspect, { ref: "abc", builder: FLAG }],
  ["buildx_inspect", buildxInspect, { name: FLAG }],
  ["buildx_use", buildxUse, { name: FLAG }],
  ["buildx_remove", buildxRemove, { name: FLAG }],
  // scout: `image` on all five
  ["scout_cves", scoutCves, { image: FLAG }],
  ["scout_quickview", scoutQuickview, { image: FLAG }],
  ["scout_recommendations", scoutRecommendations, { image: FLAG }],
  ["scout_compare", scoutCompare, { image: FLAG, to_latest: true }],
  ["scout_sbom", scoutSbom, { image: FLAG }],
];

describe("the flag guard on every CLI-backed tool's positionals", () => {
  afterAll(() => {
    for (const dir of [dirname(log), standIn]) rmSync(dir, { recursive: true, force: true });
  });

  it.each(cases)("%s refuses a value starting with '-' before anything runs", async (_name, tool, args) => {
    expect(await failure(tool, args, ctx)).toMatch(REFUSED);
    expect(existsSync(log) ? readFileSync(log, "utf8") : "").toBe("");
  });

  it("the stand-in docker does record a call that passes the guard (so the checks above can fail)", async () => {
    await failure(stackPs, { name: "app" }, ctx).catch(() => undefined);
    expect(readFileSync(log, "utf8")).toContain("stack ps --format {{json .}} app");
  });
});
