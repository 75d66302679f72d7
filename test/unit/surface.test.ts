import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readRenames } from "../../scripts/renames.js";
import {
  referenceConfig,
  SNAPSHOT_CONFIGS,
  snapshotFor,
  toolsMarkdown,
  withPromptsTable,
} from "../../scripts/tool-docs.js";
import type { HostEntry } from "../../src/config/hosts.js";
import type { ServerConfig } from "../../src/config/index.js";
import { type DomainDecl, destructive, mutating, readOnly, type ToolEntry } from "../../src/contract/domain.js";
import { DOMAIN_NAMES, type Domain } from "../../src/contract/domains.js";
import { defineTool } from "../../src/contract/tool.js";
import { ALL_PROMPTS } from "../../src/prompts/index.js";
import { buildCatalog } from "../../src/server/catalog.js";
import { selectHost } from "../../src/server/host-guard.js";
import { buildInstructions } from "../../src/server/instructions.js";
import { toolInventory } from "../../src/server/inventory.js";
import { slim } from "../../src/server/schema.js";
import { annotationsFor, buildSurface } from "../../src/server/surface.js";
import { ALL_DOMAINS } from "../../src/tools/index.js";
import { SPEC_CATEGORIES } from "../support/spec-categories.js";

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

const standIn = defineTool({
  description: "stand-in",
  input: { x: z.string().nullish() },
  async run() {
    return null;
  },
});

/**
 * The real declarations with a stand-in for every tool of the contract not built yet, so the switch logic is
 * exercised over the whole 156-tool classification.
 */
function fullSurface(): DomainDecl[] {
  const defined = new Set(toolInventory(ALL_DOMAINS).map((spec) => spec.name));
  const entry = (name: string, category: string): ToolEntry => {
    const marks = name.endsWith("_prune") ? { idempotent: true as const } : {};
    if (category === "read_only") return readOnly(standIn, marks);
    return category === "destructive" ? destructive(standIn, marks) : mutating(standIn, marks);
  };
  return ALL_DOMAINS.map((decl) => {
    const missing = Object.entries(SPEC_CATEGORIES).filter(
      ([name, spec]) => spec.domain === decl.name && !defined.has(name),
    );
    return {
      ...decl,
      tools: {
        ...decl.tools,
        ...Object.fromEntries(missing.map(([name, spec]) => [name, entry(name, spec.category)])),
      },
    };
  });
}

const specOf = (name: string) => {
  const found = toolInventory(fullSurface()).find((spec) => spec.name === name);
  if (!found) throw new Error(`no tool ${name}`);
  return found;
};

describe("the domain tables", () => {
  it("the spec has 156 tools: 72 read-only, 63 mutating, 21 destructive", () => {
    const values = Object.values(SPEC_CATEGORIES).map((spec) => spec.category);
    expect(values).toHaveLength(156);
    expect(values.filter((c) => c === "read_only")).toHaveLength(72);
    expect(values.filter((c) => c === "mutating")).toHaveLength(63);
    expect(values.filter((c) => c === "destructive")).toHaveLength(21);
  });

  it("declare every built tool under its spec name, domain and category", () => {
    for (const spec of toolInventory(ALL_DOMAINS)) {
      expect(SPEC_CATEGORIES[spec.name], spec.name).toEqual({ domain: spec.domain, category: spec.category });
    }
  });

  it("declare each domain once, in the contract's order, and a tool name once", () => {
    expect(ALL_DOMAINS.map((decl) => decl.name)).toEqual([...DOMAIN_NAMES, null]);
    const twice = { name: "system" as const, tools: { system_ping: readOnly(standIn) } };
    expect(() => toolInventory([twice, twice])).toThrow("declared twice");
  });

  it("maps categories to annotations, idempotent only on the prune family", () => {
    // The spec's table with the protocol's defaults left out (readOnlyHint false; destructiveHint moot when read-only).
    expect(annotationsFor(specOf("system_info"))).toEqual({ readOnlyHint: true });
    expect(annotationsFor(specOf("container_run"))).toEqual({ destructiveHint: false });
    expect(annotationsFor(specOf("container_remove"))).toEqual({ destructiveHint: true });
    expect(annotationsFor(specOf("image_prune"))).toEqual({ destructiveHint: true, idempotentHint: true });
    const surface = buildSurface(toolInventory(fullSurface()), config());
    expect(
      surface.tools
        .filter((t) => t.annotations.idempotentHint)
        .map((t) => t.spec.name)
        .sort(),
    ).toEqual(["buildx_prune", "container_prune", "image_prune", "network_prune", "volume_prune"]);
  });
});

