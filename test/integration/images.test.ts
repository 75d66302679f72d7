// The images domain against both real engines through the bundled server: builds (directory, tarball, failing step),
// tagging, history, removal, label-scoped pruning of dangling images, and bad input.

import { rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { docker } from "../support/docker-cli.js";
import {
  callWithProgress,
  contextDir,
  ENGINES,
  engineSuite,
  objectExists,
  removeImages,
  tarBase64,
} from "../support/images.js";
import { callJson, callTool } from "../support/mcp-client.js";

const exists = (host: string, ref: string) => objectExists(host, "image", ref);

describe.each(ENGINES)("image tools on engine $label", (engine) => {
  const dirs: string[] = [];
  const suite = engineSuite(engine, () => {
    removeImages(engine.host(), [
      `${repo}:dir`,
      `${repo}:tar`,
      `${repo}:retag`,
      `${repo}:prune`,
      `${repo}:broken`,
      `${repo}:cancelled`,
    ]);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const { id, label } = suite;
  const repo = `dmcp-it-images-${id}`;

  it("builds from a directory honouring .dockerignore, build args, target and labels, with progress", async () => {
    const dir = contextDir(repo, {
      Dockerfile: [
        "FROM busybox:local AS base",
        "ARG GREETING",
        'RUN echo "$GREETING" > /greeting',
        "COPY . /ctx",
        "RUN test -f /ctx/kept.txt && test ! -e /ctx/ignored.txt && test ! -e /ctx/logs",
        "FROM base AS unwanted",
        "RUN exit 9",
      ].join("\n"),
      ".dockerignore": "ignored.txt\nlogs\n",
      "kept.txt": "kept",
      "ignored.txt": "must not be sent",
      "logs/app.log": "must not be sent",
    });
    dirs.push(dir);
    const result = await callWithProgress(suite.server.client, "image_build", {
      path: dir,
      tag: `${repo}:dir`,
      buildargs: { GREETING: `hello-${id}` },
      target: "base",
      labels: { "dmcp.test": id },
    });
    expect(result.isError, result.text).toBe(false);
    const built = JSON.parse(result.text) as { id: string; tags: string[]; builder: string; steps: number };
    expect(built.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(built.tags).toContain(`${repo}:dir`);
    expect(built.builder).toBe("buildkit");
    expect(built.steps).toBeGreaterThanOrEqual(3);
    expect(result.progress.length).toBeGreaterThan(0);
    const counters = result.progress.map((update) => update.progress);
    expect(counters).toEqual([...counters].sort((x, y) => x - y));
    expect(new Set(counters).size).toBe(counters.length);
    expect(docker(engine.host(), ["run", "--rm", "--label", label, `${repo}:dir`, "cat", "/greeting"])).toBe(
      `hello-${id}`,
    );
    const labels = await callJson<Record<string, unknown>>(suite.server.client, "image_inspect", {
      id_or_name: `${repo}:dir`,
      fields: ["Config.Labels"],
    });
    expect(labels["Config.Labels"]).toMatchObject({ "dmcp.test": id });
  });

  it("builds from an in-band base64 tarball", async () => {
    const data = await tarBase64({
      Dockerfile: `FROM busybox:local\nLABEL dmcp.test=${id}\nRUN echo tar-${id} > /from-tar\n`,
    });
    const built = await callJson<{ id: string; tags: string[] }>(suite.server.client, "image_build", {
      data,
      tag: `${repo}:tar`,
    });
    expect(built.tags).toEqual([`${repo}:tar`]);
    const rows = await callJson<Array<{ id: string; tags: string[]; size: number; labels?: unknown }>>(
      suite.server.client,
      "image_list",
      { repository: repo },
    );
    const row = rows.find((candidate) => candidate.id === built.id);
    expect(row?.tags).toContain(`${repo}:tar`);
    expect(row?.size).toBeGreaterThan(0);
    expect(row?.labels).toBeUndefined();
    expect(docker(engine.host(), ["run", "--rm", "--label", label, `${repo}:tar`, "cat", "/from-tar"])).toBe(
      `tar-${id}`,
    );
  });

  it("reports a failing build step as an error with the step's output, and tags nothing", async () => {
    const data = await tarBase64({
      Dockerfile: `FROM busybox:local\nLABEL dmcp.test=${id}\nRUN echo about-to-fail-${id} && exit 7\n`,
    });
    const result = await callTool(suite.server.client, "image_build", { data, tag: `${repo}:broken` });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^Build failed: /);
    expect(result.text).toContain("exit code: 7");
    expect(result.text).toContain(`about-to-fail-${id}`);
    expect(exists(engine.host(), `${repo}:broken`)).toBe(false);
  });

  it("tags, shows history, and removes only the named tag", async () => {
    expect(
      await callJson(suite.server.client, "image_tag", { id_or_name: `${repo}:tar`, repository: `${repo}:retag` }),
    ).toEqual({ tagged: `${repo}:retag`, source: `${repo}:tar` });
    expect(exists(engine.host(), `${repo}:retag`)).toBe(true);
    const history = await callJson<Array<{ created_by: string; size: number }>>(suite.server.client, "image_history", {
      id_or_name: `${repo}:retag`,
    });
    expect(history.some((layer) => layer.created_by.includes(`tar-${id}`))).toBe(true);
    const removed = await callJson<{ untagged: string[]; deleted: string[] }>(suite.server.client, "image_remove", {
      id_or_name: `${repo}:retag`,
    });
    expect(removed.untagged).toContain(`${repo}:retag`);
    expect(removed.deleted).toEqual([]);
    expect(exists(engine.host(), `${repo}:retag`)).toBe(false);
    expect(exists(engine.host(), `${repo}:tar`)).toBe(true);
  });

  it("prunes only dangling images (scoped to this run's label)", async () => {
    const build = async (content: string) =>
      await callJson<{ id: string }>(suite.server.client, "image_build", {
        data: await tarBase64({ Dockerfile: `FROM busybox:local\nLABEL dmcp.test=${id}\nRUN echo ${content} > /v\n` }),
        tag: `${repo}:prune`,
      });
    const first = await build(`first-${id}`);
    const second = await build(`second-${id}`);
    expect(second.id).not.toBe(first.id);
    const dangling = await callJson<Array<{ id: string; tags: string[] }>>(suite.server.client, "image_list", {
      filters: { dangling: true, label: label },
    });
    expect(dangling.map((row) => row.id)).toEqual([first.id]);
    const pruned = await callJson<{ deleted: string[]; space_reclaimed: number }>(suite.server.client, "image_prune", {
      filters: { label },
    });
    expect(pruned.deleted).toContain(first.id);
    expect(pruned.deleted).not.toContain(second.id);
    expect(exists(engine.host(), first.id)).toBe(false);
    for (const kept of [`${repo}:prune`, `${repo}:tar`, `${repo}:dir`]) expect(exists(engine.host(), kept)).toBe(true);
    // {"dangling": false} takes every unused image, tagged ones too (still only this run's, by label).
    const all = await callJson<{ untagged: string[]; deleted: string[] }>(suite.server.client, "image_prune", {
      filters: { dangling: false, label },
    });
    expect(all.untagged).toEqual(expect.arrayContaining([`${repo}:prune`, `${repo}:tar`, `${repo}:dir`]));
    for (const gone of [`${repo}:prune`, `${repo}:tar`, `${repo}:dir`]) expect(exists(engine.host(), gone)).toBe(false);
    expect(exists(engine.host(), "busybox:local")).toBe(true);
  });

  it("honours cancellation: the build stops and tags nothing", async () => {
    const data = await tarBase64({ Dockerfile: `FROM busybox:local\nLABEL dmcp.test=${id}\nRUN sleep 4\n` });
    const controller = new AbortController();
    const started = Date.now();
    const call = suite.server.client.callTool(
      { name: "image_build", arguments: { data, tag: `${repo}:cancelled`, nocache: true } },
      { signal: controller.signal, onprogress: () => undefined },
    );
    setTimeout(() => controller.abort(), 1000);
    await expect(call).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(3500);
    // The server is still serving; and had the daemon carried on, the 4 s step would have finished and been tagged.
    expect(await callJson(suite.server.client, "image_list", { repository: repo })).toBeInstanceOf(Array);
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(exists(engine.host(), `${repo}:cancelled`)).toBe(false);
  });

  it("refuses path-crafted names before the daemon sees them, and keeps serving", async () => {
    for (const crafted of ["..", ".", "../x", "a//b", "x/../../containers/json", "//evil.invalid/x"]) {
      for (const tool of ["image_inspect", "image_history", "image_remove", "image_save"]) {
        const result = await callTool(suite.server.client, tool, { id_or_name: crafted });
        expect(result.isError, `${tool} ${crafted}`).toBe(true);
        expect(result.text).toContain("not a valid image reference");
      }
      const tag = await callTool(suite.server.client, "image_tag", { id_or_name: crafted, repository: `${repo}:x` });
      expect(tag.text).toContain("not a valid image reference");
    }
    expect(exists(engine.host(), `${repo}:x`)).toBe(false);
    expect(await callJson(suite.server.client, "image_list", { repository: repo })).toBeInstanceOf(Array);
  });

  it("bad input: clear errors and nothing changed", async () => {
    const missing = await callTool(suite.server.client, "image_inspect", { id_or_name: `${repo}:missing` });
    expect(missing).toMatchObject({ isError: true });
    expect(missing.text).toContain(`No such image '${repo}:missing'`);
    const remove = await callTool(suite.server.client, "image_remove", { id_or_name: `${repo}:missing` });
    expect(remove.text).toContain("No such image");

    const malformed = await callTool(suite.server.client, "image_pull", { repository: "Not A/Valid:ref" });
    expect(malformed.isError).toBe(true);
    expect(malformed.text).toContain("not a valid image reference");
    const badTag = await callTool(suite.server.client, "image_tag", {
      id_or_name: `${repo}:tar`,
      repository: "UPPER/x",
    });
    expect(badTag.text).toContain("not a valid image reference");
    expect(exists(engine.host(), "UPPER/x")).toBe(false);

    const noContext = await callTool(suite.server.client, "image_build", {
      path: `/nonexistent/${id}`,
      tag: `${repo}:nope`,
    });
    expect(noContext.isError).toBe(true);
    expect(noContext.text).toContain(`/nonexistent/${id} does not exist on the server host`);
    expect(exists(engine.host(), `${repo}:nope`)).toBe(false);

    const notTar = Buffer.from(`this is not a tar ${"x".repeat(600)}`).toString("base64");
    const badBuild = await callTool(suite.server.client, "image_build", { data: notTar, tag: `${repo}:nope` });
    expect(badBuild.text).toContain("data is not a tar");
    const badLoad = await callTool(suite.server.client, "image_load", { data: notTar });
    expect(badLoad.isError).toBe(true);
    expect(badLoad.text).toContain("not a `docker save` archive");
    const notBase64 = await callTool(suite.server.client, "image_load", { data: "%%% not base64 %%%" });
    expect(notBase64.text).toContain("not valid base64");
    const both = await callTool(suite.server.client, "image_load", { data: notTar, from_file: "/tmp/x.tar" });
    expect(both.text).toContain("exactly one");
    const noFile = await callTool(suite.server.client, "image_load", { from_file: `/nonexistent/${id}.tar` });
    expect(noFile.text).toContain(`/nonexistent/${id}.tar`);
    expect(exists(engine.host(), `${repo}:nope`)).toBe(false);

    const negative = await callTool(suite.server.client, "image_save", { id_or_name: `${repo}:tar`, max_bytes: -1 });
    expect(negative.isError).toBe(true);
    expect(negative.text).toContain("max_bytes must be non-negative");
    const badDigest = await callTool(suite.server.client, "image_pull", { repository: repo, tag: "sha256:abc" });
    expect(badDigest.isError).toBe(true);
    expect(badDigest.text).toContain("is not a valid digest");

    const search = await callTool(suite.server.client, "image_search", { term: "busybox", limit: 1 });
    expect(search.isError).toBe(true);
    expect(search.text).toContain("could not reach Docker Hub");
  });
});
