// Moving images between the two engines through one server: push to the TLS + basic-auth registry and pull back on
// the other engine (with progress notifications), a refused password, and save → load through a file and in-band.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, runId } from "../support/docker-cli.js";
import {
  bothHostsEnv,
  callWithProgress,
  cleanupByLabel,
  ENGINES,
  engineHost,
  removeImages,
  tarBase64,
} from "../support/images.js";
import { callJson, callTool, type Spawned, spawnServer } from "../support/mcp-client.js";
import { tb } from "../support/testbed.js";

const id = runId();
const label = `dmcp.test=${id}`;
const registry = () => tb("REGISTRY_TLS");
const directions = [
  { from: "a", to: "b" },
  { from: "b", to: "a" },
] as const;

let server: Spawned;
const work = mkdtempSync(join(tmpdir(), `dmcp-it-images-transfer-${id}-`));
const refs: string[] = [];

function imageRef(from: string): string {
  return `${registry()}/dmcp-it/${id}-${from}:v1`;
}

function payload(host: string, ref: string): string {
  return docker(host, ["run", "--rm", "--label", label, ref, "cat", "/payload"]);
}

beforeAll(async () => {
  // The server's env pair is the last-resort credential: the b → a pull relies on it.
  server = await spawnServer({
    ...bothHostsEnv(),
    DOCKER_MCP_SERVER_REGISTRY_USERNAME: tb("REGISTRY_USER"),
    DOCKER_MCP_SERVER_REGISTRY_PASSWORD: tb("REGISTRY_PASSWORD"),
  });
  for (const { from } of directions) {
    const built = await callJson<{ tags: string[] }>(server.client, "image_build", {
      host: from,
      data: await tarBase64({
        Dockerfile: `FROM busybox:local\nLABEL dmcp.test=${id}\nRUN echo from-${from}-${id} > /payload\n`,
      }),
      tag: imageRef(from),
    });
    expect(built.tags).toContain(imageRef(from));
    refs.push(imageRef(from));
  }
});

afterAll(async () => {
  await server?.close();
  for (const engine of ENGINES) {
    removeImages(engine.host(), [
      ...refs,
      `dmcp-it-transfer-${id}:saved`,
      `dmcp-it-transfer-${id}:inband`,
      `dmcp-it-transfer-${id}:private`,
    ]);
    cleanupByLabel(engine.host(), label);
  }
  rmSync(work, { recursive: true, force: true });
});

