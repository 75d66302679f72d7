import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { HUB_API, HUB_REGISTRY, hubEndpoints } from "../../src/registry/hub.js";

const load = (env: Record<string, string>) =>
  loadConfig(
    { HOME: "/home/u", DOCKER_MCP_SERVER_HOSTS: "unix:///var/run/docker.sock", ...env },
    { version: "1", dockerEnvFileExists: false },
  );

describe("registry and docs configuration", () => {
  it("reads the CA file and the docs cache directory, with XDG and HOME defaults", () => {
    expect(load({}).registryCaFile).toBeUndefined();
    expect(load({}).docsCacheDir).toBe("/home/u/.cache/docker-mcp-server/docs");
    expect(load({ XDG_CACHE_HOME: "/xdg" }).docsCacheDir).toBe("/xdg/docker-mcp-server/docs");
    const set = load({
      DOCKER_MCP_SERVER_REGISTRY_CA_FILE: " /etc/ca.pem ",
      DOCKER_MCP_SERVER_DOCS_CACHE_DIR: "/tmp/d",
    });
    expect(set.registryCaFile).toBe("/etc/ca.pem");
    expect(set.docsCacheDir).toBe("/tmp/d");
  });

  it("has no deprecated alias for the new variables", () => {
    const config = load({ DOCKER_MCP_REGISTRY_CA_FILE: "/etc/ca.pem", DOCKER_MCP_DOCS_CACHE_DIR: "/x" });
    expect(config.registryCaFile).toBeUndefined();
    expect(config.docsCacheDir).toBe("/home/u/.cache/docker-mcp-server/docs");
    expect(config.notices).toEqual([]);
  });

  it("honours the test-only Hub stand-ins for loopback URLs only", () => {
    expect(hubEndpoints(undefined, undefined)).toEqual({ api: HUB_API, registry: HUB_REGISTRY });
    expect(hubEndpoints("http://127.0.0.1:8080/ignored-path", "http://localhost:9")).toEqual({
      api: "http://127.0.0.1:8080",
      registry: "http://localhost:9",
    });
    expect(hubEndpoints("https://evil.example", "http://10.0.0.1:80")).toEqual({
      api: HUB_API,
      registry: HUB_REGISTRY,
    });
    expect(hubEndpoints("file:///etc/passwd", "not a url")).toEqual({ api: HUB_API, registry: HUB_REGISTRY });
  });
});
