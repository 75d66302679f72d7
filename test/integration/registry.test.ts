// registry_* tools against the test bed's real registries (distribution 2.8.2): plain HTTP on loopback, TLS with
// htpasswd behind a private CA, and token auth whose token server this file runs.

import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { referenceConfig } from "../../scripts/tool-docs.js";
import type { ServerConfig } from "../../src/config/index.js";
import type { ToolContext } from "../../src/contract/tool.js";
import { type Transport, undiciTransport } from "../../src/https/transport.js";
import { RegistryClient } from "../../src/registry/client.js";
import { listTags } from "../../src/registry/distribution.js";
import { parseRepositoryRef } from "../../src/registry/reference.js";
import {
  registryImageConfig,
  registryManifest,
  registryTags,
  registryTagWait,
} from "../../src/tools/registry/index.js";
import { FakeServer, json } from "../support/fake-registry.js";
import { basic, type Descriptor, deletePushedManifests, RegistryWriter } from "../support/registry-seed.js";
import { tb } from "../support/testbed.js";
import { mintToken, startTokenServer, type TokenServer } from "../support/token-server.js";
import { toolContext } from "../support/tool-context.js";

const RUN = `r${Date.now().toString(36)}`;
const PLAIN = tb("REGISTRY_PLAIN");
const TLS = tb("REGISTRY_TLS");
const TOKEN = tb("REGISTRY_TOKEN");
const USER = tb("REGISTRY_USER");
const PASSWORD = tb("REGISTRY_PASSWORD");
const APP = `dmcp-regtest/app-${RUN}`;
const MULTI = `dmcp-regtest/multi-${RUN}`;

function config(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return { ...referenceConfig(), version: "0.0.0-test", ...overrides };
}

function ctx(cfg: ServerConfig = config()): ToolContext {
  return toolContext(cfg);
}

/** Runs a tool and returns its result, or the error message. */
async function call(tool: { run(args: never, ctx: ToolContext): Promise<unknown> }, args: object, context = ctx()) {
  try {
    return { ok: true as const, value: (await tool.run(args as never, context)) as Record<string, unknown> };
  } catch (err) {
    return { ok: false as const, error: (err as Error).message };
  }
}

function sorted(result: { ok: boolean; value?: Record<string, unknown> }): string[] {
  return [...((result.value?.tags as string[] | undefined) ?? [])].sort();
}

const defaults = { limit: 1000, reference: "latest", platform: "linux/amd64" };

// what this file pushed leaves the shared registries again
afterAll(async () => {
  await deletePushedManifests();
});

