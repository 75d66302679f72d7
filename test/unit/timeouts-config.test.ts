// DOCKER_MCP_SERVER_REQUEST_TIMEOUT and _CONNECT_TIMEOUT: seconds, their defaults, and what a bad value does.

import { describe, expect, it } from "vitest";
import { parseSeconds } from "../../src/config/env.js";
import { loadConfig } from "../../src/config/index.js";

const load = (env: Record<string, string>) =>
  loadConfig({ HOME: "/nonexistent", ...env }, { version: "1", dockerEnvFileExists: false });

describe("timeout variables", () => {
  it("default to 60 s for requests and 10 s for connecting", () => {
    const config = load({});
    expect(config.requestTimeoutMs).toBe(60_000);
    expect(config.connectTimeoutMs).toBe(10_000);
    expect(config.notices).toEqual([]);
  });

  it("take whole or fractional seconds, trimmed", () => {
    const config = load({ DOCKER_MCP_SERVER_REQUEST_TIMEOUT: " 2 ", DOCKER_MCP_SERVER_CONNECT_TIMEOUT: "0.5" });
    expect(config.requestTimeoutMs).toBe(2000);
    expect(config.connectTimeoutMs).toBe(500);
  });

  it("treat blank as unset", () => {
    expect(parseSeconds("X", "  ", 60)).toEqual({ ms: 60_000 });
    expect(parseSeconds("X", undefined, 10)).toEqual({ ms: 10_000 });
  });

  it("fall back to the default with a notice naming the variable for anything but a positive number", () => {
    for (const bad of ["0", "-5", "abc", "1e3", "10s", "Infinity", ".5"]) {
      const parsed = parseSeconds("DOCKER_MCP_SERVER_REQUEST_TIMEOUT", bad, 60);
      expect(parsed.ms).toBe(60_000);
      expect(parsed.notice).toBe(
        `docker-mcp-server: DOCKER_MCP_SERVER_REQUEST_TIMEOUT='${bad}' is not a positive number of seconds; using the default 60.`,
      );
    }
    const config = load({ DOCKER_MCP_SERVER_CONNECT_TIMEOUT: "soon" });
    expect(config.connectTimeoutMs).toBe(10_000);
    expect(config.notices).toEqual([
      "docker-mcp-server: DOCKER_MCP_SERVER_CONNECT_TIMEOUT='soon' is not a positive number of seconds; using the default 10.",
    ]);
  });

  it("never round a tiny positive value down to no time at all", () => {
    expect(parseSeconds("X", "0.0001", 60).ms).toBe(1);
  });
});
