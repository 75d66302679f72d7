// Generates docs/tools.md and the tools/list snapshot from the definitions, so neither can drift from the code.
// Used by scripts/gen-docs.ts and by the test that fails when the checked-in copies are stale.

import type { ServerConfig } from "../config/index.js";
import type { ToolDef } from "./define-tool.js";
import type { JsonSchema } from "./schema.js";
import type { Surface } from "./surface.js";
import { buildSurface } from "./surface.js";

/** A single writable host with every switch off: the configuration most users run. */
export function referenceConfig(): ServerConfig {
  return {
    version: "0.0.0",
    readOnly: false,
    noDestructive: false,
    disabled: [],
    registryUsername: undefined,
    registryPassword: undefined,
    noLabels: false,
    allowSelfTerminate: false,
    inContainer: false,
    hosts: {
      entries: [{ label: "default", url: null, readOnly: false, certDir: null }],
      explicit: false,
      multi: false,
      ignoredDockerHost: false,
    },
    resolve: {
      home: "/home/user",
      dockerConfigDir: "/home/user/.docker",
      dockerContext: undefined,
      xdgRuntimeDir: undefined,
      platform: "linux",
    },
    ambient: { dockerHost: undefined, tlsVerify: undefined, certPath: undefined, dockerContext: undefined },
    env: {},
    notices: [],
  } as ServerConfig;
}

export function toolsListSnapshot(surface: Surface): unknown {
  const tools = surface.tools.map((tool) => ({
    name: tool.def.name,
    description: tool.def.description,
    inputSchema: tool.inputSchema,
    annotations: tool.annotations,
  }));
  return { count: tools.length, bytes: Buffer.byteLength(JSON.stringify({ tools })), tools };
}

function typeOf(schema: JsonSchema): string {
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[]).map(typeOf).join(" \\| ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(" \\| ");
  if (schema.type === "array") {
    const items = schema.items as JsonSchema | undefined;
    return items ? `array<${typeOf(items)}>` : "array";
  }
  return typeof schema.type === "string" ? schema.type : "any";
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function toolsMarkdown(defs: readonly ToolDef[], renames: ReadonlyArray<readonly [string, string]>): string {
  const surface = buildSurface(defs, referenceConfig());
  const lines: string[] = [
    "# Tools",
    "",
    "Generated from the tool definitions by `npm run docs`; do not edit by hand (a test fails when this file is stale).",
    "",
    "Every daemon-targeting tool also takes `host` when two or more hosts are configured (see the README).",
    "Categories: `read_only` tools carry `readOnlyHint`, `destructive` ones `destructiveHint`; the prune family is also",
    "`idempotentHint`. `DOCKER_MCP_SERVER_READONLY` registers only read-only tools, `DOCKER_MCP_SERVER_NO_DESTRUCTIVE`",
    "drops the destructive ones.",
    "",
  ];
  const domains = [...new Set(surface.tools.map((tool) => tool.def.domain ?? "(no domain)"))];
  lines.push(`${surface.tools.length} tools in ${domains.length} domains: ${domains.join(", ")}.`, "");
  for (const domain of domains) {
    lines.push(`## ${domain}`, "");
    for (const tool of surface.tools.filter((t) => (t.def.domain ?? "(no domain)") === domain)) {
      lines.push(`### \`${tool.def.name}\` — ${tool.category}`, "", tool.def.description, "");
      const properties = (tool.inputSchema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((tool.inputSchema.required as string[] | undefined) ?? []);
      const names = Object.keys(properties);
      if (names.length === 0) {
        lines.push("No parameters.", "");
        continue;
      }
      lines.push("| parameter | type | default | description |", "|---|---|---|---|");
      for (const name of names) {
        const prop = properties[name] as JsonSchema;
        const fallback = required.has(name)
          ? "required"
          : prop.default !== undefined
            ? `\`${JSON.stringify(prop.default)}\``
            : "—";
        lines.push(`| \`${name}\` | ${cell(typeOf(prop))} | ${fallback} | ${cell(String(prop.description ?? ""))} |`);
      }
      lines.push("");
    }
  }
  lines.push(
    "## 1.x → 2.x names",
    "",
    "The 1.x releases used other tool names; none of them is accepted any more. Use the right-hand column.",
    "",
    "| 1.x name | current name or replacement |",
    "|---|---|",
    ...renames.map(([old, current]) => `| \`${old}\` | ${current} |`),
    "",
  );
  return lines.join("\n");
}
