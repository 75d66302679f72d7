// The confirmation previews against both engines (API 1.41 and 1.45): a prune preview lists exactly what the prune
// then removes with the same filters (each checked by running the prune right after), and a removal preview shows
// what uses the object. Every object carries this run's label and its own case label; prunes are scoped to them.

import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Preview } from "../../src/contract/preview.js";
import type { ToolContext } from "../../src/contract/tool.js";
import { containerPrune } from "../../src/tools/containers/query.js";
import { imagePrune } from "../../src/tools/images/store.js";
import { networkPrune } from "../../src/tools/networks/index.js";
import { ALL_PREVIEWS } from "../../src/tools/previews/index.js";
import { volumePrune } from "../../src/tools/volumes/index.js";
import { cliConfig } from "../support/cli.js";
import { cleanupRun, dockerFor, IMAGE } from "../support/containers-harness.js";
import { ENGINES, runId } from "../support/engines.js";
import { call, type Handler, toolContext } from "../support/tool-context.js";

const RUN = runId();
let seq = 0;
const unique = (what: string) => `dmcp-it-preview-${RUN}-${what}-${++seq}`;

function scope() {
  const id = unique("case");
  return { labels: { "dmcp.test": RUN, "dmcp.case": id }, filters: { label: [`dmcp.test=${RUN}`, `dmcp.case=${id}`] } };
}

async function preview(tool: string, handler: Handler, args: object, ctx: ToolContext): Promise<Preview> {
  const fn = ALL_PREVIEWS[tool];
  if (!fn) throw new Error(`no preview for ${tool}`);
  return await fn(z.object(handler.input).parse(args) as Record<string, unknown>, ctx);
}

const names = (p: Preview) => p.items.map((item) => item.name ?? item.id).sort();
const ids = (p: Preview) => p.items.map((item) => item.id).sort();

afterAll(async () => {
  for (const engine of ENGINES) await cleanupRun(dockerFor(engine.url), RUN);
});

