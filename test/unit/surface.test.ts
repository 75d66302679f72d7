import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readRenames } from "../../scripts/renames.js";
import type { HostEntry } from "../../src/config/hosts.js";
import type { ServerConfig } from "../../src/config/index.js";
import { buildCatalog } from "../../src/server/catalog.js";
import { TOOL_CATEGORIES } from "../../src/server/categories.js";
import { DOMAINS, type Domain, defineTool, type ToolDef } from "../../src/server/define-tool.js";
import { selectHost } from "../../src/server/host-guard.js";
import { buildInstructions } from "../../src/server/instructions.js";
import { slim } from "../../src/server/schema.js";
import { annotationsFor, buildSurface, categoryOf } from "../../src/server/surface.js";
import { referenceConfig, toolsListSnapshot, toolsMarkdown } from "../../src/server/tool-docs.js";
import { ALL_TOOLS } from "../../src/tools/index.js";

const host = (label: string, readOnly = false): HostEntry => ({
  label,
  url: `unix:///${label}.sock`,
  readOnly,
  certDir: null,
});

function config(over: Partial<ServerConfig> & { entries?: HostEntry[] } = {}): ServerConfig {
  const base = referenceConfig();
  const entries = over.entries ?? base.hosts.entries;
  return {
    ...base,
    ...over,
    hosts: { entries, explicit: Boolean(over.entries), multi: entries.length > 1, ignoredDockerHost: false },
  } as ServerConfig;
}

/** One stand-in per defined name so switch logic is exercised over the whole 156-tool classification. */
function fullSurfaceDefs(): ToolDef[] {
  const defined = new Map(ALL_TOOLS.map((def) => [def.name, def]));
  const domainOf = (name: string): Domain | null => {
    if (name === "docs_lookup") return null;
    if (name === "host_list" || name.startsWith("system_")) return "system";
    if (name.startsWith("hub_") || name.startsWith("registry_")) return "registry";
    const prefix = name.split("_")[0] as string;
    const map: Record<string, Domain> = {
      container: "containers",
      image: "images",
      network: "networks",
      volume: "volumes",
      config: "configs",
      secret: "secrets",
      node: "nodes",
      service: "services",
      swarm: "swarm",
      plugin: "plugins",
      compose: "compose",
      stack: "stack",
      context: "context",
      buildx: "buildx",
      scout: "scout",
    };
    return map[prefix] ?? null;
  };
  return Object.keys(TOOL_CATEGORIES).map(
    (name) =>
      defined.get(name) ??
      defineTool({
        name,
        domain: domainOf(name),
        description: name,
        input: { x: z.string().nullish() },
        async run() {
          return null;
        },
      }),
  );
}

describe("central classification", () => {
  it("has the spec's 156 tools: 72 read-only, 63 mutating, 21 destructive", () => {
    const values = Object.values(TOOL_CATEGORIES);
    expect(values).toHaveLength(156);
    expect(values.filter((c) => c === "read_only")).toHaveLength(72);
    expect(values.filter((c) => c === "mutating")).toHaveLength(63);
    expect(values.filter((c) => c === "destructive")).toHaveLength(21);
  });

  it("classifies every defined tool (none falls back to the mutating default)", () => {
    for (const def of ALL_TOOLS) expect(TOOL_CATEGORIES[def.name], def.name).toBeDefined();
    expect(categoryOf("not_a_tool")).toBe("mutating");
  });

  it("maps categories to annotations, idempotent only on the prune family", () => {
    expect(annotationsFor("system_info", "read_only")).toEqual({ readOnlyHint: true, destructiveHint: false });
    expect(annotationsFor("container_run", "mutating")).toEqual({ readOnlyHint: false, destructiveHint: false });
    expect(annotationsFor("container_remove", "destructive")).toEqual({ readOnlyHint: false, destructiveHint: true });
    expect(annotationsFor("image_prune", "destructive")).toEqual({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: true,
    });
    const surface = buildSurface(fullSurfaceDefs(), config());
    expect(
      surface.tools
        .filter((t) => t.annotations.idempotentHint)
        .map((t) => t.def.name)
        .sort(),
    ).toEqual(["buildx_prune", "container_prune", "image_prune", "network_prune", "volume_prune"]);
  });
});

describe("registration switches", () => {
  const defs = fullSurfaceDefs();
  it("READONLY keeps 72, NO_DESTRUCTIVE 135, both 72", () => {
    expect(buildSurface(defs, config({ readOnly: true })).tools).toHaveLength(72);
    expect(buildSurface(defs, config({ noDestructive: true })).tools).toHaveLength(135);
    expect(buildSurface(defs, config({ readOnly: true, noDestructive: true })).tools).toHaveLength(72);
    const ro = buildSurface(defs, config({ readOnly: true }));
    expect(ro.byName.has("container_export")).toBe(false);
    expect(ro.byName.has("container_archive_get")).toBe(true);
  });

  it("DISABLE drops whole domains but never docs_lookup", () => {
    const surface = buildSurface(defs, config({ disabled: ["swarm", "registry", "bogus"] }));
    expect([...surface.byName.keys()].some((n) => n.startsWith("swarm_") || n.startsWith("registry_"))).toBe(false);
    expect(surface.byName.has("docs_lookup")).toBe(true);
    const catalog = buildCatalog(surface, config({ disabled: ["bogus", "registry", "swarm"] }), []) as {
      unknown_disabled_domains: string[];
      disabled_doc_sections: string[];
      domains: Array<{ domain: string | null; total: number; registered: number }>;
      tools: Array<{ name: string; registered: boolean }>;
    };
    expect(catalog.unknown_disabled_domains).toEqual(["bogus"]);
    expect(catalog.disabled_doc_sections).toEqual(["hub-api", "oci-distribution-spec", "registry-api", "swarm"]);
    expect(catalog.domains[0]).toEqual({ domain: null, total: 1, registered: 1 });
    expect(catalog.domains.find((d) => d.domain === "swarm")).toEqual({ domain: "swarm", total: 8, registered: 0 });
    expect(catalog.tools).toHaveLength(156);
  });

  it("the router lists exactly the domains that registered, under every switch combination", () => {
    const combos = [[], ["system"], ["containers", "images", "compose"], DOMAINS.filter((d) => d !== "registry")];
    for (const readOnly of [false, true]) {
      for (const noDestructive of [false, true]) {
        for (const disabled of combos) {
          const surface = buildSurface(defs, config({ readOnly, noDestructive, disabled: [...disabled] }));
          const text = buildInstructions({ domains: surface.domains, multiHostLabels: [] });
          const listed = [...text.matchAll(/^- ([a-z]+) — /gm)].map((m) => m[1]);
          expect(new Set(listed)).toEqual(new Set(surface.domains));
        }
      }
    }
  });

  it("the router names the hosts in multi-host mode only", () => {
    const domains = new Set<Domain>(["system"]);
    expect(buildInstructions({ domains, multiHostLabels: ["a", "b"] })).toContain(
      "Multiple hosts are configured: a, b",
    );
    expect(buildInstructions({ domains, multiHostLabels: [] })).not.toContain("Multiple hosts");
  });
});

