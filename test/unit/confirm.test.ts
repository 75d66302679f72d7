// The confirmation machinery without a daemon: the settings, the single-use tokens, which tools take confirm_token
// under each mode, the preview table's coverage, the prune filter semantics and the argument scrubber.

import { describe, expect, it } from "vitest";
import { DEFAULT_SECRET_NAMES, SecretNames } from "../../src/base/redact.js";
import { scrubArguments } from "../../src/base/scrub.js";
import { loadConfig } from "../../src/config/index.js";
import { SafetyConfigError } from "../../src/config/safety.js";
import { buildCatalog } from "../../src/server/catalog.js";
import { ConfirmTokens } from "../../src/server/confirm-tokens.js";
import { buildInstructions } from "../../src/server/instructions.js";
import { toolInventory } from "../../src/server/inventory.js";
import { buildSurface } from "../../src/server/surface.js";
import { ALL_DOMAINS } from "../../src/tools/index.js";
import { beforeUntil, matchesLabels, untilMs } from "../../src/tools/previews/filters.js";
import { ALL_PREVIEWS, GENERIC_PREVIEW } from "../../src/tools/previews/index.js";
import { SPEC_CATEGORIES } from "../support/spec-categories.js";

const config = (env: Record<string, string> = {}) =>
  loadConfig(
    { HOME: "/nonexistent", DOCKER_HOST: "unix:///var/run/docker.sock", ...env },
    { version: "1", dockerEnvFileExists: false },
  );

describe("DOCKER_MCP_SERVER_CONFIRM / _CONFIRM_TTL / _AUDIT", () => {
  it("defaults to destructive, 120 s, no audit", () => {
    expect(config().safety).toEqual({ confirm: "destructive", confirmTtlMs: 120_000, audit: undefined });
  });

  it("reads every mode, a TTL and both audit targets", () => {
    expect(config({ DOCKER_MCP_SERVER_CONFIRM: " Prune " }).safety.confirm).toBe("prune");
    expect(config({ DOCKER_MCP_SERVER_CONFIRM: "off" }).safety.confirm).toBe("off");
    expect(config({ DOCKER_MCP_SERVER_CONFIRM_TTL: "2.5" }).safety.confirmTtlMs).toBe(2500);
    expect(config({ DOCKER_MCP_SERVER_AUDIT: "stderr" }).safety.audit).toEqual({ kind: "stderr" });
    expect(config({ DOCKER_MCP_SERVER_AUDIT: "/var/log/dmcp.jsonl" }).safety.audit).toEqual({
      kind: "file",
      path: "/var/log/dmcp.jsonl",
    });
  });

  it("refuses values it cannot honour, naming the variable and the choices", () => {
    expect(() => config({ DOCKER_MCP_SERVER_CONFIRM: "of" })).toThrow(SafetyConfigError);
    expect(() => config({ DOCKER_MCP_SERVER_CONFIRM: "of" })).toThrow(/destructive.*prune.*off/);
    expect(() => config({ DOCKER_MCP_SERVER_CONFIRM_TTL: "0" })).toThrow(/DOCKER_MCP_SERVER_CONFIRM_TTL/);
    expect(() => config({ DOCKER_MCP_SERVER_CONFIRM_TTL: "2m" })).toThrow(SafetyConfigError);
    expect(() => config({ DOCKER_MCP_SERVER_AUDIT: "audit.log" })).toThrow(/absolute/);
  });
});