describe("plain HTTP loopback registry", () => {
  let multi: { index: Descriptor; children: Descriptor[] };
  let single: Descriptor;

  beforeAll(async () => {
    const writer = new RegistryWriter(`http://${PLAIN}`);
    single = await writer.pushImage(APP, ["1.0", "1.1", "1.2", "2.0", "latest"], {
      os: "linux",
      architecture: "amd64",
    });
    multi = await writer.pushMultiArch(MULTI, "1");
    // and one pushed the ordinary way, by the docker CLI (a Docker v2 schema 2 manifest)
    const docker = (...args: string[]) =>
      execFileSync("docker", ["-H", tb("ENGINE_A_HOST"), ...args], { stdio: "pipe" });
    docker("tag", tb("TESTBED_IMAGE"), `${PLAIN}/dmcp-regtest/busybox-${RUN}:cli`);
    docker("push", `${PLAIN}/dmcp-regtest/busybox-${RUN}:cli`);
    await writer.track(`dmcp-regtest/busybox-${RUN}`, "cli");
    docker("rmi", `${PLAIN}/dmcp-regtest/busybox-${RUN}:cli`);
  });

  it("lists tags, honouring limit", async () => {
    const all = await call(registryTags, { ...defaults, repository: `${PLAIN}/${APP}:ignored` });
    expect(all).toMatchObject({ ok: true, value: { name: APP, registry: PLAIN, truncated: false } });
    // distribution 2.8 lists tags in storage order, not sorted
    expect(sorted(all)).toEqual(["1.0", "1.1", "1.2", "2.0", "latest"]);
    const two = await call(registryTags, { ...defaults, repository: `${PLAIN}/${APP}`, limit: 2 });
    expect(two).toMatchObject({ ok: true, value: { truncated: true } });
    expect(sorted(two)).toHaveLength(2);
  });

  // Tag pagination (`n`, Link) arrived in distribution 3.0; the test bed's 2.8.2 ignores `n` and answers in one
  // page, so multi-page Link following is covered against the loopback stand-in (test/unit/registry-client.test.ts).
  it("tries HTTPS first and falls back to HTTP for the loopback registry, staying on its host", async () => {
    const seen: string[] = [];
    const real = undiciTransport(undefined);
    const counting: Transport = (request) => {
      seen.push(request.url.href);
      return real(request);
    };
    const client = new RegistryClient(PLAIN, {
      version: "t",
      credentials: { username: undefined, password: undefined },
      transport: counting,
      signal: new AbortController().signal,
    });
    const ref = parseRepositoryRef(`${PLAIN}/${APP}`);
    expect((await listTags(client, ref, 1000)).tags).toHaveLength(5);
    expect((await listTags(client, ref, 1000)).tags).toHaveLength(5);
    expect(seen).toEqual([
      `https://${PLAIN}/v2/${APP}/tags/list`,
      `http://${PLAIN}/v2/${APP}/tags/list`,
      `http://${PLAIN}/v2/${APP}/tags/list`,
    ]);
  });

  it("shows a single manifest with config and layer sizes", async () => {
    const result = await call(registryManifest, { repository: `${PLAIN}/${APP}`, reference: "1.0" });
    expect(result.ok).toBe(true);
    const value = result.ok ? result.value : {};
    expect(value).toMatchObject({
      name: APP,
      registry: PLAIN,
      reference: "1.0",
      media_type: "application/vnd.oci.image.manifest.v1+json",
      digest: single.digest,
      manifest: { config: { size: expect.any(Number) }, layers: [{ size: expect.any(Number) }] },
    });
    expect(value).not.toHaveProperty("platforms");
  });

  it("lists an index's platforms", async () => {
    const result = await call(registryManifest, { repository: `${PLAIN}/${MULTI}`, reference: "1" });
    expect(result).toMatchObject({
      ok: true,
      value: {
        media_type: "application/vnd.oci.image.index.v1+json",
        digest: multi.index.digest,
        platforms: ["linux/amd64", "linux/arm64/v8"],
      },
    });
  });

  it("reads the config of the platform asked for, without pulling", async () => {
    const arm = await call(registryImageConfig, {
      ...defaults,
      repository: `${PLAIN}/${MULTI}`,
      reference: "1",
      platform: "linux/arm64",
    });
    expect(arm).toMatchObject({
      ok: true,
      value: {
        name: MULTI,
        registry: PLAIN,
        reference: "1",
        platform: "linux/arm64/v8",
        config: {
          architecture: "arm64",
          created: "2025-01-02T03:04:05Z",
          config: {
            Entrypoint: ["/bin/app"],
            Cmd: ["--serve"],
            ExposedPorts: { "8080/tcp": {} },
            Labels: { arch: "arm64" },
          },
        },
      },
    });
    const amd = await call(registryImageConfig, { ...defaults, repository: `${PLAIN}/${MULTI}`, reference: "1" });
    expect(amd).toMatchObject({ ok: true, value: { platform: "linux/amd64", config: { architecture: "amd64" } } });
    const none = await call(registryImageConfig, {
      ...defaults,
      repository: `${PLAIN}/${MULTI}`,
      reference: "1",
      platform: "linux/s390x",
    });
    expect(none).toEqual({ ok: false, error: expect.stringContaining("available: linux/amd64, linux/arm64/v8") });
    const bad = await call(registryImageConfig, { ...defaults, repository: `${PLAIN}/${MULTI}`, platform: "amd64" });
    expect(bad).toEqual({ ok: false, error: expect.stringContaining("os/arch") });
    const cli = await call(registryImageConfig, {
      ...defaults,
      repository: `${PLAIN}/dmcp-regtest/busybox-${RUN}`,
      reference: "cli",
    });
    expect(cli).toMatchObject({
      ok: true,
      value: { platform: null, config: { os: "linux", config: { Cmd: ["sh"] } } },
    });
  });

  it("waits for a tag pushed while it polls, and times out politely otherwise", async () => {
    const writer = new RegistryWriter(`http://${PLAIN}`);
    setTimeout(() => void writer.pushImage(APP, ["3.0"], { os: "linux", architecture: "amd64" }), 1200);
    const met = await call(registryTagWait, {
      repository: `${PLAIN}/${APP}`,
      tag: "3.0",
      limit: 1000,
      timeout_seconds: 30,
      poll_interval: 0.3,
    });
    expect(met).toMatchObject({
      ok: true,
      value: { repository: `${PLAIN}/${APP}`, tag: "3.0", met: true, timed_out: false },
    });
    const waited = met.ok ? (met.value.waited_seconds as number) : 0;
    expect(waited).toBeGreaterThan(1);
    expect(waited).toBeLessThan(10);
    const missed = await call(registryTagWait, {
      repository: `${PLAIN}/${APP}`,
      tag: "never",
      limit: 1000,
      timeout_seconds: 0.5,
      poll_interval: 0.2,
    });
    expect(missed).toMatchObject({ ok: true, value: { met: false, timed_out: true } });
  });

  it("explains bad input: malformed reference, unknown repository, unknown tag", async () => {
    expect(await call(registryTags, { ...defaults, repository: `${PLAIN}/Bad..Name` })).toEqual({
      ok: false,
      error: expect.stringContaining("Invalid image reference"),
    });
    expect(await call(registryTags, { ...defaults, repository: `${PLAIN}/dmcp-regtest/nothing-${RUN}` })).toEqual({
      ok: false,
      error: expect.stringMatching(
        /HTTP 404 \(NAME_UNKNOWN: repository name not known to registry\)\. Check the repository name/,
      ),
    });
    expect(await call(registryManifest, { repository: `${PLAIN}/${APP}`, reference: "9.9" })).toEqual({
      ok: false,
      error: expect.stringMatching(/HTTP 404 \(MANIFEST_UNKNOWN/),
    });
    expect(await call(registryManifest, { repository: `${PLAIN}/${APP}`, reference: "../../_catalog" })).toEqual({
      ok: false,
      error: expect.stringContaining("Invalid reference"),
    });
  });
});

describe("registry_tag_wait pacing", () => {
  it("sleeps a poll interval beyond the timer range instead of polling in a loop, and stops on cancel", async () => {
    const fake = await FakeServer.start((_req, res) => json(res, 200, { name: "team/app", tags: ["a"] }));
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 600);
      const result = await call(
        registryTagWait,
        { repository: `${fake.host}/team/app`, tag: "never", limit: 1000, timeout_seconds: 1e7, poll_interval: 3e6 },
        { ...ctx(), signal: controller.signal },
      );
      expect(result).toEqual({ ok: false, error: expect.stringMatching(/cancel/i) });
      expect(fake.requests).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });
});

