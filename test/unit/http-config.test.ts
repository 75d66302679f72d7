// The --http argument and the DOCKER_MCP_SERVER_HTTP_* variables: defaults, fail-fast errors, the loopback rule;
// the constant-time token comparison; the X-MCP-Readonly narrowing values.

import { describe, expect, it } from "vitest";
import { HttpConfigError, isLoopbackHost, loadHttpConfig, parseListen } from "../../src/config/http.js";
import { tokensMatch } from "../../src/server/http-auth.js";
import { narrowingOf } from "../../src/server/http-endpoint.js";

const TOKEN = "0123456789abcdef0123";
const load = (listen: string | undefined, env: Record<string, string> = {}, files: Record<string, string> = {}) =>
  loadHttpConfig(listen, env, {
    defaultMaxBodyBytes: 1024,
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error("missing"), { code: "ENOENT" });
      return Buffer.from(text);
    },
  });

describe("--http [host:]port", () => {
  it("defaults to 127.0.0.1:8808 and reads port, host:port and [v6]:port", () => {
    expect(parseListen(undefined)).toEqual({ host: "127.0.0.1", port: 8808 });
    expect(parseListen("9000")).toEqual({ host: "127.0.0.1", port: 9000 });
    expect(parseListen("0.0.0.0:9000")).toEqual({ host: "0.0.0.0", port: 9000 });
    expect(parseListen("[::1]:9000")).toEqual({ host: "::1", port: 9000 });
  });

  it("refuses what is not an address", () => {
    for (const bad of ["99999", "host:", "a:b:c", "0", "http://x:1"]) {
      expect(() => parseListen(bad), bad).toThrow(HttpConfigError);
    }
  });

  it("knows loopback", () => {
    expect(["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"].every(isLoopbackHost)).toBe(true);
    expect(["0.0.0.0", "10.0.0.1", "example.com", "::"].some(isLoopbackHost)).toBe(false);
  });
});

describe("DOCKER_MCP_SERVER_HTTP_*", () => {
  it("serves loopback without a token, refuses any other address without one", () => {
    expect(load(undefined).token).toBeUndefined();
    expect(() => load("0.0.0.0:8808")).toThrow(/not a loopback address, without authentication/);
    expect(load("0.0.0.0:8808", { DOCKER_MCP_SERVER_HTTP_TOKEN: TOKEN }).token).toBe(TOKEN);
  });

  it("reads the token file, refuses both sources, short tokens and unreadable files", () => {
    expect(load(undefined, { DOCKER_MCP_SERVER_HTTP_TOKEN_FILE: "/t" }, { "/t": `${TOKEN}\n` }).token).toBe(TOKEN);
    expect(() =>
      load(undefined, { DOCKER_MCP_SERVER_HTTP_TOKEN: TOKEN, DOCKER_MCP_SERVER_HTTP_TOKEN_FILE: "/t" }),
    ).toThrow(/not both/);
    expect(() => load(undefined, { DOCKER_MCP_SERVER_HTTP_TOKEN: "short" })).toThrow(/shorter than 16/);
    expect(() => load(undefined, { DOCKER_MCP_SERVER_HTTP_TOKEN_FILE: "/nope" })).toThrow(
      /cannot read '\/nope' \(ENOENT\)/,
    );
    expect(() => load(undefined, { DOCKER_MCP_SERVER_HTTP_TOKEN_FILE: "/e" }, { "/e": " \n" })).toThrow(/is empty/);
  });

  it("needs both TLS files, and reads them", () => {
    expect(() => load(undefined, { DOCKER_MCP_SERVER_HTTP_TLS_CERT: "/c" })).toThrow(/both/);
    const config = load(
      undefined,
      { DOCKER_MCP_SERVER_HTTP_TLS_CERT: "/c", DOCKER_MCP_SERVER_HTTP_TLS_KEY: "/k" },
      { "/c": "C", "/k": "K" },
    );
    expect(config.tls?.cert.toString()).toBe("C");
    expect(config.publicUrl).toBe("https://127.0.0.1:8808/mcp");
  });

  it("takes an https issuer (http only on loopback) and defaults the audience to the public URL", () => {
    const config = load("0.0.0.0:9000", {
      DOCKER_MCP_SERVER_HTTP_OAUTH_ISSUER: "https://auth.example/",
      DOCKER_MCP_SERVER_HTTP_PUBLIC_URL: "https://mcp.example/mcp",
    });
    expect(config.oauth).toEqual({
      issuer: "https://auth.example",
      audience: "https://mcp.example/mcp",
      jwksUrl: undefined,
    });
    expect(() => load(undefined, { DOCKER_MCP_SERVER_HTTP_OAUTH_ISSUER: "http://auth.example" })).toThrow(/https/);
    expect(() => load(undefined, { DOCKER_MCP_SERVER_HTTP_OAUTH_AUDIENCE: "x" })).toThrow(
      /need DOCKER_MCP_SERVER_HTTP_OAUTH_ISSUER/,
    );
  });

  it("limits are positive whole numbers", () => {
    expect(load(undefined).maxBodyBytes).toBe(1024);
    expect(load(undefined, { DOCKER_MCP_SERVER_HTTP_MAX_CONCURRENT: "8" }).maxConcurrent).toBe(8);
    for (const bad of ["0", "-1", "2.5", "lots"]) {
      expect(() => load(undefined, { DOCKER_MCP_SERVER_HTTP_MAX_BODY_BYTES: bad }), bad).toThrow(
        /positive whole number/,
      );
    }
  });
});

describe("tokens and narrowing", () => {
  it("compares tokens of any length", () => {
    expect(tokensMatch(TOKEN, TOKEN)).toBe(true);
    expect(tokensMatch(`${TOKEN}x`, TOKEN)).toBe(false);
    expect(tokensMatch("", TOKEN)).toBe(false);
  });

  it("reads X-MCP-Readonly as a flag and refuses anything else", () => {
    expect(narrowingOf(undefined)).toEqual({});
    expect(narrowingOf("TRUE")).toEqual({ readOnly: true });
    expect(narrowingOf("0")).toEqual({});
    expect(narrowingOf("maybe")).toMatch(/is not a flag/);
  });
});
