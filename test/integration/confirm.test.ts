// DOCKER_MCP_SERVER_CONFIRM against the real engines, through the bundled server over stdio and real SDK clients:
// a client without elicitation (preview + confirm_token, replayed / expired / changed / other-host tokens refused),
// a 2025 client with elicitation that accepts, declines and cancels, and a 2026-07-28 client (input_required).
// Every object carries this run's label; the prunes are scoped to it. The audit file of a session is parsed.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import type Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanupRun, dockerFor, IMAGE } from "../support/containers-harness.js";
import { ENGINES, runId } from "../support/engines.js";
import { callTool, type Spawned, spawnServer } from "../support/mcp-client.js";
import { neverShown } from "../support/secret-watch.js";

const RUN = runId();
const LABEL = `dmcp.test=${RUN}`;
const [A, B] = ENGINES as [(typeof ENGINES)[0], (typeof ENGINES)[1]];
const dockerA = dockerFor(A.url);
const dockerB = dockerFor(B.url);
const tmp = mkdtempSync(join(tmpdir(), `dmcp-confirm-${RUN}-`));
const ONE_HOST = { DOCKER_MCP_SERVER_HOSTS: `a=${A.url}`, DOCKER_MCP_SERVER_CONFIRM: "destructive" };

type Answer = { action: "accept" | "decline" | "cancel"; content?: Record<string, boolean> };
const ACCEPT: Answer = { action: "accept", content: { confirm: true } };
const DECLINE: Answer = { action: "decline" };
const CANCEL: Answer = { action: "cancel" };

/** A client that declares form elicitation and answers from a queue, keeping the messages it was shown. */
function elicitingClient(answers: Answer[], modern = false): { client: Client; messages: string[] } {
  const messages: string[] = [];
  const client = new Client(
    { name: "dmcp-confirm-tests", version: "0.0.0" },
    {
      capabilities: { elicitation: { form: {} } },
      ...(modern ? { versionNegotiation: { mode: { pin: "2026-07-28" } } } : {}),
    },
  );
  client.setRequestHandler("elicitation/create", async (request) => {
    messages.push(String((request.params as { message?: string }).message));
    const answer = answers.shift();
    if (!answer) throw new Error("the test gave no answer for this elicitation");
    return answer;
  });
  return { client, messages };
}

let seq = 0;
const unique = (what: string) => `dmcp-it-confirm-${RUN}-${what}-${++seq}`;

/** One test's objects: the run label plus its own case label, and the prune filter that takes only them. */
function scope() {
  const id = unique("case");
  return { labels: { "dmcp.test": RUN, "dmcp.case": id }, filter: { filters: { label: [LABEL, `dmcp.case=${id}`] } } };
}
type Scope = ReturnType<typeof scope>;

async function stoppedContainer(docker: Docker, at: Scope): Promise<{ id: string; name: string }> {
  const name = unique("c");
  const created = await docker.createContainer({ Image: IMAGE, name, Cmd: ["true"], Labels: at.labels });
  return { id: created.id, name };
}

async function anonymousVolume(docker: Docker, at: Scope): Promise<string> {
  const name = unique("v");
  // Labelled anonymous, as the daemon labels the volumes it makes for a container, so volume_prune takes it.
  await docker.createVolume({ Name: name, Labels: { ...at.labels, "com.docker.volume.anonymous": "" } });
  return name;
}

/** An untagged image carrying the run label: a commit of a labelled container (commit keeps its labels). */
async function danglingImage(docker: Docker, at: Scope): Promise<string> {
  const { id } = await stoppedContainer(docker, at);
  const committed = (await docker.getContainer(id).commit({})) as { Id: string };
  await docker.getContainer(id).remove({ force: true });
  return committed.Id;
}

const exists = (promise: Promise<unknown>) =>
  promise.then(
    () => true,
    () => false,
  );

const sessions: Spawned[] = [];
async function open(env: Record<string, string>, client?: Client): Promise<Spawned> {
  const session = await spawnServer(env, client);
  sessions.push(session);
  return session;
}

