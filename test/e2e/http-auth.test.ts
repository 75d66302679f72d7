// The HTTP endpoint's gates, against the bundle: bearer token (401 + WWW-Authenticate), Host and Origin allow-lists
// (403), refusal to start on a non-loopback address without a token, body and narrowing limits, /healthz without
// auth, an access log without tokens, TLS, OAuth resource-server mode with a loopback issuer (valid, expired, wrong
// audience, wrong signature), and a graceful SIGTERM that lets an in-flight call finish.

import { execFileSync, spawnSync } from "node:child_process";
import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker } from "../support/docker-cli.js";
import { connectHttp, freePort, type HttpServer, spawnHttp, TEST_TOKEN } from "../support/http-server.js";
import { BUNDLE, baseEnv, callTool } from "../support/mcp-client.js";
import { tb } from "../support/testbed.js";

const env = () => ({ DOCKER_MCP_SERVER_HOSTS: `a=${tb("ENGINE_A_HOST")}` });
const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
};
const JSON_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

async function post(url: string, headers: Record<string, string>, body: unknown = INITIALIZE) {
  const response = await fetch(url, {
    method: "POST",
    headers: { ...JSON_HEADERS, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** A request with a Host header fetch would not let us set. */
async function rawPost(port: number, headers: Record<string, string>): Promise<number> {
  const { request } = await import("node:http");
  return await new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path: "/mcp", method: "POST", headers: { ...JSON_HEADERS, ...headers } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(INITIALIZE));
  });
}

describe("bearer token", () => {
  let server: HttpServer;
  beforeAll(async () => {
    server = await spawnHttp({ ...env(), DOCKER_MCP_SERVER_HTTP_MAX_BODY_BYTES: "65536" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("refuses a request without a token with 401 and a Bearer challenge", async () => {
    const answer = await post(server.url, {});
    expect(answer.status).toBe(401);
    expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer realm="docker-mcp-server"/);
    expect(answer.text).toMatch(/Authorization: Bearer/);
  });

  it("refuses a wrong token with 401 invalid_token, and a token of another scheme", async () => {
    const wrong = await post(server.url, { authorization: `Bearer ${TEST_TOKEN}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
    expect((await post(server.url, { authorization: `Basic ${TEST_TOKEN}` })).status).toBe(401);
  });

  it("accepts the right token", async () => {
    const answer = await post(server.url, { authorization: `Bearer ${TEST_TOKEN}` });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("mcp-session-id")).toBeTruthy();
  });

  it("refuses a foreign Host and a foreign Origin with 403, accepts its own", async () => {
    const auth = { authorization: `Bearer ${TEST_TOKEN}` };
    expect(await rawPost(server.port, { ...auth, host: `evil.example:${server.port}` })).toBe(403);
    expect(await rawPost(server.port, { ...auth, origin: "http://evil.example" })).toBe(403);
    expect(await rawPost(server.port, { ...auth, origin: `http://localhost:${server.port + 1}` })).toBe(403);
    expect(
      await rawPost(server.port, {
        ...auth,
        host: `localhost:${server.port}`,
        origin: `http://localhost:${server.port}`,
      }),
    ).toBe(200);
  });

  it("serves /healthz without a token and without touching a daemon", async () => {
    const response = await fetch(server.url.replace(/\/mcp$/, "/healthz"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("refuses a body over the limit with 413 and a bad narrowing header with 400", async () => {
    const auth = { authorization: `Bearer ${TEST_TOKEN}` };
    const big = await post(server.url, auth, {
      ...INITIALIZE,
      params: { ...INITIALIZE.params, pad: "x".repeat(70_000) },
    });
    expect(big.status).toBe(413);
    expect(big.text).toMatch(/65536-byte limit/);
    const bad = await post(server.url, { ...auth, "x-mcp-readonly": "maybe" });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/X-MCP-Readonly 'maybe' is not a flag/);
  });

  it("narrows a request with X-MCP-Readonly, in both eras, and never widens", async () => {
    for (const era of ["2025-11-25", "2026-07-28"] as const) {
      const client = await connectHttp(server.url, era, {
        authorization: `Bearer ${TEST_TOKEN}`,
        "x-mcp-readonly": "1",
      });
      try {
        const names = (await client.listTools()).tools.map((tool) => tool.name);
        expect(names).toContain("container_list");
        expect(names).not.toContain("container_create");
        const refused = await callTool(client, "container_remove", { container_id: "nothing-here" });
        expect(refused.isError).toBe(true);
        expect(refused.text).toMatch(/Unknown tool 'container_remove'/);
      } finally {
        await client.close();
      }
    }
  });

  it("logs each request on stderr without the token", () => {
    expect(server.stderr()).toMatch(/http: 127\.0\.0\.1 POST \/mcp 401 \d+ms\n/);
    expect(server.stderr()).toMatch(/http: 127\.0\.0\.1 POST \/mcp 200 \d+ms initialize\n/);
    expect(server.stderr()).not.toContain(TEST_TOKEN);
  });
});

describe("start-up refusals", () => {
  it("refuses a non-loopback address without a token (exit 1, says why)", () => {
    const result = spawnSync(process.execPath, [BUNDLE, "--http", "0.0.0.0:1"], {
      env: baseEnv(env()),
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Refusing to serve HTTP on 0\.0\.0\.0.*without authentication/);
  });

  it("refuses a short token and a malformed address", () => {
    const short = spawnSync(process.execPath, [BUNDLE, "--http"], {
      env: baseEnv({ ...env(), DOCKER_MCP_SERVER_HTTP_TOKEN: "short" }),
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/shorter than 16 characters/);
    const bad = spawnSync(process.execPath, [BUNDLE, "--http", "localhost:99999"], {
      env: baseEnv(env()),
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/is not \[host:\]port/);
  });
});

describe("TLS", () => {
  let dir: string;
  let server: HttpServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "dmcp-http-tls-"));
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=IP:127.0.0.1,DNS:localhost",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    server = await spawnHttp({
      ...env(),
      DOCKER_MCP_SERVER_HTTP_TLS_CERT: join(dir, "cert.pem"),
      DOCKER_MCP_SERVER_HTTP_TLS_KEY: join(dir, "key.pem"),
    });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves https with the given certificate", async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpsRequest(
        server.url,
        {
          method: "POST",
          ca: readFileSync(join(dir, "cert.pem")),
          headers: { ...JSON_HEADERS, authorization: `Bearer ${TEST_TOKEN}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify(INITIALIZE));
    });
    expect(status).toBe(200);
  });
});

/** A loopback OAuth authorization server: metadata and a JWKS; tokens are signed here with node:crypto. */
class TestIssuer {
  readonly key = generateKeyPairSync("rsa", { modulusLength: 2048 });
  readonly otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 });
  private server: Server | undefined;
  url = "";
  jwksFetches = 0;

  async start(): Promise<void> {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    this.server = createServer((req, res) => {
      if (req.url === "/.well-known/oauth-authorization-server") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ issuer: this.url, jwks_uri: `${this.url}/jwks` }));
      } else if (req.url === "/jwks") {
        this.jwksFetches += 1;
        const jwk = this.key.publicKey.export({ format: "jwk" });
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ keys: [{ ...jwk, kid: "k1", use: "sig", alg: "RS256" }] }));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => this.server?.listen(port, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  token(claims: Record<string, unknown>, key: KeyObject = this.key.privateKey): string {
    const now = Math.floor(Date.now() / 1000);
    const header = Buffer.from(JSON.stringify({ alg: "RS256", typ: "at+jwt", kid: "k1" })).toString("base64url");
    const payload = Buffer.from(
      JSON.stringify({ iss: this.url, sub: "agent-1", client_id: "ci", iat: now, exp: now + 300, ...claims }),
    ).toString("base64url");
    const signature = sign("sha256", Buffer.from(`${header}.${payload}`), key).toString("base64url");
    return `${header}.${payload}.${signature}`;
  }
}

describe("OAuth resource-server mode", () => {
  const issuer = new TestIssuer();
  let server: HttpServer;
  const audience = "https://docker-mcp.example/mcp";
  beforeAll(async () => {
    await issuer.start();
    server = await spawnHttp(
      { ...env(), DOCKER_MCP_SERVER_HTTP_OAUTH_ISSUER: issuer.url, DOCKER_MCP_SERVER_HTTP_OAUTH_AUDIENCE: audience },
      { token: null },
    );
  });
  afterAll(async () => {
    await server?.stop();
    await issuer.stop();
  });

  it("serves the protected-resource metadata and points the challenge at it", async () => {
    const metadata = await fetch(server.url.replace(/\/mcp$/, "/.well-known/oauth-protected-resource/mcp"));
    expect(metadata.status).toBe(200);
    expect(await metadata.json()).toMatchObject({ authorization_servers: [issuer.url] });
    const answer = await post(server.url, {});
    expect(answer.status).toBe(401);
    expect(answer.headers.get("www-authenticate")).toMatch(
      /resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp"/,
    );
  });

  it("accepts a valid token and uses the cached keys afterwards", async () => {
    const token = issuer.token({ aud: audience });
    expect((await post(server.url, { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await post(server.url, { authorization: `Bearer ${issuer.token({ aud: [audience, "x"] })}` })).status).toBe(
      200,
    );
    expect(issuer.jwksFetches).toBe(1);
  });

  it("refuses an expired token, a token for another audience and a token with a wrong signature", async () => {
    const expired = await post(server.url, {
      authorization: `Bearer ${issuer.token({ aud: audience, exp: Math.floor(Date.now() / 1000) - 120 })}`,
    });
    expect(expired.status).toBe(401);
    expect(expired.text).toMatch(/expired/);
    const otherAudience = await post(server.url, {
      authorization: `Bearer ${issuer.token({ aud: "https://other/mcp" })}`,
    });
    expect(otherAudience.status).toBe(401);
    expect(otherAudience.text).toMatch(/audience/);
    const forged = await post(server.url, {
      authorization: `Bearer ${issuer.token({ aud: audience }, issuer.otherKey.privateKey)}`,
    });
    expect(forged.status).toBe(401);
    expect(forged.text).toMatch(/signature/);
    expect(forged.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
    const otherIssuer = await post(server.url, {
      authorization: `Bearer ${issuer.token({ aud: audience, iss: "https://evil" })}`,
    });
    expect(otherIssuer.status).toBe(401);
  });
});

describe("concurrency limit", () => {
  it("answers 503 with Retry-After past DOCKER_MCP_SERVER_HTTP_MAX_CONCURRENT, and serves again after", async () => {
    const name = `dmcp-limit-${process.pid}-${Date.now()}`;
    docker(tb("ENGINE_A_HOST"), [
      "run",
      "-d",
      "--name",
      name,
      "--label",
      "dmcp.test=http-limit",
      "busybox:local",
      "sleep",
      "60",
    ]);
    const server = await spawnHttp({ ...env(), DOCKER_MCP_SERVER_HTTP_MAX_CONCURRENT: "1" });
    const client = await connectHttp(server.url, "2026-07-28");
    try {
      const slow = callTool(client, "container_wait", { id_or_name: name, until: "not-running", timeout_seconds: 3 });
      await new Promise((resolve) => setTimeout(resolve, 800));
      const refused = await post(server.url, { authorization: `Bearer ${TEST_TOKEN}` });
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("1");
      expect(refused.text).toMatch(/Too many requests at once \(the limit is 1\)/);
      expect((await slow).isError).toBe(false);
      expect((await post(server.url, { authorization: `Bearer ${TEST_TOKEN}` })).status).toBe(200);
    } finally {
      await client.close().catch(() => undefined);
      await server.stop();
      docker(tb("ENGINE_A_HOST"), ["rm", "-f", name]);
    }
  });
});

describe("graceful shutdown", () => {
  it("lets an in-flight call finish on SIGTERM and exits 0", async () => {
    const name = `dmcp-shutdown-${process.pid}-${Date.now()}`;
    docker(tb("ENGINE_A_HOST"), [
      "run",
      "-d",
      "--name",
      name,
      "--label",
      "dmcp.test=http-shutdown",
      "busybox:local",
      "sleep",
      "60",
    ]);
    const server = await spawnHttp({ ...env(), DOCKER_MCP_SERVER_HTTP_SHUTDOWN_TIMEOUT: "20" });
    const client = await connectHttp(server.url, "2026-07-28");
    try {
      const started = Date.now();
      const call = callTool(client, "container_wait", { id_or_name: name, until: "not-running", timeout_seconds: 3 });
      await new Promise((resolve) => setTimeout(resolve, 800));
      server.child.kill("SIGTERM");
      const result = await call;
      expect(result.isError, result.text).toBe(false);
      expect(JSON.parse(result.text)).toMatchObject({ timed_out: true });
      expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
      expect(await server.exited).toBe(0);
      expect(server.stderr()).toMatch(/SIGTERM: finishing in-flight calls/);
    } finally {
      await client.close().catch(() => undefined);
      await server.stop();
      docker(tb("ENGINE_A_HOST"), ["rm", "-f", name]);
    }
  });
});