describe("a token realm that echoes what it was sent", () => {
  it("never shows the password, or the Basic header carrying it, in the error", async () => {
    const secret = `pw-${RUN}-échø`;
    const fake = await FakeServer.start((req, res, self) => {
      if (req.url?.startsWith("/token")) {
        const sent = String(req.headers.authorization);
        return json(res, 401, { message: `bad credentials: ${sent} (${Buffer.from(sent.slice(6), "base64")})` });
      }
      res.writeHead(401, { "www-authenticate": `Bearer realm="${self.origin}/token",service="fake"` });
      res.end();
    });
    try {
      const args = { ...defaults, repository: `${fake.host}/team/app`, username: "alice", password: secret };
      const direct = await call(registryTags, args);
      const fromEnv = await call(
        registryTags,
        { ...defaults, repository: `${fake.host}/team/app` },
        ctx(config({ registryUsername: "alice", registryPassword: secret })),
      );
      for (const result of [direct, fromEnv]) {
        expect(result).toEqual({ ok: false, error: expect.stringContaining("HTTP 401 (bad credentials: Basic ***") });
        expect(JSON.stringify(result)).not.toContain(secret);
        expect(JSON.stringify(result)).not.toContain(Buffer.from(`alice:${secret}`).toString("base64").slice(0, 8));
      }
      expect(fake.paths().filter((path) => path.startsWith("/token"))).toHaveLength(2);
    } finally {
      await fake.close();
    }
  });
});

