// docs_lookup and the docker-docs:// resources through the real bundled server. This machine has no route to the
// documentation sites, so the pages come from a pre-seeded cache directory, and the rest proves the offline error.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheFileName } from "../../src/docs/cache.js";
import { callTool, type Spawned, spawnServer } from "../support/mcp-client.js";
import { tb } from "../support/testbed.js";

const cacheDir = mkdtempSync(join(tmpdir(), "dmcp-docs-e2e-"));
const DOCKERFILE_URL = "https://docs.docker.com/reference/dockerfile/";
const DOCKERFILE_TEXT = "Source: https://docs.docker.com/reference/dockerfile/\n\n# Dockerfile reference\n\n- FROM\n";
let server: Spawned;

function textOf(result: { contents: unknown[] }): string {
  return String((result.contents[0] as { text?: unknown } | undefined)?.text ?? "");
}

const LONG_URL = "https://docs.docker.com/build/building/best-practices/";
const LONG_TEXT = `Source: ${LONG_URL}\n\n${Array.from({ length: 4000 }, (_, i) => `- practice ${i}: keep layers small\n`).join("")}`;

beforeAll(async () => {
  writeFileSync(join(cacheDir, cacheFileName("dockerfile", DOCKERFILE_URL)), DOCKERFILE_TEXT);
  writeFileSync(join(cacheDir, cacheFileName("build-best-practices", LONG_URL)), LONG_TEXT);
  server = await spawnServer({
    DOCKER_MCP_SERVER_HOSTS: tb("ENGINE_A_HOST"),
    DOCKER_MCP_SERVER_DOCS_CACHE_DIR: cacheDir,
    DOCKER_MCP_SERVER_DISABLE: "scout",
  });
});

afterAll(async () => {
  await server?.close();
});

describe("documentation over stdio", () => {
  it("lists the docs resources and the contents index without disabled sections", async () => {
    const { resources } = await server.client.listResources();
    expect(resources.map((resource) => resource.uri)).toContain("docker-docs://contents");
    const { resourceTemplates } = await server.client.listResourceTemplates();
    expect(resourceTemplates.map((template) => template.uriTemplate)).toContain("docker-docs://{section}");
    const contents = JSON.parse(textOf(await server.client.readResource({ uri: "docker-docs://contents" })));
    expect(contents.disabled_sections).toEqual(["scout", "scout-cli"]);
    expect(contents.sections).toHaveLength(30);
    expect(contents.sections).toContain("engine-api-version");
    const lookup = await callTool(server.client, "docs_lookup", {});
    expect(lookup.isError).toBe(false);
    expect(JSON.parse(lookup.text)).toEqual(contents);
  });

  it("serves a cached section instantly, the same through the resource and the tool", async () => {
    const started = performance.now();
    expect(textOf(await server.client.readResource({ uri: "docker-docs://dockerfile" }))).toBe(DOCKERFILE_TEXT);
    expect(await callTool(server.client, "docs_lookup", { section: "dockerfile" })).toEqual({
      isError: false,
      text: DOCKERFILE_TEXT,
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("hands a page longer than one result out in parts that add up to the resource text", async () => {
    expect(Buffer.byteLength(LONG_TEXT)).toBeGreaterThan(64 * 1024);
    const whole = textOf(await server.client.readResource({ uri: "docker-docs://build-best-practices" }));
    expect(whole).toBe(LONG_TEXT);
    let joined = "";
    for (let part = 1; ; part++) {
      const result = await callTool(server.client, "docs_lookup", { section: "build-best-practices", part });
      expect(result.isError).toBe(false);
      expect(result.text).not.toContain("[truncated");
      const note = /\[part (\d+) of (\d+)\.(.*)\]$/.exec(result.text);
      expect(note?.[1]).toBe(String(part));
      joined += result.text.slice(0, note?.index);
      if (note?.[1] === note?.[2]) break;
      expect(note?.[3]).toContain(`section="build-best-practices", part=${part + 1}`);
    }
    expect(joined).toBe(LONG_TEXT);
    expect(await callTool(server.client, "docs_lookup", { section: "build-best-practices", part: 0 })).toMatchObject({
      isError: true,
      text: expect.stringContaining("part must be >= 1"),
    });
  });

  it("refuses disabled and unknown sections", async () => {
    expect(await callTool(server.client, "docs_lookup", { section: "scout-cli" })).toMatchObject({
      isError: true,
      text: expect.stringContaining("disabled via DOCKER_MCP_SERVER_DISABLE"),
    });
    await expect(server.client.readResource({ uri: "docker-docs://scout" })).rejects.toThrow(
      "disabled via DOCKER_MCP_SERVER_DISABLE",
    );
    expect(await callTool(server.client, "docs_lookup", { section: "contents" })).toMatchObject({
      isError: true,
      text: expect.stringContaining("Unknown documentation section"),
    });
  });

  it("says clearly when a section was never cached and the network is out of reach", async () => {
    const result = await callTool(server.client, "docs_lookup", { section: "compose-file" });
    expect(result.isError).toBe(true);
    expect(result.text).toContain(
      "Cannot fetch documentation section 'compose-file' from https://docs.docker.com/reference/compose-file/",
    );
    expect(result.text).toContain(`No cached copy exists yet in ${cacheDir}`);
  });

  it("maps engine-api-version to the default daemon's API version", async () => {
    const url = `https://docs.docker.com/reference/api/engine/version/v${tb("ENGINE_A_API_VERSION")}/`;
    const offline = await callTool(server.client, "docs_lookup", { section: "engine-api-version" });
    expect(offline).toMatchObject({ isError: true, text: expect.stringContaining(`from ${url}:`) });
    writeFileSync(join(cacheDir, cacheFileName("engine-api-version", url)), "# Engine API\n");
    expect(textOf(await server.client.readResource({ uri: "docker-docs://engine-api-version" }))).toBe(
      "# Engine API\n",
    );
  });
});