afterAll(async () => {
  for (const session of sessions) await session.close().catch(() => undefined);
  await cleanupRun(dockerA, RUN);
  await cleanupRun(dockerB, RUN);
  rmSync(tmp, { recursive: true, force: true });
});

describe("confirm_token (a client without elicitation)", () => {
  it("the preview lists exactly what the prune takes; the token performs it once; a changed call is refused", async () => {
    const at = scope();
    const byLabel = at.filter;
    const stopped = [await stoppedContainer(dockerA, at), await stoppedContainer(dockerA, at)];
    const running = await dockerA.createContainer({
      Image: IMAGE,
      name: unique("running"),
      Cmd: ["sleep", "600"],
      Labels: at.labels,
    });
    await running.start();
    const { client } = await open(ONE_HOST);

    const first = await callTool(client, "container_prune", byLabel);
    expect(first.isError).toBe(false);
    const preview = JSON.parse(first.text);
    expect(preview).toMatchObject({
      status: "confirmation_required",
      performed: false,
      tool: "container_prune",
      host: "a",
    });
    expect(preview.preview.items.map((item: { name: string }) => item.name).sort()).toEqual(
      stopped.map((c) => c.name).sort(),
    );
    expect(preview.expires_in_s).toBe(120);
    for (const c of stopped) expect(await exists(dockerA.getContainer(c.id).inspect())).toBe(true);

    const changed = await callTool(client, "container_prune", {
      filters: { ...byLabel.filters, "label!": "keep=1" },
      confirm_token: preview.confirm_token,
    });
    expect(changed.isError).toBe(true);
    expect(changed.text).toMatch(/different arguments/);
    for (const c of stopped) expect(await exists(dockerA.getContainer(c.id).inspect())).toBe(true);

    const second = JSON.parse((await callTool(client, "container_prune", byLabel)).text);
    const done = await callTool(client, "container_prune", { ...byLabel, confirm_token: second.confirm_token });
    expect(done.isError).toBe(false);
    expect(JSON.parse(done.text).ContainersDeleted.sort()).toEqual(stopped.map((c) => c.id).sort());
    expect(await exists(running.inspect())).toBe(true);

    const replay = await callTool(client, "container_prune", { ...byLabel, confirm_token: second.confirm_token });
    expect(replay.isError).toBe(true);
    expect(replay.text).toMatch(/already used/);
  });

  it("an expired token is refused and nothing is removed", async () => {
    const at = scope();
    const byLabel = at.filter;
    const volume = await anonymousVolume(dockerA, at);
    const { client } = await open({ ...ONE_HOST, DOCKER_MCP_SERVER_CONFIRM_TTL: "1" });
    const preview = JSON.parse((await callTool(client, "volume_prune", byLabel)).text);
    expect(preview.preview.items.map((item: { name: string }) => item.name)).toEqual([volume]);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    const late = await callTool(client, "volume_prune", { ...byLabel, confirm_token: preview.confirm_token });
    expect(late.isError).toBe(true);
    expect(late.text).toMatch(/expired/);
    expect(await exists(dockerA.getVolume(volume).inspect())).toBe(true);
  });

  it("a token issued for one host is refused on another", async () => {
    const at = scope();
    const byLabel = at.filter;
    const onB = await anonymousVolume(dockerB, at);
    const { client } = await open({
      DOCKER_MCP_SERVER_HOSTS: `a=${A.url},b=${B.url}`,
      DOCKER_MCP_SERVER_CONFIRM: "destructive",
    });
    const preview = JSON.parse((await callTool(client, "volume_prune", { ...byLabel, host: "a" })).text);
    const other = await callTool(client, "volume_prune", {
      ...byLabel,
      host: "b",
      confirm_token: preview.confirm_token,
    });
    expect(other.isError).toBe(true);
    expect(other.text).toMatch(/host 'a', not 'b'/);
    expect(await exists(dockerB.getVolume(onB).inspect())).toBe(true);
  });

  it("DOCKER_MCP_SERVER_CONFIRM=off acts at once and advertises no confirm_token", async () => {
    const at = scope();
    const byLabel = at.filter;
    const c = await stoppedContainer(dockerA, at);
    const { client } = await open({ ...ONE_HOST, DOCKER_MCP_SERVER_CONFIRM: "off" });
    const { tools } = await client.listTools();
    expect(tools.some((tool) => "confirm_token" in (tool.inputSchema.properties ?? {}))).toBe(false);
    const done = await callTool(client, "container_prune", byLabel);
    expect(JSON.parse(done.text).ContainersDeleted).toContain(c.id);
  });
});