describe("TLS registry with htpasswd behind a private CA", () => {
  const caFile = tb("REGISTRY_TLS_CA");
  const repository = `${TLS}/${APP}`;

  beforeAll(async () => {
    await new RegistryWriter(`https://${TLS}`, basic(USER, PASSWORD), caFile).pushImage(APP, ["tls-1"], {
      os: "linux",
      architecture: "amd64",
    });
  });

  it("refuses the certificate without the CA file and says which variable to set", async () => {
    const result = await call(registryTags, { ...defaults, repository, username: USER, password: PASSWORD });
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/not trusted.*DOCKER_MCP_SERVER_REGISTRY_CA_FILE/),
    });
  });

  it("lists tags with argument credentials, or with the configured ones", async () => {
    const withCa = ctx(config({ registryCaFile: caFile }));
    expect(
      await call(registryTags, { ...defaults, repository, username: USER, password: PASSWORD }, withCa),
    ).toMatchObject({
      ok: true,
      value: { tags: ["tls-1"] },
    });
    const fromEnv = ctx(config({ registryCaFile: caFile, registryUsername: USER, registryPassword: PASSWORD }));
    expect(await call(registryManifest, { repository, reference: "tls-1" }, fromEnv)).toMatchObject({
      ok: true,
      value: { media_type: "application/vnd.oci.image.manifest.v1+json" },
    });
  });

  it("needs credentials, never mixes argument and configured ones, and never shows a password", async () => {
    const withCa = ctx(config({ registryCaFile: caFile }));
    const anonymous = await call(registryTags, { ...defaults, repository }, withCa);
    expect(anonymous).toEqual({ ok: false, error: expect.stringContaining("HTTP 401") });
    const mixed = ctx(config({ registryCaFile: caFile, registryPassword: PASSWORD }));
    expect(await call(registryTags, { ...defaults, repository, username: USER }, mixed)).toEqual({
      ok: false,
      error: expect.stringContaining("HTTP 401"),
    });
    const wrong = `${PASSWORD}-WRONG`;
    const refused = await call(registryTags, { ...defaults, repository, username: USER, password: wrong }, withCa);
    expect(refused).toEqual({ ok: false, error: expect.stringContaining("HTTP 401") });
    expect(JSON.stringify(refused)).not.toContain(wrong);
    expect(JSON.stringify(refused)).not.toContain(PASSWORD);
  });
});

describe("token-auth registry (Bearer challenge → token → retry)", () => {
  let tokens: TokenServer;
  const repository = `${TOKEN}/${APP}`;

  beforeAll(async () => {
    tokens = await startTokenServer();
    const writer = new RegistryWriter(
      `http://${TOKEN}`,
      (repo) => `Bearer ${mintToken([{ type: "repository", name: repo, actions: ["pull", "push", "delete"] }])}`,
    );
    await writer.pushImage(APP, ["tok-1", "tok-2"], { os: "linux", architecture: "arm64", variant: "v8" });
  });
  afterAll(async () => {
    await tokens?.close();
  });

  it("runs the whole flow for tags, manifests and configs", async () => {
    tokens.requests.length = 0;
    const credentials = { username: USER, password: PASSWORD };
    const tags = await call(registryTags, { ...defaults, repository, ...credentials });
    expect(tags).toMatchObject({ ok: true, value: { name: APP, registry: TOKEN, truncated: false } });
    expect(sorted(tags)).toEqual(["tok-1", "tok-2"]);
    expect(tokens.requests).toEqual([
      {
        path: `/token?service=${tb("REGISTRY_TOKEN_SERVICE")}&scope=${encodeURIComponent(`repository:${APP}:pull`)}`,
        authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`,
      },
    ]);
    const config = await call(registryImageConfig, { ...defaults, repository, reference: "tok-2", ...credentials });
    expect(config).toMatchObject({
      ok: true,
      value: { platform: null, config: { architecture: "arm64", variant: "v8" } },
    });
    // manifest and blob each ran their own challenge: tokens are not cached
    expect(tokens.requests).toHaveLength(3);
  });

  it("reports a refused token request without echoing any password", async () => {
    const anonymous = await call(registryTags, { ...defaults, repository });
    expect(anonymous).toEqual({
      ok: false,
      error: expect.stringContaining(`Token request to ${tb("REGISTRY_TOKEN_REALM")} failed: HTTP 401`),
    });
    const wrong = "definitely-not-the-password";
    const refused = await call(registryTags, { ...defaults, repository, username: USER, password: wrong });
    expect(refused).toEqual({ ok: false, error: expect.stringContaining("HTTP 401") });
    expect(JSON.stringify(refused)).not.toContain(wrong);
  });
});