describe.each(directions)("registry round trip $from → $to", ({ from, to }) => {
  it("refuses a wrong password naming the registry, without echoing the secret", async () => {
    const wrong = `wrong-pass-${id}-${from}`;
    const result = await callTool(server.client, "image_push", {
      host: from,
      repository: imageRef(from),
      auth_config: { username: tb("REGISTRY_USER"), password: wrong },
    });
    expect(result.isError).toBe(true);
    expect(result.text).toContain(registry());
    expect(result.text).toMatch(/unauthorized|authentication required|refused the credentials/i);
    expect(result.text).not.toContain(wrong);
    expect(result.text).not.toContain(tb("REGISTRY_PASSWORD"));
    // A username alone is refused up front rather than silently replaced by other stored credentials.
    for (const tool of ["image_push", "image_registry_data"]) {
      const partial = await callTool(server.client, tool, {
        host: from,
        repository: imageRef(from),
        auth_config: { username: tb("REGISTRY_USER") },
      });
      expect(partial.isError, tool).toBe(true);
      expect(partial.text).toContain("auth_config needs a password or an identitytoken");
    }
    // Nothing arrived: the other engine cannot pull it yet.
    const pull = await callTool(server.client, "image_pull", { host: to, repository: imageRef(from) });
    expect(pull.isError).toBe(true);
    expect(pull.text).toContain(registry());
  });

  it("pushes with credentials and progress, then pulls it back on the other engine", async () => {
    const pushed = await callWithProgress(server.client, "image_push", {
      host: from,
      repository: imageRef(from),
      auth_config: { username: tb("REGISTRY_USER"), password: tb("REGISTRY_PASSWORD") },
    });
    expect(pushed.isError, pushed.text).toBe(false);
    expect(pushed.text).not.toContain(tb("REGISTRY_PASSWORD"));
    const push = JSON.parse(pushed.text) as { digest: string; size: number; layers: number; credentials: string };
    expect(push.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(push.size).toBeGreaterThan(0);
    expect(push.credentials).toBe("argument");
    expect(pushed.progress.length).toBeGreaterThan(0);

    if (to === "b") {
      // a → b: credentials held in the server's memory via system_login.
      await callJson(server.client, "system_login", {
        host: to,
        username: tb("REGISTRY_USER"),
        password: tb("REGISTRY_PASSWORD"),
        registry: registry(),
      });
    }
    removeImages(engineHost(to), [imageRef(from)]);
    const pulled = await callWithProgress(server.client, "image_pull", { host: to, repository: imageRef(from) });
    expect(pulled.isError, pulled.text).toBe(false);
    const pull = JSON.parse(pulled.text) as { digest: string; status: string; credentials: string; layers: number };
    expect(pull.digest).toBe(push.digest);
    expect(pull.status).toContain("Downloaded newer image");
    expect(pull.credentials).toBe(to === "b" ? "login" : "server-env");
    expect(pull.layers).toBeGreaterThan(0);
    expect(pulled.progress.length).toBeGreaterThan(0);
    const counters = pulled.progress.map((update) => update.progress);
    expect(counters).toEqual([...counters].sort((x, y) => x - y));
    expect(pulled.progress.some((update) => /complete|exists/i.test(update.message ?? ""))).toBe(true);
    expect(payload(engineHost(to), imageRef(from))).toBe(`from-${from}-${id}`);

    const data = await callJson<{ Descriptor: { digest: string } }>(server.client, "image_registry_data", {
      host: to,
      repository: imageRef(from),
    });
    expect(data.Descriptor.digest).toBe(push.digest);
  });
});

describe("private base images", () => {
  it("builds FROM a private registry image with the stored login (BuildKit has no session: classic fallback)", async () => {
    const base = imageRef("a");
    removeImages(engineHost("b"), [base]);
    const built = await callJson<{ tags: string[]; builder: string; warnings?: string[] }>(
      server.client,
      "image_build",
      {
        host: "b",
        data: await tarBase64({ Dockerfile: `FROM ${base}\nRUN cat /payload > /copied\n` }),
        tag: `dmcp-it-transfer-${id}:private`,
      },
    );
    expect(built.tags).toEqual([`dmcp-it-transfer-${id}:private`]);
    expect(built.builder).toBe("classic");
    expect(built.warnings?.[0]).toContain("built with the classic builder");
    expect(
      docker(engineHost("b"), ["run", "--rm", "--label", label, `dmcp-it-transfer-${id}:private`, "cat", "/copied"]),
    ).toBe(`from-a-${id}`);
  });
});

describe("save and load across engines", () => {
  it("saves to a file on engine a and loads it on engine b; an existing file is not overwritten", async () => {
    const name = `dmcp-it-transfer-${id}:saved`;
    docker(engineHost("a"), ["tag", imageRef("a"), name]);
    const file = join(work, "saved.tar");
    const saved = await callJson<{ path: string; bytes_written: number }>(server.client, "image_save", {
      host: "a",
      id_or_name: name,
      named: true,
      dest_path: file,
    });
    expect(saved).toEqual({ path: file, bytes_written: readFileSync(file).length });
    expect(saved.bytes_written).toBeGreaterThan(1024);

    const again = await callTool(server.client, "image_save", { host: "a", id_or_name: name, dest_path: file });
    expect(again.isError).toBe(true);
    expect(again.text).toContain("already exists");
    expect(readFileSync(file).length).toBe(saved.bytes_written);

    removeImages(engineHost("b"), [name]);
    const loaded = await callJson<{ loaded: Array<{ name: string; id: string; tags: string[] }> }>(
      server.client,
      "image_load",
      { host: "b", from_file: file },
    );
    expect(loaded.loaded.map((image) => image.name)).toContain(name);
    expect(payload(engineHost("b"), name)).toBe(`from-a-${id}`);
  });

  it("saves in-band (base64, capped) on engine b and loads it on engine a", async () => {
    const name = `dmcp-it-transfer-${id}:inband`;
    docker(engineHost("b"), ["tag", imageRef("b"), name]);
    const tooSmall = await callTool(server.client, "image_save", { host: "b", id_or_name: name, max_bytes: 1024 });
    expect(tooSmall.isError).toBe(true);
    expect(tooSmall.text).toContain("exceeded max_bytes=1024");
    const saved = await callJson<{ data: string; bytes: number; encoding: string }>(server.client, "image_save", {
      host: "b",
      id_or_name: name,
      named: true,
    });
    expect(saved.encoding).toBe("base64");
    expect(Buffer.from(saved.data, "base64").length).toBe(saved.bytes);
    removeImages(engineHost("a"), [name]);
    const loaded = await callJson<{ loaded: Array<{ name: string }> }>(server.client, "image_load", {
      host: "a",
      data: saved.data,
    });
    expect(loaded.loaded.map((image) => image.name)).toContain(name);
    expect(payload(engineHost("a"), name)).toBe(`from-b-${id}`);
  });

  it("a file that is not a tar is refused before the daemon sees it", async () => {
    const file = join(work, "not-a-tar.tar");
    writeFileSync(file, "definitely not a tar archive ".repeat(40));
    const result = await callTool(server.client, "image_load", { host: "b", from_file: file });
    expect(result.isError).toBe(true);
    expect(result.text).toContain("is not a `docker save` archive");
    expect(existsSync(file)).toBe(true);
  });
});