describe("registration switches", () => {
  const defs = toolInventory(fullSurface());
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
    const catalog = buildCatalog(
      surface,
      config({ disabled: ["bogus", "registry", "swarm"] }),
      [],
      ["registry-api", "oci-distribution-spec", "hub-api", "swarm"],
    ) as {
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
    const combos = [[], ["system"], ["containers", "images", "compose"], DOMAIN_NAMES.filter((d) => d !== "registry")];
    for (const readOnly of [false, true]) {
      for (const noDestructive of [false, true]) {
        for (const disabled of combos) {
          const surface = buildSurface(defs, config({ readOnly, noDestructive, disabled: [...disabled] }));
          const text = buildInstructions({ declarations: ALL_DOMAINS, domains: surface.domains, multiHostLabels: [] });
          const listed = [...text.matchAll(/^- ([a-z]+) — /gm)].map((m) => m[1]);
          expect(new Set(listed)).toEqual(new Set(surface.domains));
        }
      }
    }
  });

  it("the router names the hosts in multi-host mode only", () => {
    const domains = new Set<Domain>(["system"]);
    expect(buildInstructions({ declarations: ALL_DOMAINS, domains, multiHostLabels: ["a", "b"] })).toContain(
      "Multiple hosts are configured: a, b",
    );
    expect(buildInstructions({ declarations: ALL_DOMAINS, domains, multiHostLabels: [] })).not.toContain(
      "Multiple hosts",
    );
  });
});

