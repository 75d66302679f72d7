// The HTTPS client against a loopback stand-in for hostile and flaky registries. Made-up
// public names (registry.test, auth.test, hub.docker.com) are mapped onto the loopback server; any other host is
// refused by the transport, so these tests can never send traffic off this machine.

import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { undiciTransport } from "../../src/https/transport.js";
import { RegistryClient } from "../../src/registry/client.js";
import type { Credentials } from "../../src/registry/credentials.js";
import { getImageConfig, getManifest, listTags } from "../../src/registry/distribution.js";
import { hubRateLimit, hubTags } from "../../src/registry/hub.js";
import { parsePlatform } from "../../src/registry/platform.js";
import { parseRepositoryRef } from "../../src/registry/reference.js";
import { FakeServer, type Handler, json, mappedTransport } from "../support/fake-registry.js";

const NONE: Credentials = { username: undefined, password: undefined };
const SECRET = "s3cret-Pa55word!";
let servers: FakeServer[] = [];

afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

async function serve(handler: Handler): Promise<FakeServer> {
  const server = await FakeServer.start(handler);
  servers.push(server);
  return server;
}

interface Setup {
  server: FakeServer;
  client: RegistryClient;
  attempts: string[];
  sleeps: number[];
}

/** A client for `registry` (default the public-looking registry.test) whose traffic lands on `handler`. */
async function setup(handler: Handler, options: { registry?: string; credentials?: Credentials } = {}): Promise<Setup> {
  const server = await serve(handler);
  const attempts: string[] = [];
  const sleeps: number[] = [];
  const registry = options.registry ?? "registry.test";
  const client = new RegistryClient(registry, {
    version: "9.9.9",
    credentials: options.credentials ?? NONE,
    transport: mappedTransport(
      { "registry.test": server.origin, "auth.test": server.origin, "hub.docker.com": server.origin },
      attempts,
    ),
    signal: new AbortController().signal,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { server, client, attempts, sleeps };
}

const tagsOk: Handler = (_req, res) => json(res, 200, { name: "team/app", tags: ["1", "2"] });
const ref = parseRepositoryRef("registry.test/team/app");

/** Answers each request with the next entry; the last one repeats. */
function sequence(...steps: Array<(res: Parameters<Handler>[1]) => void>): Handler {
  let i = 0;
  return (_req, res) => {
    const step = steps[Math.min(i++, steps.length - 1)];
    step?.(res);
  };
}
const status =
  (code: number, headers: Record<string, string> = {}) =>
  (res: Parameters<Handler>[1]) => {
    res.writeHead(code, headers);
    res.end();
  };
const reply =
  (code: number, headers: Record<string, string> = {}): Handler =>
  (_req, res) =>
    status(code, headers)(res);
const ok = (res: Parameters<Handler>[1]) => json(res, 200, { name: "team/app", tags: ["a"] });

describe("retry policy", () => {
  it("retries a 429 once after a short Retry-After", async () => {
    const { client, server, sleeps } = await setup(sequence(status(429, { "retry-after": "1" }), ok));
    expect((await listTags(client, ref, 1000)).tags).toEqual(["a"]);
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([1000]);
  });

  it("fails a 429 without Retry-After at once, with registry-agnostic advice", async () => {
    const { client, server } = await setup(sequence(status(429), ok));
    const err = await listTags(client, ref, 1000).catch((e: Error) => e);
    expect(String(err)).toContain("Registry rate-limited (HTTP 429) for https://registry.test/v2/team/app/tags/list");
    expect(String(err)).not.toContain("retry after");
    expect(String(err)).not.toContain("100 pulls");
    expect(String(err)).toContain("registry.test's rate-limit policy");
    expect(server.requests).toHaveLength(1);
  });

  it("fails a 429 whose Retry-After is not a delay or an HTTP-date, without retrying", async () => {
    const { client, server, sleeps } = await setup(sequence(status(429, { "retry-after": "abc 12" }), ok));
    const err = await listTags(client, ref, 1000).catch((e: Error) => e);
    expect(String(err)).toContain("Registry rate-limited (HTTP 429)");
    expect(String(err)).not.toContain("retry after");
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("fails a 429 whose Retry-After exceeds 10 s, saying when to retry", async () => {
    const { client, server } = await setup(sequence(status(429, { "retry-after": "30" }), ok));
    await expect(listTags(client, ref, 1000)).rejects.toThrow(/HTTP 429\) for .*; retry after ~30s/);
    expect(server.requests).toHaveLength(1);
  });

  it("retries a 429 at most once", async () => {
    const { client, server } = await setup(sequence(status(429, { "retry-after": "1" })));
    await expect(listTags(client, ref, 1000)).rejects.toThrow("Registry rate-limited (HTTP 429)");
    expect(server.requests).toHaveLength(2);
  });

  it("gives Docker Hub advice for Hub hosts", async () => {
    const { client } = await setup(sequence(status(429)), { registry: "hub.docker.com" });
    await expect(client.getJson("/v2/repositories/library/alpine/")).rejects.toThrow(
      /Registry rate-limited \(HTTP 429\) for https:\/\/hub\.docker\.com.*about 100 pulls per 6 hours per IP/,
    );
  });

  it("recovers from 503 twice then 200, waiting 0.5 s each time", async () => {
    const { client, server, sleeps } = await setup(sequence(status(503), status(503), ok));
    expect((await listTags(client, ref, 1000)).tags).toEqual(["a"]);
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toEqual([500, 500]);
  });

  it("surfaces a sustained outage after three attempts", async () => {
    const { client, server } = await setup(sequence(status(504)));
    await expect(listTags(client, ref, 1000)).rejects.toThrow(/HTTP 504/);
    expect(server.requests).toHaveLength(3);
  });

  it("mixes 429 and 5xx retries in one loop and caps a long 5xx Retry-After at 10 s", async () => {
    const { client, sleeps } = await setup(
      sequence(status(429, { "retry-after": "2" }), status(502, { "retry-after": "60" }), ok),
    );
    expect((await listTags(client, ref, 1000)).tags).toEqual(["a"]);
    expect(sleeps).toEqual([2000, 10_000]);
  });
});

describe("auth challenge and realm guard", () => {
  const bearer = (realm: string) => ({
    "www-authenticate": `Bearer realm="${realm}",service="registry.test",scope="repository:team/app:pull"`,
  });

  it("runs the Bearer flow: challenge, token with Basic auth, retry with the token", async () => {
    const { client, server } = await setup(
      (req, res) => {
        if (req.url?.startsWith("/token")) return json(res, 200, { access_token: "tok-123" });
        if (req.headers.authorization === "Bearer tok-123") return tagsOk(req, res, server);
        status(401, bearer("https://auth.test/token"))(res);
      },
      { credentials: { username: "alice", password: SECRET } },
    );
    expect((await listTags(client, ref, 1000)).tags).toEqual(["1", "2"]);
    const token = server.requests.find((request) => request.path.startsWith("/token"));
    expect(token?.path).toBe("/token?service=registry.test&scope=repository%3Ateam%2Fapp%3Apull");
    expect(token?.headers.authorization).toBe(`Basic ${Buffer.from(`alice:${SECRET}`).toString("base64")}`);
    expect(token?.headers["user-agent"]).toBe("docker-mcp-server/9.9.9");
    // credentials never go to the registry endpoint itself
    for (const request of server.requests.filter((r) => r.path.startsWith("/v2/"))) {
      expect(request.headers.authorization ?? "").not.toContain("Basic");
    }
  });

  it("sends no Basic auth to the realm unless both credentials are non-empty", async () => {
    const { client, server } = await setup(
      (req, res) => {
        if (req.url?.startsWith("/token")) return json(res, 200, { token: "t" });
        if (req.headers.authorization === "Bearer t") return tagsOk(req, res, server);
        status(401, bearer("https://auth.test/token"))(res);
      },
      { credentials: { username: "alice", password: undefined } },
    );
    await listTags(client, ref, 1000);
    expect(server.requests.find((r) => r.path.startsWith("/token"))?.headers.authorization).toBeUndefined();
  });

  it("refuses a realm at 169.254.169.254 before connecting to it", async () => {
    const { client, attempts } = await setup(reply(401, bearer("http://169.254.169.254/latest/meta-data/")), {
      credentials: { username: "alice", password: SECRET },
    });
    const err = await listTags(client, ref, 1000).catch((e: Error) => e);
    expect(String(err)).toContain("possible SSRF");
    expect(String(err)).not.toContain(SECRET);
    expect(attempts.some((url) => url.includes("169.254"))).toBe(false);
  });

  it.each([
    ["file:///etc/passwd", "unsupported scheme"],
    ["http://auth.test/token", "plaintext http"],
  ])("refuses realm %s (%s)", async (realm, fragment) => {
    const { client } = await setup(reply(401, bearer(realm)));
    await expect(listTags(client, ref, 1000)).rejects.toThrow(fragment);
  });

  it("re-applies the guard to every redirect of the token request", async () => {
    const { client, attempts, server } = await setup(
      (req, res) => {
        if (req.url?.startsWith("/token")) return status(302, { location: "http://10.0.0.7/steal" })(res);
        status(401, bearer("https://auth.test/token"))(res);
      },
      { credentials: { username: "alice", password: SECRET } },
    );
    await expect(listTags(client, ref, 1000)).rejects.toThrow(/redirect.*possible SSRF/);
    expect(attempts.some((url) => url.includes("10.0.0.7"))).toBe(false);
    expect(server.paths().filter((p) => p.startsWith("/token"))).toHaveLength(1);
  });

  it("refuses a registry redirect onto a private address (blob bounced to metadata)", async () => {
    const { client, attempts } = await setup((req, res) => {
      if (req.url?.includes("/manifests/")) {
        return json(res, 200, { schemaVersion: 2, config: { digest: `sha256:${"c".repeat(64)}` }, layers: [] });
      }
      status(307, { location: "https://169.254.169.254/latest/meta-data/iam" })(res);
    });
    await expect(getImageConfig(client, ref, "latest", parsePlatform("linux/amd64"))).rejects.toThrow("possible SSRF");
    expect(attempts.some((url) => url.includes("169.254"))).toBe(false);
  });

  it("follows a same-registry redirect and drops the token on a cross-origin hop", async () => {
    const { client, server } = await setup((req, res) => {
      if (req.url === "/v2/team/app/tags/list") return status(302, { location: "/moved/tags" })(res);
      tagsOk(req, res, server);
    });
    expect((await listTags(client, ref, 1000)).tags).toEqual(["1", "2"]);
    expect(server.paths()).toEqual(["/v2/team/app/tags/list", "/moved/tags"]);
  });

  it("errors on a challenge without realm and on a token response without a token", async () => {
    const noRealm = await setup(reply(401, { "www-authenticate": 'Bearer service="x"' }));
    await expect(listTags(noRealm.client, ref, 1000)).rejects.toThrow("missing 'realm'");
    const noToken = await setup((req, res) => {
      if (req.url?.startsWith("/token")) return json(res, 200, { expires_in: 60 });
      status(401, bearer("https://auth.test/token"))(res);
    });
    await expect(listTags(noToken.client, ref, 1000)).rejects.toThrow("returned no token");
  });

  it("reports a refused token request without echoing the password", async () => {
    const { client } = await setup(
      (req, res) => {
        if (req.url?.startsWith("/token")) return json(res, 401, { details: "bad credentials" });
        status(401, bearer("https://auth.test/token"))(res);
      },
      { credentials: { username: "alice", password: SECRET } },
    );
    const err = await listTags(client, ref, 1000).catch((e: Error) => e);
    expect(String(err)).toMatch(/Token request to https:\/\/auth\.test\/token failed: HTTP 401/);
    expect(String(err)).not.toContain(SECRET);
  });

  it("answers a Basic challenge only with both credentials", async () => {
    const expected = `Basic ${Buffer.from(`bob:${SECRET}`).toString("base64")}`;
    const handler: Handler = (req, res, server) =>
      req.headers.authorization === expected
        ? tagsOk(req, res, server)
        : status(401, { "www-authenticate": 'Basic realm="Registry Realm"' })(res);
    const anonymous = await setup(handler);
    await expect(listTags(anonymous.client, ref, 1000)).rejects.toThrow(/HTTP 401/);
    const authed = await setup(handler, { credentials: { username: "bob", password: SECRET } });
    expect((await listTags(authed.client, ref, 1000)).tags).toEqual(["1", "2"]);
  });
});

describe("response size cap", () => {
  it("catches a gzip bomb by its decoded size", async () => {
    const bomb = gzipSync(Buffer.alloc(40 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const { client } = await setup((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      res.end(bomb);
    });
    await expect(listTags(client, ref, 1000)).rejects.toThrow("refusing to buffer a response this large");
  });

  it("refuses a plain body over 16 MiB and accepts one just under", async () => {
    const big = await setup((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(Buffer.alloc(16 * 1024 * 1024 + 1, 0x20));
    });
    await expect(listTags(big.client, ref, 1000)).rejects.toThrow("refusing to buffer a response this large");
    const fits = await setup((_req, res) => {
      const body = JSON.stringify({ tags: ["x"] });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(body + " ".repeat(16 * 1024 * 1024 - body.length));
    });
    expect((await listTags(fits.client, ref, 1000)).tags).toEqual(["x"]);
  });
});

describe("pagination", () => {
  it("stays on the registry host whatever the Link says", async () => {
    const { client, attempts } = await setup((req, res) => {
      const last = new URL(req.url ?? "/", "http://x").searchParams.get("last");
      if (!last)
        return json(
          res,
          200,
          { tags: ["a", "b"] },
          { link: '<https://evil.example/v2/team/app/tags/list?last=b>; rel="next"' },
        );
      json(res, 200, { tags: ["c"] });
    });
    expect(await listTags(client, ref, 1000)).toEqual({
      name: "team/app",
      registry: "registry.test",
      tags: ["a", "b", "c"],
      truncated: false,
    });
    expect(attempts).toEqual([
      "https://registry.test/v2/team/app/tags/list",
      "https://registry.test/v2/team/app/tags/list?last=b",
    ]);
  });

  it.each(["//169.254.169.254/v2/team/app/tags/list?last=b", "/\\169.254.169.254/v2/team/app/tags/list?last=b"])(
    "keeps a host-changing relative Link (%s) on the registry host",
    async (link) => {
      const { client, attempts } = await setup((req, res) => {
        if (req.url?.includes("last=b")) return json(res, 200, { tags: ["c"] });
        json(res, 200, { tags: ["a", "b"] }, { link: `<${link}>; rel="next"` });
      });
      expect((await listTags(client, ref, 1000)).tags).toEqual(["a", "b", "c"]);
      expect(attempts).toEqual([
        "https://registry.test/v2/team/app/tags/list",
        "https://registry.test/v2/team/app/tags/list?last=b",
      ]);
    },
  );

  it("stops at 50 pages and at the limit, flagging truncation", async () => {
    let page = 0;
    const { client, server } = await setup((_req, res) => {
      page++;
      json(res, 200, { tags: [`t${page}`] }, { link: `</v2/team/app/tags/list?last=t${page}>; rel=next` });
    });
    const all = await listTags(client, ref, 1000);
    expect(all.tags).toHaveLength(50);
    expect(all.truncated).toBe(true);
    expect(server.requests).toHaveLength(50);
    const limited = await setup((_req, res) => json(res, 200, { tags: ["a", "b", "c"] }));
    expect(await listTags(limited.client, ref, 3)).toMatchObject({ tags: ["a", "b", "c"], truncated: true });
  });
});

describe("manifests", () => {
  it("returns media type, digest and an index's platforms", async () => {
    const { client, server } = await setup((_req, res) =>
      json(
        res,
        200,
        {
          schemaVersion: 2,
          manifests: [
            { digest: "sha256:a", platform: { os: "linux", architecture: "amd64" } },
            { digest: "sha256:b", platform: { os: "linux", architecture: "arm64", variant: "v8" } },
            { digest: "sha256:c", platform: { os: "unknown", architecture: "unknown" } },
          ],
        },
        { "content-type": "application/vnd.oci.image.index.v1+json", "docker-content-digest": "sha256:idx" },
      ),
    );
    const result = await getManifest(client, ref, "v1");
    expect(result).toMatchObject({
      name: "team/app",
      registry: "registry.test",
      reference: "v1",
      media_type: "application/vnd.oci.image.index.v1+json",
      digest: "sha256:idx",
      platforms: ["linux/amd64", "linux/arm64/v8"],
    });
    expect(server.requests[0]?.headers.accept).toBe(
      "application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json",
    );
  });

  it("needs a config descriptor", async () => {
    const { client } = await setup((_req, res) => json(res, 200, { schemaVersion: 2, layers: [] }));
    await expect(getImageConfig(client, ref, "latest", parsePlatform("linux/amd64"))).rejects.toThrow(
      "no config descriptor",
    );
  });
});

describe("transport", () => {
  it("falls back to plain HTTP for a loopback registry only after HTTPS fails", async () => {
    const server = await serve(tagsOk);
    const client = new RegistryClient(server.host, {
      version: "1",
      credentials: NONE,
      transport: undiciTransport(undefined),
      signal: new AbortController().signal,
    });
    const local = parseRepositoryRef(`${server.host}/team/app`);
    expect((await listTags(client, local, 1000)).tags).toEqual(["1", "2"]);
    expect((await listTags(client, local, 1000)).tags).toEqual(["1", "2"]);
    expect(server.requests).toHaveLength(2);
  });

  it("never falls back to HTTP for a non-loopback registry", async () => {
    const attempts: string[] = [];
    const client = new RegistryClient("registry.test", {
      version: "1",
      credentials: NONE,
      transport: async (request) => {
        attempts.push(request.url.href);
        throw Object.assign(new Error("wrong version number"), { code: "EPROTO" });
      },
      signal: new AbortController().signal,
    });
    await expect(listTags(client, ref, 1000)).rejects.toThrow(/Cannot connect to https:\/\/registry\.test/);
    expect(attempts).toEqual(["https://registry.test/v2/team/app/tags/list"]);
  });

  it("times out and honours cancellation", async () => {
    const server = await serve(() => undefined);
    const slow = new RegistryClient(server.host, {
      version: "1",
      credentials: NONE,
      transport: mappedTransport({ [server.host]: server.origin }),
      signal: new AbortController().signal,
      timeoutMs: 200,
    });
    await expect(slow.get("/v2/")).rejects.toThrow(/timed out/);
    const controller = new AbortController();
    const cancelled = new RegistryClient(server.host, {
      version: "1",
      credentials: NONE,
      transport: mappedTransport({ [server.host]: server.origin }),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    await expect(cancelled.get("/v2/")).rejects.toThrow(/cancelled/);
  });
});

describe("Docker Hub", () => {
  it("pages hub_tags through `next` and compacts images", async () => {
    const { client, server } = await setup(
      (req, res) => {
        const page = new URL(req.url ?? "/", "http://x").searchParams.get("page") ?? "1";
        const image = {
          architecture: "amd64",
          os: "linux",
          digest: "sha256:i",
          size: 5,
          last_pulled: "x",
          status: "active",
        };
        json(res, 200, {
          next: page === "1" ? "https://hub.docker.com/v2/repositories/library/alpine/tags?page=2&page_size=100" : null,
          results: [
            {
              name: `tag${page}`,
              full_size: 10,
              last_updated: "2025-01-01",
              digest: "sha256:d",
              images: [image],
              id: 1,
            },
          ],
        });
      },
      { registry: "https://hub.docker.com" },
    );
    const result = await hubTags(client, "library/alpine", 100);
    expect(result).toEqual({
      name: "library/alpine",
      truncated: false,
      tags: ["tag1", "tag2"].map((name) => ({
        name,
        full_size: 10,
        last_updated: "2025-01-01",
        digest: "sha256:d",
        images: [{ os: "linux", architecture: "amd64", digest: "sha256:i", size: 5 }],
      })),
    });
    expect(server.paths()[0]).toBe("/v2/repositories/library/alpine/tags?page_size=100");
  });

  const probe =
    (headers: Record<string, string>, finalStatus = 200): Handler =>
    (req, res) => {
      if (req.url?.startsWith("/token")) return json(res, 200, { token: "hub-token" });
      if (req.headers.authorization !== "Bearer hub-token") {
        return status(401, {
          "www-authenticate": 'Bearer realm="https://auth.test/token",service="registry.docker.io"',
        })(res);
      }
      status(finalStatus, headers)(res);
    };

  it("reads the rate limit through the Bearer flow without the retry loop", async () => {
    const { client, server } = await setup(
      probe({ "ratelimit-limit": "100;w=21600", "ratelimit-remaining": "76;w=21600" }),
      {
        registry: "https://registry.test",
      },
    );
    expect(await hubRateLimit(client, NONE)).toEqual({
      authenticated: false,
      limit: 100,
      remaining: 76,
      window_seconds: 21600,
      unlimited: false,
    });
    expect(server.requests.map((r) => r.method)).toEqual(["HEAD", "GET", "HEAD"]);
  });

  it("takes 429 as an answer, reports unlimited when no headers come, and fails on other statuses", async () => {
    const exhausted = await setup(probe({ "ratelimit-limit": "100", "ratelimit-remaining": "0" }, 429), {
      registry: "https://registry.test",
    });
    expect(await hubRateLimit(exhausted.client, { username: "u", password: "p" })).toEqual({
      authenticated: true,
      limit: 100,
      remaining: 0,
      window_seconds: null,
      unlimited: false,
    });
    const unlimited = await setup(probe({}), { registry: "https://registry.test" });
    expect(await hubRateLimit(unlimited.client, NONE)).toMatchObject({ unlimited: true, limit: null });
    const broken = await setup(probe({}, 503), { registry: "https://registry.test" });
    await expect(hubRateLimit(broken.client, NONE)).rejects.toThrow(/HTTP 503/);
    expect(broken.server.requests.filter((r) => r.method === "HEAD")).toHaveLength(2);
    const basic = await setup(reply(401, { "www-authenticate": 'Basic realm="x"' }), {
      registry: "https://registry.test",
    });
    await expect(hubRateLimit(basic.client, NONE)).rejects.toThrow(/HTTP 401/);
  });
});