describe("elicitation (2025 request, elicitation/create)", () => {
  it("decline and cancel change nothing; accept prunes the run's images and volumes", async () => {
    const at = scope();
    const byLabel = at.filter;
    const image = await danglingImage(dockerA, at);
    const volumes = [await anonymousVolume(dockerA, at), await anonymousVolume(dockerA, at)];
    const { client, messages } = elicitingClient([DECLINE, CANCEL, ACCEPT, ACCEPT]);
    const session = await open(ONE_HOST, client);

    const declined = await callTool(session.client, "image_prune", byLabel);
    expect(declined.isError).toBe(true);
    expect(declined.text).toMatch(/not performed: the user declined.*Nothing was changed/);
    expect(messages[0]).toContain(image.slice(7, 19));
    expect(await exists(dockerA.getImage(image).inspect())).toBe(true);

    const cancelled = await callTool(session.client, "volume_prune", byLabel);
    expect(cancelled.isError).toBe(true);
    expect(cancelled.text).toMatch(/cancelled/);
    for (const volume of volumes) expect(messages[1]).toContain(volume);
    for (const volume of volumes) expect(await exists(dockerA.getVolume(volume).inspect())).toBe(true);

    const images = JSON.parse((await callTool(session.client, "image_prune", byLabel)).text);
    expect(JSON.stringify(images)).toContain(image.replace("sha256:", ""));
    expect(await exists(dockerA.getImage(image).inspect())).toBe(false);
    const pruned = JSON.parse((await callTool(session.client, "volume_prune", byLabel)).text);
    expect(pruned.deleted.sort()).toEqual([...volumes].sort());
  });

  it("compose_down volumes=true shows the project's containers, network and volume; declined keeps them, accepted removes them", async () => {
    const project = `dmcp-confirm-${RUN}`;
    const dir = join(tmp, "compose");
    rmSync(dir, { recursive: true, force: true });
    const { mkdirSync } = await import("node:fs");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "compose.yaml"),
      [
        "services:",
        "  app:",
        `    image: ${IMAGE}`,
        '    command: ["sleep", "600"]',
        "    stop_grace_period: 1s",
        "    volumes: [data:/data]",
        `    labels: { dmcp.test: "${RUN}" }`,
        "volumes:",
        `  data: { labels: { dmcp.test: "${RUN}" } }`,
        "",
      ].join("\n"),
    );
    const { client, messages } = elicitingClient([DECLINE, ACCEPT]);
    const session = await open(ONE_HOST, client);
    const args = { project_dir: dir, project_name: project };
    const up = await callTool(session.client, "compose_up", args, { timeout: 120_000 });
    expect(up.isError, up.text).toBe(false);

    const declined = await callTool(session.client, "compose_down", { ...args, volumes: true });
    expect(declined.isError).toBe(true);
    expect(declined.text).toMatch(/declined/);
    expect(messages[0]).toContain(`${project}-app-1`);
    expect(messages[0]).toContain(`${project}_default`);
    expect(messages[0]).toContain(`volume ${project}_data`);
    expect(await exists(dockerA.getVolume(`${project}_data`).inspect())).toBe(true);
    const kept = await dockerA.listContainers({
      all: true,
      filters: JSON.stringify({ label: [`com.docker.compose.project=${project}`] }),
    });
    expect(kept).toHaveLength(1);

    const down = await callTool(session.client, "compose_down", { ...args, volumes: true }, { timeout: 120_000 });
    expect(down.isError, down.text).toBe(false);
    expect(await exists(dockerA.getVolume(`${project}_data`).inspect())).toBe(false);
    const gone = await dockerA.listContainers({
      all: true,
      filters: JSON.stringify({ label: [`com.docker.compose.project=${project}`] }),
    });
    expect(gone).toHaveLength(0);
  }, 180_000);
});

