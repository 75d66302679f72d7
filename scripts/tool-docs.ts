// Generates docs/tools.md and the tools/list snapshots from the domain declarations, so neither can drift from the code.
// Used by scripts/gen-docs.ts and by the test that fails when the checked-in copies are stale.

import { loadConfig, type ServerConfig } from "../src/config/index.js";
import type { DomainDecl } from "../src/contract/domain.js";
import type { PromptDef } from "../src/contract/prompt.js";
import { toolInventory } from "../src/server/inventory.js";
import type { JsonSchema } from "../src/server/schema.js";
import { buildSurface, type Surface } from "../src/server/surface.js";

/**
 * The configuration the checked-in docs describe: a single writable host with every switch off (what most users
 * run), read the way the server reads its environment. `env` adds switches for the other snapshots.
 */
export function referenceConfig(env: Record<string, string> = {}): ServerConfig {
  return loadConfig(
    { HOME: "/home/user", DOCKER_HOST: "unix:///var/run/docker.sock", ...env },
    { version: "0.0.0", dockerEnvFileExists: false },
  );
}

/** The snapshots kept under test/snapshots: the default surface, two hosts, and READONLY. */
export const SNAPSHOT_CONFIGS: ReadonlyArray<{ file: string; env: Record<string, string> }> = [
  { file: "tools-list.json", env: {} },
  {
    file: "tools-list.two-hosts.json",
    env: { DOCKER_MCP_SERVER_HOSTS: "local=unix:///var/run/docker.sock,prod=ssh://ops@prod.example.com(ro)" },
  },
  { file: "tools-list.readonly.json", env: { DOCKER_MCP_SERVER_READONLY: "1" } },
];

export function toolsListSnapshot(surface: Surface): unknown {
  const tools = surface.tools.map((tool) => ({
    name: tool.spec.name,
    description: tool.spec.def.description,
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

export function snapshotFor(domains: readonly DomainDecl[], env: Record<string, string>): unknown {
  return toolsListSnapshot(buildSurface(toolInventory(domains), referenceConfig(env)));
}

export function toolsMarkdown(
  domains: readonly DomainDecl[],
  renames: ReadonlyArray<readonly [string, string]>,
): string {
  const surface = buildSurface(toolInventory(domains), referenceConfig());
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
  const sections = [...new Set(surface.tools.map((tool) => tool.spec.domain ?? "(no domain)"))];
  lines.push(`${surface.tools.length} tools in ${sections.length} domains: ${sections.join(", ")}.`, "");
  for (const domain of sections) {
    lines.push(`## ${domain}`, "");
    for (const tool of surface.tools.filter((t) => (t.spec.domain ?? "(no domain)") === domain)) {
      lines.push(`### \`${tool.spec.name}\` — ${tool.spec.category}`, "", tool.spec.def.description, "");
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

/** The prompts table of the README, between its markers. */
export const PROMPTS_BEGIN = "<!-- prompts table: generated by `npm run docs` -->";
export const PROMPTS_END = "<!-- end of prompts table -->";

export function promptsTable(prompts: readonly PromptDef[]): string {
  const argText = (prompt: PromptDef) =>
    prompt.args.length === 0
      ? "—"
      : prompt.args
          .map((arg) =>
            arg.default === undefined ? `\`${arg.name}\`` : `\`${arg.name}\`=${JSON.stringify(arg.default)}`,
          )
          .join(", ");
  return [
    PROMPTS_BEGIN,
    "| prompt | arguments | domain | what it does |",
    "|---|---|---|---|",
    ...prompts.map(
      (prompt) =>
        `| \`${prompt.name}\` | ${cell(argText(prompt))} | ${prompt.domain ?? "—"}${prompt.multiHost ? " (two or more hosts)" : ""} | ${cell(prompt.description)} |`,
    ),
    PROMPTS_END,
  ].join("\n");
}

/** The README with its prompts table replaced by the current one. */
export function withPromptsTable(readme: string, prompts: readonly PromptDef[]): string {
  const start = readme.indexOf(PROMPTS_BEGIN);
  const end = readme.indexOf(PROMPTS_END);
  if (start < 0 || end < start) throw new Error("README.md has no prompts table markers");
  return readme.slice(0, start) + promptsTable(prompts) + readme.slice(end + PROMPTS_END.length);
}