describe("the host parameter", () => {
  const defs = toolInventory(fullSurface());
  const schemaOf = (surface: ReturnType<typeof buildSurface>, name: string) =>
    surface.byName.get(name)?.inputSchema as {
      properties: Record<string, { enum?: string[]; default?: unknown }>;
      required?: string[];
    };

  it("is absent from schemas with one host", () => {
    const surface = buildSurface(defs, config());
    for (const tool of surface.tools) expect(Object.keys(tool.inputSchema.properties as object)).not.toContain("host");
  });

  it("is a plain string with several hosts: optional for reads and connection control, required for writes", () => {
    const surface = buildSurface(defs, config({ entries: [host("a"), host("b", true)] }));
    // The labels are said once (instructions, docker-mcp://hosts): no enum, so tools/list does not grow per host.
    for (const tool of surface.tools.filter((t) => t.spec.targetsHost)) {
      expect((tool.inputSchema.properties as Record<string, unknown>).host, tool.spec.name).toEqual({ type: "string" });
    }
    expect(schemaOf(surface, "system_info").required ?? []).not.toContain("host");
    expect(schemaOf(surface, "system_close").required ?? []).not.toContain("host");
    expect(schemaOf(surface, "container_run").required).toContain("host");
    expect(schemaOf(surface, "container_run").properties.host?.default).toBeUndefined();
    for (const hostless of ["host_list", "context_list", "registry_tags", "docs_lookup"]) {
      expect(Object.keys(schemaOf(surface, hostless).properties)).not.toContain("host");
    }
    expect(surface.tools.filter((t) => t.spec.targetsHost)).toHaveLength(142);
  });

  it("the guard enforces naming, known labels and (ro)", () => {
    const multi = config({ entries: [host("a"), host("b", true)] }).hosts;
    expect(selectHost(multi, specOf("system_info"), undefined).label).toBe("a");
    expect(selectHost(multi, specOf("system_info"), "b").label).toBe("b");
    expect(() => selectHost(multi, specOf("container_run"), undefined)).toThrow(
      "'host' is required when multiple hosts are configured",
    );
    expect(() => selectHost(multi, specOf("container_run"), "b")).toThrow("host 'b' is read-only");
    expect(() => selectHost(multi, specOf("container_run"), "b")).toThrow("(ro)");
    expect(() => selectHost(multi, specOf("system_info"), "zz")).toThrow("unknown host 'zz'");
    // Connection control: exempt from naming and (ro), not from the unknown-label check.
    expect(selectHost(multi, specOf("system_close"), undefined).label).toBe("a");
    expect(selectHost(multi, specOf("system_login"), "b").label).toBe("b");
    expect(() => selectHost(multi, specOf("system_reconnect"), "zz")).toThrow("unknown host 'zz'");
  });

  it("a single (ro) host is guarded; a single writable host only resolves its own label", () => {
    const ro = config({ entries: [host("only", true)] }).hosts;
    expect(() => selectHost(ro, specOf("container_stop"), undefined)).toThrow("read-only");
    expect(selectHost(ro, specOf("system_info"), undefined).label).toBe("only");
    const rw = config().hosts;
    expect(selectHost(rw, specOf("container_stop"), undefined).label).toBe("default");
    expect(selectHost(rw, specOf("container_stop"), "default").label).toBe("default");
    expect(() => selectHost(rw, specOf("container_stop"), "prod")).toThrow("unknown host 'prod'");
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

describe("schema slimming of what goes without saying", () => {
  it("drops minLength 1, minimum 0, an integer's minimum 1 and a string map's value type; keeps real bounds", () => {
    expect(
      slim({
        type: "object",
        properties: {
          name: { type: "string", minLength: 1 },
          code: { type: "string", minLength: 3 },
          count: { type: "integer", minimum: 1 },
          ratio: { type: "number", minimum: 1 },
          size: { type: "integer", minimum: 0 },
          labels: { type: "object", additionalProperties: { type: "string" } },
          env: { type: "object", additionalProperties: { type: ["string", "number"] } },
        },
      }),
    ).toEqual({
      type: "object",
      properties: {
        name: { type: "string" },
        code: { type: "string", minLength: 3 },
        count: { type: "integer" },
        ratio: { type: "number", minimum: 1 },
        size: { type: "integer" },
        labels: { type: "object" },
        env: { type: "object", additionalProperties: { type: ["string", "number"] } },
      },
    });
  });

  it("writes a union of single-type branches as one type list, and keeps anyOf where merging would change it", () => {
    const argv = { anyOf: [{ type: "string" }, { type: "array", items: { type: "string" }, minItems: 1 }] };
    expect(slim(argv)).toEqual({ type: ["string", "array"], items: { type: "string" }, minItems: 1 });
    const numbers = { anyOf: [{ type: "integer", maximum: 5 }, { type: "number" }] };
    expect(slim(numbers)).toEqual(numbers);
    const literal = { anyOf: [{ type: "integer" }, { type: "string", const: "all" }] };
    expect(slim(literal)).toEqual(literal);
  });
});

describe("generated artefacts", () => {
  it("docs/tools.md and the tools/list snapshots match the declarations (run `npm run docs`)", () => {
    const markdown = readFileSync(new URL("../../docs/tools.md", import.meta.url), "utf8");
    expect(markdown).toBe(toolsMarkdown(ALL_DOMAINS, readRenames()));
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    expect(readme).toBe(withPromptsTable(readme, ALL_PROMPTS));
    for (const { file, env } of SNAPSHOT_CONFIGS) {
      const snapshot = JSON.parse(readFileSync(new URL(`../snapshots/${file}`, import.meta.url), "utf8"));
      expect(snapshot, file).toEqual(JSON.parse(JSON.stringify(snapshotFor(ALL_DOMAINS, env))));
    }
  });
});