describe("input_required (protocol revision 2026-07-28)", () => {
  it("the client's answer comes back with the retry: declined changes nothing, accepted prunes; the audit shows the rounds", async () => {
    const at = scope();
    const byLabel = at.filter;
    const audit = join(tmp, "modern-audit.jsonl");
    const c = await stoppedContainer(dockerA, at);
    const { client, messages } = elicitingClient([DECLINE, ACCEPT], true);
    const session = await open({ ...ONE_HOST, DOCKER_MCP_SERVER_AUDIT: audit }, client);
    expect(session.client.getNegotiatedProtocolVersion()).toBe("2026-07-28");

    const declined = await callTool(session.client, "container_prune", byLabel);
    expect(declined.isError).toBe(true);
    expect(declined.text).toMatch(/declined/);
    expect(messages[0]).toContain(c.name);
    expect(await exists(dockerA.getContainer(c.id).inspect())).toBe(true);

    const done = await callTool(session.client, "container_prune", byLabel);
    expect(JSON.parse(done.text).ContainersDeleted).toEqual([c.id]);
    const lines = readFileSync(audit, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.confirmation)).toEqual([
      "elicitation_requested",
      "elicitation_declined",
      "elicitation_requested",
      "elicitation_accepted",
    ]);
  });
});

describe("the audit log", () => {
  let lines: Array<Record<string, unknown>> = [];
  let text = "";
  const password = neverShown(`pw-${RUN}-hunter2`);
  let createdId = "";

  beforeAll(async () => {
    const audit = join(tmp, "audit.jsonl");
    const session = await open({ ...ONE_HOST, DOCKER_MCP_SERVER_AUDIT: audit });
    const name = unique("audited");
    const created = await callTool(session.client, "container_create", {
      image: IMAGE,
      command: ["true"],
      extra_kwargs: { name, environment: { DB_PASSWORD: password }, labels: { "dmcp.test": RUN } },
    });
    expect(created.isError, created.text).toBe(false);
    createdId = (JSON.parse(created.text) as { id?: string; Id?: string }).id ?? JSON.parse(created.text).Id;
    await callTool(session.client, "container_list", { filters: { label: LABEL } });
    const preview = JSON.parse((await callTool(session.client, "container_remove", { id_or_name: name })).text);
    await callTool(session.client, "container_remove", { id_or_name: name, confirm_token: preview.confirm_token });
    await callTool(session.client, "volume_remove", { name: unique("missing") });
    await session.close();
    text = readFileSync(audit, "utf8");
    lines = text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  });

  it("one parseable line per mutating or destructive call, none for reads", () => {
    expect(lines.map((line) => [line.tool, line.outcome, line.confirmation])).toEqual([
      ["container_create", "ok", "not_required"],
      ["container_remove", "not_performed", "token_issued"],
      ["container_remove", "ok", "token_accepted"],
      ["volume_remove", "error", "preview_failed"],
    ]);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(
        expect.arrayContaining([
          "time",
          "tool",
          "host",
          "targets",
          "arguments",
          "outcome",
          "duration_ms",
          "confirmation",
        ]),
      );
      expect(line.host).toBe("a");
      expect(Number.isNaN(Date.parse(line.time as string))).toBe(false);
    }
    expect(createdId).toMatch(/^[0-9a-f]{64}$/);
    expect(lines[0]?.targets).toContain(createdId);
    expect(lines[2]?.targets).toEqual([expect.stringMatching(/audited/)]);
  });

  it("never holds the secret, and says what it hid", () => {
    expect(text).not.toContain(password);
    expect(JSON.stringify(lines[0]?.arguments)).toContain("***redacted (DB_PASSWORD)***");
  });
});