describe("confirm tokens", () => {
  const binding = { tool: "volume_prune", host: "a", args: { filters: { label: ["x=1"] }, extra: null } };

  it("a token works once, for the same call", () => {
    const tokens = new ConfirmTokens(1000);
    const token = tokens.issue(binding);
    // Key order and unset values do not change the call.
    expect(tokens.redeem(token, { ...binding, args: { filters: { label: ["x=1"] } } })).toEqual({ ok: true });
    const replay = tokens.redeem(token, binding);
    expect(replay.ok).toBe(false);
    expect(!replay.ok && replay.reason).toMatch(/already used/);
  });

  it("refuses changed arguments, another host, another tool and an expired token", () => {
    let now = 0;
    const tokens = new ConfirmTokens(1000, () => now);
    const reasons = [
      tokens.redeem(tokens.issue(binding), { ...binding, args: { filters: { label: ["x=2"] } } }),
      tokens.redeem(tokens.issue(binding), { ...binding, host: "b" }),
      tokens.redeem(tokens.issue(binding), { ...binding, tool: "image_prune" }),
    ].map((r) => (r.ok ? "ok" : r.reason));
    expect(reasons[0]).toMatch(/different arguments/);
    expect(reasons[1]).toMatch(/host 'a', not 'b'/);
    expect(reasons[2]).toMatch(/issued for volume_prune, not image_prune/);
    const late = tokens.issue(binding);
    now = 1000;
    const expired = tokens.redeem(late, binding);
    expect(!expired.ok && expired.reason).toMatch(/expired/);
  });

  it("a changed argument consumes the token (no probing)", () => {
    const tokens = new ConfirmTokens(1000);
    const token = tokens.issue(binding);
    tokens.redeem(token, { ...binding, args: {} });
    expect(tokens.redeem(token, binding).ok).toBe(false);
  });
});

describe("which tools ask first", () => {
  const specs = toolInventory(ALL_DOMAINS);
  const confirming = (env: Record<string, string>) => {
    const surface = buildSurface(specs, config(env));
    return surface.tools.filter((tool) => tool.confirms).map((tool) => tool.spec.name);
  };
  const destructive = specs.filter((spec) => spec.category === "destructive").map((spec) => spec.name);

  it("destructive: every destructive tool, each taking confirm_token; nothing else does", () => {
    const surface = buildSurface(specs, config());
    for (const tool of surface.tools) {
      const props = Object.keys((tool.inputSchema.properties as object | undefined) ?? {});
      expect(props.includes("confirm_token"), tool.spec.name).toBe(tool.spec.category === "destructive");
      expect("confirm_token" in tool.validator.shape, tool.spec.name).toBe(tool.spec.category === "destructive");
    }
    expect(confirming({}).sort()).toEqual([...destructive].sort());
  });

  it("prune: only the *_prune tools; off: none", () => {
    expect(confirming({ DOCKER_MCP_SERVER_CONFIRM: "prune" }).sort()).toEqual(
      destructive.filter((name) => name.endsWith("_prune")).sort(),
    );
    expect(confirming({ DOCKER_MCP_SERVER_CONFIRM: "off" })).toEqual([]);
  });

  it("every destructive tool of the contract has its own preview or is listed as generic", () => {
    const contract = Object.entries(SPEC_CATEGORIES)
      .filter(([, entry]) => entry.category === "destructive")
      .map(([name]) => name);
    const covered = [...Object.keys(ALL_PREVIEWS), ...GENERIC_PREVIEW];
    expect(contract.filter((name) => !covered.includes(name))).toEqual([]);
    expect(Object.keys(ALL_PREVIEWS).filter((name) => !contract.includes(name))).toEqual([]);
  });

  it("the catalog shows the safety settings and the instructions explain the token once", () => {
    const settings = config({ DOCKER_MCP_SERVER_CONFIRM: "prune", DOCKER_MCP_SERVER_AUDIT: "/tmp/a.jsonl" });
    const surface = buildSurface(specs, settings);
    const catalog = buildCatalog(surface, settings, [], []) as { safety: Record<string, unknown> };
    expect(catalog.safety).toMatchObject({
      DOCKER_MCP_SERVER_CONFIRM: "prune",
      DOCKER_MCP_SERVER_CONFIRM_TTL: 120,
      DOCKER_MCP_SERVER_AUDIT: "/tmp/a.jsonl",
    });
    expect(catalog.safety.confirmed_tools).toContain("volume_prune");
    expect(catalog.safety.confirmed_tools).not.toContain("volume_remove");
    const text = buildInstructions({
      declarations: ALL_DOMAINS,
      domains: surface.domains,
      multiHostLabels: [],
      confirm: { mode: "prune", ttlSeconds: 120 },
    });
    expect(text).toMatch(/the \*_prune tools show the user what would go.*confirm_token.*120 s/s);
  });
});