describe.each(ENGINES)("engine $name", (engine) => {
  const docker = dockerFor(engine.url);
  const ctx = () => toolContext(cliConfig({ DOCKER_MCP_SERVER_HOSTS: `x=${engine.url}`, HOME: "/nonexistent" }));

  async function container(labels: Record<string, string>, start = false, extra: object = {}) {
    const created = await docker.createContainer({
      Image: IMAGE,
      name: unique("c"),
      Cmd: start ? ["sleep", "600"] : ["true"],
      Labels: labels,
      ...extra,
    });
    if (start) await created.start();
    return created.id;
  }

  it("container_prune: the stopped ones of the scope, not the running one; until is applied as the daemon does", async () => {
    const at = scope();
    const stopped = [await container(at.labels), await container(at.labels)];
    await container(at.labels, true);
    const recent = await preview("container_prune", containerPrune, { filters: { ...at.filters, until: "1h" } }, ctx());
    expect(recent.items).toEqual([]);
    const none = await call<{ ContainersDeleted: string[] }>(
      containerPrune,
      { filters: { ...at.filters, until: "1h" } },
      ctx(),
    );
    expect(none.ContainersDeleted).toEqual([]);
    const shown = await preview("container_prune", containerPrune, { filters: at.filters }, ctx());
    expect(ids(shown)).toEqual([...stopped].sort());
    const done = await call<{ ContainersDeleted: string[] }>(containerPrune, { filters: at.filters }, ctx());
    expect(done.ContainersDeleted.sort()).toEqual(ids(shown));
  });

  it("image_prune: dangling only by default, every unused one with dangling=false, never one a container uses", async () => {
    const at = scope();
    const base = await container(at.labels);
    const dangling = ((await docker.getContainer(base).commit({})) as { Id: string }).Id;
    const repo = unique("img");
    const tagged = ((await docker.getContainer(base).commit({ repo, tag: "1" })) as { Id: string }).Id;
    const usedRepo = unique("used");
    const used = ((await docker.getContainer(base).commit({ repo: usedRepo, tag: "1" })) as { Id: string }).Id;
    await docker.getContainer(base).remove({ force: true });
    await container(at.labels, false, { Image: `${usedRepo}:1` });

    const danglingOnly = await preview("image_prune", imagePrune, { filters: at.filters }, ctx());
    expect(ids(danglingOnly)).toEqual([dangling]);
    const first = await call<Record<string, unknown>>(imagePrune, { filters: at.filters }, ctx());
    expect(JSON.stringify(first)).toContain(dangling.replace("sha256:", ""));
    expect(JSON.stringify(first)).not.toContain(tagged.replace("sha256:", ""));

    const unused = await preview("image_prune", imagePrune, { filters: { ...at.filters, dangling: false } }, ctx());
    expect(ids(unused)).toEqual([tagged]);
    expect(unused.items[0]?.name).toBe(`${repo}:1`);
    const second = await call<Record<string, unknown>>(
      imagePrune,
      { filters: { ...at.filters, dangling: false } },
      ctx(),
    );
    expect(JSON.stringify(second)).toContain(tagged.replace("sha256:", ""));
    expect(JSON.stringify(second)).not.toContain(used.replace("sha256:", ""));
  });

  it("volume_prune: the preview equals what the tool removes on this API version, with and without all", async () => {
    const at = scope();
    const anonymous = unique("anon");
    await docker.createVolume({ Name: anonymous, Labels: { ...at.labels, "com.docker.volume.anonymous": "" } });
    const named = unique("named");
    await docker.createVolume({ Name: named, Labels: at.labels });
    // A 64-hex name without the anonymous label: API 1.41's volume_prune takes it as anonymous, 1.42+ keeps it.
    const hexName = randomBytes(32).toString("hex");
    await docker.createVolume({ Name: hexName, Labels: at.labels });
    const legacy = engine.api() === "1.41";
    const inUse = unique("inuse");
    await docker.createVolume({ Name: inUse, Labels: { ...at.labels, "com.docker.volume.anonymous": "" } });
    await container(at.labels, false, { HostConfig: { Binds: [`${inUse}:/data`] } });

    const shown = await preview("volume_prune", volumePrune, { filters: at.filters }, ctx());
    expect(names(shown)).toEqual(legacy ? [anonymous, hexName].sort() : [anonymous]);
    const done = await call<{ deleted: string[] }>(volumePrune, { filters: at.filters }, ctx());
    expect(done.deleted.sort()).toEqual(names(shown));

    const all = await preview("volume_prune", volumePrune, { filters: { ...at.filters, all: true } }, ctx());
    expect(names(all)).toEqual(legacy ? [named] : [hexName, named].sort());
    const allDone = await call<{ deleted: string[] }>(volumePrune, { filters: { ...at.filters, all: true } }, ctx());
    expect(allDone.deleted.sort()).toEqual(names(all));
  });

  it("network_prune: unused networks of the scope only", async () => {
    const at = scope();
    const unused = await docker.createNetwork({ Name: unique("n"), Labels: at.labels });
    const attached = await docker.createNetwork({ Name: unique("n"), Labels: at.labels });
    const user = await container(at.labels, true);
    await attached.connect({ Container: user });
    const shown = await preview("network_prune", networkPrune, { filters: at.filters }, ctx());
    expect(ids(shown)).toEqual([unused.id]);
    const done = await call<{ deleted: string[] }>(networkPrune, { filters: at.filters }, ctx());
    expect(done.deleted).toHaveLength(1);
    expect(await attached.inspect().then(() => true)).toBe(true);
  });

  it("removals show what uses the object", async () => {
    const at = scope();
    const volume = unique("vol");
    await docker.createVolume({ Name: volume, Labels: at.labels });
    const network = await docker.createNetwork({ Name: unique("n"), Labels: at.labels });
    const user = await container(at.labels, true, { HostConfig: { Binds: [`${volume}:/data`] } });
    await network.connect({ Container: user });
    const userName = (await docker.getContainer(user).inspect()).Name.replace(/^\//, "");
    const c = ctx();
    const byTool = async (tool: string, args: Record<string, unknown>) => {
      const fn = ALL_PREVIEWS[tool];
      if (!fn) throw new Error(tool);
      return await fn(args, c);
    };

    const vol = await byTool("volume_remove", { name: volume, force: false });
    expect(vol.items[0]).toMatchObject({ kind: "volume", name: volume, in_use: [userName] });
    const net = await byTool("network_remove", { id_or_name: network.id });
    expect(net.items[0]).toMatchObject({ kind: "network", in_use: [userName] });
    const running = await byTool("container_remove", { id_or_name: user, force: false, volumes: false, link: false });
    expect(running.items[0]).toMatchObject({ kind: "container", name: userName, state: "running" });
    expect(running.items[0]?.note).toMatch(/refused without force/);
    const image = await byTool("image_remove", { id_or_name: IMAGE, force: false, noprune: false });
    expect(image.items[0]?.in_use).toContain(userName);
    const kill = await byTool("container_kill", { id_or_name: user });
    expect(kill.summary).toMatch(/SIGKILL/);
  });
});