describe("the host parameter", () => {
  const defs = fullSurfaceDefs();
  const schemaOf = (surface: ReturnType<typeof buildSurface>, name: string) =>
    surface.byName.get(name)?.inputSchema as {
      properties: Record<string, { enum?: string[]; default?: unknown }>;
      required?: string[];
    };

  it("is absent from schemas with one host", () => {
    const surface = buildSurface(defs, config());
    for (const tool of surface.tools) expect(Object.keys(tool.inputSchema.properties as object)).not.toContain("host");
  });

  it("is an enum with several hosts: optional for reads and connection control, required for writes", () => {
    const surface = buildSurface(defs, config({ entries: [host("a"), host("b", true)] }));
    expect(schemaOf(surface, "system_info").properties.host?.enum).toEqual(["a", "b"]);
    expect(schemaOf(surface, "system_info").required ?? []).not.toContain("host");
    expect(schemaOf(surface, "system_close").required ?? []).not.toContain("host");
    expect(schemaOf(surface, "container_run").required).toContain("host");
    expect(schemaOf(surface, "container_run").properties.host?.default).toBeUndefined();
    for (const hostless of ["host_list", "context_list", "registry_tags", "docs_lookup"]) {
      expect(Object.keys(schemaOf(surface, hostless).properties)).not.toContain("host");
    }
    expect(surface.tools.filter((t) => t.takesHost)).toHaveLength(142);
  });

  it("the guard enforces naming, known labels and (ro)", () => {
    const multi = config({ entries: [host("a"), host("b", true)] }).hosts;
    expect(selectHost(multi, "system_info", "read_only", undefined).label).toBe("a");
    expect(selectHost(multi, "system_info", "read_only", "b").label).toBe("b");
    expect(() => selectHost(multi, "container_run", "mutating", undefined)).toThrow(
      "'host' is required when multiple hosts are configured",
    );
    expect(() => selectHost(multi, "container_run", "mutating", "b")).toThrow("host 'b' is read-only");
    expect(() => selectHost(multi, "container_run", "mutating", "b")).toThrow("(ro)");
    expect(() => selectHost(multi, "system_info", "read_only", "zz")).toThrow("unknown host 'zz'");
    // Connection control: exempt from naming and (ro), not from the unknown-label check.
    expect(selectHost(multi, "system_close", "mutating", undefined).label).toBe("a");
    expect(selectHost(multi, "system_login", "mutating", "b").label).toBe("b");
    expect(() => selectHost(multi, "system_reconnect", "mutating", "zz")).toThrow("unknown host 'zz'");
  });

  it("a single (ro) host is guarded; a single writable host only resolves its own label", () => {
    const ro = config({ entries: [host("only", true)] }).hosts;
    expect(() => selectHost(ro, "container_stop", "mutating", undefined)).toThrow("read-only");
    expect(selectHost(ro, "system_info", "read_only", undefined).label).toBe("only");
    const rw = config().hosts;
    expect(selectHost(rw, "container_stop", "mutating", undefined).label).toBe("default");
    expect(selectHost(rw, "container_stop", "mutating", "default").label).toBe("default");
    expect(() => selectHost(rw, "container_stop", "mutating", "prod")).toThrow("unknown host 'prod'");
  });
});

describe("schema slimming", () => {
  it("drops titles and null branches but keeps a parameter named title", () => {
    const slimmed = slim({
      title: "X",
      type: "object",
      properties: {
        title: { type: ["string", "null"], title: "T" },
        n: { anyOf: [{ type: "integer" }, { type: "null" }], default: 1 },
      },
      additionalProperties: true,
    });
    expect(slimmed).toEqual({
      type: "object",
      properties: { title: { type: "string" }, n: { type: "integer", default: 1 } },
    });
  });
});

describe("generated artefacts", () => {
  it("docs/tools.md and the tools/list snapshot match the definitions (run `npm run docs`)", () => {
    const markdown = readFileSync(new URL("../../docs/tools.md", import.meta.url), "utf8");
    expect(markdown).toBe(toolsMarkdown(ALL_TOOLS, readRenames()));
    const snapshot = JSON.parse(readFileSync(new URL("../snapshots/tools-list.json", import.meta.url), "utf8"));
    expect(snapshot).toEqual(JSON.parse(JSON.stringify(toolsListSnapshot(buildSurface(ALL_TOOLS, referenceConfig())))));
  });
});