describe("prune filters as the daemon reads them", () => {
  it("label needs every value, label! excludes any", () => {
    const labels = { app: "web", tier: "front" };
    expect(matchesLabels({ label: ["app=web", "tier"] }, labels)).toBe(true);
    expect(matchesLabels({ label: ["app=db"] }, labels)).toBe(false);
    expect(matchesLabels({ "label!": ["tier=front"] }, labels)).toBe(false);
    expect(matchesLabels({ "label!": ["tier=back"] }, labels)).toBe(true);
    expect(matchesLabels({ label: ["app"] }, null)).toBe(false);
  });

  it("until takes Go durations, unix seconds and RFC 3339; created after it is kept", () => {
    const now = Date.parse("2026-01-02T00:00:00Z");
    expect(untilMs("24h", now)).toBe(Date.parse("2026-01-01T00:00:00Z"));
    expect(untilMs("1h30m", now)).toBe(now - 90 * 60_000);
    expect(untilMs("1767225600", now)).toBe(Date.parse("2026-01-01T00:00:00Z"));
    expect(untilMs("2026-01-01T00:00:00Z", now)).toBe(Date.parse("2026-01-01T00:00:00Z"));
    expect(() => untilMs("yesterday", now)).toThrow(/not a duration/);
    expect(beforeUntil({ until: ["1h"] }, now - 2 * 3600_000, now)).toBe(true);
    expect(beforeUntil({ until: ["1h"] }, now - 60_000, now)).toBe(false);
  });
});

describe("arguments as the audit shows them", () => {
  it("hides secret-looking names, NAME=value secrets and long payloads, and says what it hid", () => {
    const scrubbed = scrubArguments(
      {
        name: "web",
        env: ["DB_PASSWORD=hunter2", "PLAIN=visible"],
        environment: { API_TOKEN: "tok-123", MODE: "dev" },
        password: "hunter2",
        auth_config: { username: "u", password: "p" },
        key: "SWMKEY-1-abc",
        data: "x".repeat(5000),
      },
      ["data"],
    );
    const text = JSON.stringify(scrubbed);
    for (const secret of ["hunter2", "tok-123", "SWMKEY", "xxxxxxxxxx"]) expect(text).not.toContain(secret);
    expect(scrubbed.env).toEqual(["DB_PASSWORD=***redacted (DB_PASSWORD)***", "PLAIN=visible"]);
    expect(scrubbed.environment).toEqual({ API_TOKEN: "***redacted (API_TOKEN)***", MODE: "dev" });
    expect(scrubbed.name).toBe("web");
    expect(scrubbed.data).toBe("***redacted (data)***");
  });

  it("hides a connection string's password under any name, and names from DOCKER_MCP_SERVER_REDACT_NAMES", () => {
    const scrubbed = scrubArguments(
      {
        env: ["DATABASE_URL=postgres://app:pw-s3cret@db/app", "APP_SALT=pepper"],
        command: ["curl", "https://user:pw-s3cret@example.com/"],
      },
      [],
      new SecretNames([...DEFAULT_SECRET_NAMES, "SALT"]),
    );
    const text = JSON.stringify(scrubbed);
    expect(text).not.toContain("pw-s3cret");
    expect(text).not.toContain("pepper");
    expect(scrubbed.env).toEqual([
      "DATABASE_URL=postgres://app:***redacted (DATABASE_URL)***@db/app",
      "APP_SALT=***redacted (APP_SALT)***",
    ]);
  });
});
