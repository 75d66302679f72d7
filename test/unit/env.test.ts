import { describe, expect, it } from "vitest";
import { EnvReader, isTruthy, parseDomainList, scrubPlaceholders } from "../../src/config/env.js";
import { loadConfig } from "../../src/config/index.js";

describe("flags", () => {
  it("are true only for 1/true/yes/on, trimmed and in any case", () => {
    for (const v of ["1", "true", " YES ", "On"]) expect(isTruthy(v)).toBe(true);
    for (const v of [undefined, "", "0", "false", "no", "off", "maybe", "2"]) expect(isTruthy(v)).toBe(false);
  });
});

describe("placeholder scrubbing", () => {
  it("deletes whole-value ${...} tokens only", () => {
    const env: Record<string, string | undefined> = {
      DOCKER_HOST: " ${user_config.docker_host} ",
      KEEP: "prefix ${x}",
      EMPTY: "${}",
      PLAIN: "value",
    };
    expect(scrubPlaceholders(env).sort()).toEqual(["DOCKER_HOST", "EMPTY"]);
    expect(env).toEqual({ KEEP: "prefix ${x}", PLAIN: "value" });
  });
});

describe("deprecated aliases", () => {
  it("canonical wins, even when explicitly empty", () => {
    const reader = new EnvReader({ DOCKER_MCP_SERVER_READONLY: "", DOCKER_MCP_READONLY: "1" });
    expect(reader.flag("DOCKER_MCP_SERVER_READONLY")).toBe(false);
    expect(reader.aliasNotices).toEqual([]);
  });

  it("an alias is honoured with one notice per alias naming the canonical variable", () => {
    const reader = new EnvReader({ DOCKER_MCP_READONLY: "yes", DOCKER_MCP_DISABLE: "swarm" });
    expect(reader.flag("DOCKER_MCP_SERVER_READONLY")).toBe(true);
    expect(reader.flag("DOCKER_MCP_SERVER_READONLY")).toBe(true);
    expect(reader.get("DOCKER_MCP_SERVER_DISABLE")).toBe("swarm");
    expect(reader.aliasNotices).toHaveLength(2);
    expect(reader.aliasNotices[0]).toContain("DOCKER_MCP_READONLY is deprecated");
    expect(reader.aliasNotices[0]).toContain("DOCKER_MCP_SERVER_READONLY");
  });

  it("loadConfig applies aliases and reports their notices", () => {
    const config = loadConfig(
      { DOCKER_MCP_NO_DESTRUCTIVE: "1", DOCKER_MCP_REGISTRY_USERNAME: "u", HOME: "/nonexistent" },
      { version: "1.2.3", dockerEnvFileExists: false },
    );
    expect(config.noDestructive).toBe(true);
    expect(config.registryUsername).toBe("u");
    expect(config.notices.filter((n) => n.includes("deprecated"))).toHaveLength(2);
  });
});

describe("DOCKER_MCP_SERVER_DISABLE", () => {
  it("splits, trims, lower-cases and drops empties", () => {
    expect(parseDomainList("swarm, Plugins ,, SCOUT")).toEqual(["plugins", "scout", "swarm"]);
    expect(parseDomainList(undefined)).toEqual([]);
  });
});

describe("loadConfig", () => {
  it("notes once that DOCKER_HOST is ignored when HOSTS is set", () => {
    const config = loadConfig(
      { DOCKER_MCP_SERVER_HOSTS: "a=unix:///a.sock", DOCKER_HOST: "tcp://x:1", HOME: "/nonexistent" },
      { version: "1", dockerEnvFileExists: false },
    );
    expect(config.notices.filter((n) => n.includes("ignoring DOCKER_HOST"))).toHaveLength(1);
  });

  it("whitespace-only HOSTS keeps DOCKER_HOST and prints nothing", () => {
    const config = loadConfig(
      { DOCKER_MCP_SERVER_HOSTS: "   ", DOCKER_HOST: "tcp://x:1", HOME: "/nonexistent" },
      { version: "1", dockerEnvFileExists: false },
    );
    expect(config.hosts.entries[0]?.url).toBe("tcp://x:1");
    expect(config.notices).toEqual([]);
  });

  it("a placeholder DOCKER_HOST falls back to default resolution", () => {
    const config = loadConfig(
      { DOCKER_HOST: "${user_config.docker_host}", HOME: "/nonexistent" },
      { version: "1", dockerEnvFileExists: false },
    );
    expect(config.hosts.entries[0]?.url).not.toContain("${");
  });

  it("containerised by flag or by /.dockerenv", () => {
    expect(loadConfig({ HOME: "/x" }, { version: "1", dockerEnvFileExists: false }).inContainer).toBe(false);
    expect(loadConfig({ HOME: "/x" }, { version: "1", dockerEnvFileExists: true }).inContainer).toBe(true);
    expect(
      loadConfig({ HOME: "/x", DOCKER_MCP_SERVER_IN_CONTAINER: "1" }, { version: "1", dockerEnvFileExists: false })
        .inContainer,
    ).toBe(true);
  });
});
