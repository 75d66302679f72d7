// The prompts: registration rules, argument conversion, and that a rendered plan never
// names a tool the client cannot call under the current switches.

import { describe, expect, it } from "vitest";
import { referenceConfig } from "../../scripts/tool-docs.js";
import type { PromptDef } from "../../src/contract/prompt.js";
import { ALL_PROMPTS } from "../../src/prompts/index.js";
import { buildCatalog } from "../../src/server/catalog.js";
import { toolInventory } from "../../src/server/inventory.js";
import { buildPromptSurface, promptArguments, promptListEntry, renderPrompt } from "../../src/server/prompts.js";
import { buildSurface } from "../../src/server/surface.js";
import { ALL_DOMAINS } from "../../src/tools/index.js";
import { SPEC_CATEGORIES } from "../support/spec-categories.js";

const TWO_HOSTS = { DOCKER_MCP_SERVER_HOSTS: "a=unix:///a.sock,b=unix:///b.sock" };

/** Every tool name of the contract, longest first so `container_list` is not read as part of another. */
const TOOL_NAMES = Object.keys(SPEC_CATEGORIES).sort((a, b) => b.length - a.length);

function sampleArgs(prompt: PromptDef): Record<string, string> {
  return Object.fromEntries(
    prompt.args
      .filter((arg) => arg.default === undefined)
      .map((arg) => [arg.name, arg.name === "source_tags" ? "r/a:amd64, r/a:arm64" : `x-${arg.name}`]),
  );
}

function toolsNamedIn(text: string): string[] {
  return TOOL_NAMES.filter((name) => new RegExp(`(?<![a-z_])${name}(?![a-z_])`).test(text));
}

describe("prompts", () => {
  it("define the 31 of the contract with their domains; 30 register with one host, 31 with two", () => {
    expect(ALL_PROMPTS).toHaveLength(31);
    expect(new Set(ALL_PROMPTS.map((p) => p.name)).size).toBe(31);
    expect(buildPromptSurface(ALL_PROMPTS, referenceConfig()).registered).toHaveLength(30);
    expect(buildPromptSurface(ALL_PROMPTS, referenceConfig(TWO_HOSTS)).registered).toHaveLength(31);
    const byDomain = new Map<string, number>();
    for (const prompt of ALL_PROMPTS)
      byDomain.set(String(prompt.domain), (byDomain.get(String(prompt.domain)) ?? 0) + 1);
    expect(Object.fromEntries(byDomain)).toEqual({
      null: 8,
      containers: 6,
      compose: 3,
      buildx: 4,
      scout: 3,
      volumes: 2,
      context: 1,
      swarm: 1,
      registry: 1,
      networks: 1,
      stack: 1,
    });
  });

  it("drop with their domain, whatever the category switches say; the catalog lists all 31", () => {
    const config = referenceConfig({ DOCKER_MCP_SERVER_DISABLE: "scout,containers", DOCKER_MCP_SERVER_READONLY: "1" });
    const surface = buildPromptSurface(ALL_PROMPTS, config);
    const names = surface.registered.map((p) => p.name);
    expect(names).not.toContain("audit_image_cves");
    expect(names).not.toContain("deploy_container");
    expect(names).toContain("clean_environment");
    expect(names).toHaveLength(30 - 3 - 6);
    const catalog = buildCatalog(buildSurface(toolInventory(ALL_DOMAINS), config), config, surface.catalog, []) as {
      prompts: Array<{ name: string; registered: boolean; multi_host: boolean; domain: string | null }>;
    };
    expect(catalog.prompts).toHaveLength(31);
    expect(catalog.prompts.find((p) => p.name === "survey_hosts")).toEqual({
      name: "survey_hosts",
      domain: null,
      registered: false,
      multi_host: true,
    });
  });

  it("convert string arguments, fill defaults, and refuse bad ones with a sentence", () => {
    const fleet = ALL_PROMPTS.find((p) => p.name === "monitor_container_fleet") as PromptDef;
    expect(promptArguments(fleet, {})).toEqual({ top: 5 });
    expect(promptArguments(fleet, { top: "3" })).toEqual({ top: 3 });
    expect(() => promptArguments(fleet, { top: "three" })).toThrow("top must be a whole number");
    expect(() => promptArguments(fleet, { tpo: "3" })).toThrow("unknown argument(s) 'tpo'; expected: top");
    const prune = ALL_PROMPTS.find((p) => p.name === "prune_managed") as PromptDef;
    expect(promptArguments(prune, { include_volumes: "true" })).toEqual({ include_volumes: true });
    expect(() => promptArguments(prune, { include_volumes: "maybe" })).toThrow("must be true or false");
    const deploy = ALL_PROMPTS.find((p) => p.name === "deploy_container") as PromptDef;
    expect(() => promptArguments(deploy, { image: "nginx" })).toThrow("the argument 'name' is required");
    expect(promptListEntry(deploy).arguments?.every((arg) => arg.required)).toBe(true);
  });

  it("never name a tool that is not registered, under every switch combination", () => {
    const combos: Array<Record<string, string>> = [
      {},
      { DOCKER_MCP_SERVER_READONLY: "1" },
      { DOCKER_MCP_SERVER_NO_DESTRUCTIVE: "1" },
      { DOCKER_MCP_SERVER_DISABLE: "compose,scout" },
      { DOCKER_MCP_SERVER_DISABLE: "images,registry,system" },
      { ...TWO_HOSTS, DOCKER_MCP_SERVER_READONLY: "1" },
    ];
    const leaks: string[] = [];
    for (const env of combos) {
      const config = referenceConfig(env);
      const surface = buildSurface(toolInventory(ALL_DOMAINS), config);
      const promptEnv = {
        has: (tool: string) => surface.byName.has(tool),
        multiHostLabels: config.hosts.multi ? ["a", "b"] : [],
      };
      for (const prompt of buildPromptSurface(ALL_PROMPTS, config).registered) {
        const text = renderPrompt(prompt, sampleArgs(prompt), promptEnv).messages[0]?.content.text ?? "";
        for (const tool of toolsNamedIn(text).filter((name) => !surface.byName.has(name))) {
          leaks.push(`${JSON.stringify(env)} ${prompt.name} names ${tool}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  it("keep the safety stops and the exact call texts the contract asks for", () => {
    const config = referenceConfig();
    const surface = buildSurface(toolInventory(ALL_DOMAINS), config);
    const env = { has: (tool: string) => surface.byName.has(tool), multiHostLabels: [] };
    const render = (name: string, args: Record<string, string> = {}) =>
      renderPrompt(ALL_PROMPTS.find((p) => p.name === name) as PromptDef, args, env).messages[0]?.content.text ?? "";
    expect(render("lookup_docker_docs", { section: "containers" })).toContain('docs_lookup(section="containers")');
    expect(render("monitor_container_fleet", { top: "3" })).toContain("top 3");
    const triage = render("triage_incident", { window_minutes: "45" });
    expect(triage).toContain("45 minutes ago");
    expect(triage).toContain("epoch");
    expect(triage).not.toMatch(/since="45m"/);
    const clean = render("clean_environment", { scope: "all" });
    expect(clean).toMatch(/volume_prune.*|only after the user explicitly confirms/);
    expect(render("clean_environment")).not.toContain("volume_prune");
    const prune = render("prune_managed");
    expect(prune).toContain('container_prune(filters={"label":"docker-mcp-server.managed=true"})');
    expect(prune).not.toContain("volume_prune");
    expect(prune).toContain("include_volumes=true");
    expect(render("find_latest_image_tag", { image: "nginx" })).toContain(
      'registry_tags(repository="nginx", limit=200)',
    );
    expect(render("deploy_swarm_stack", { stack_name: "s", compose_file: "c.yml" })).not.toContain(
      '["desired-state=running"]',
    );
  });

  it("deploy_swarm_stack calls the registered stack tools with parameters their schemas have", () => {
    const args = { stack_name: "s", compose_file: "c.yml" };
    const prompt = ALL_PROMPTS.find((p) => p.name === "deploy_swarm_stack") as PromptDef;
    const textUnder = (envVars: Record<string, string>) => {
      const surface = buildSurface(toolInventory(ALL_DOMAINS), referenceConfig(envVars));
      const env = { has: (tool: string) => surface.byName.has(tool), multiHostLabels: [] };
      return { surface, text: renderPrompt(prompt, args, env).messages[0]?.content.text ?? "" };
    };
    const { surface, text } = textUnder({});
    expect(text).toContain('stack_deploy(name="s", compose_files=["c.yml"])');
    expect(text).toContain('stack_services(name="s")');
    expect(text).toContain('stack_ps(name="s", filters={"desired-state":"running"})');
    expect(text).toContain("stack_remove is the teardown (do not call it)");
    expect(text).not.toContain("not possible here");
    // The result fields the plan tells the model to read are the ones stack_deploy returns.
    expect(text).toContain("check exit_code and output");
    for (const [, tool, params] of text.matchAll(/`(stack_\w+)\(([^`]*)\)`/g)) {
      const schema = surface.byName.get(String(tool))?.inputSchema as { properties: Record<string, unknown> };
      for (const [, param] of String(params).matchAll(/(?:^|, )(\w+)=/g)) {
        expect(Object.keys(schema.properties), `${tool}(${param}=…)`).toContain(param);
      }
    }
    expect(textUnder({ DOCKER_MCP_SERVER_NO_DESTRUCTIVE: "1" }).text).not.toContain("stack_remove");
  });

  it("append the multi-host note only with several hosts, and only to the two prompts that read container resources", () => {
    const single = { has: () => true, multiHostLabels: [] };
    const multi = { has: () => true, multiHostLabels: ["a", "b"] };
    for (const prompt of ALL_PROMPTS) {
      const args = sampleArgs(prompt);
      const text = renderPrompt(prompt, args, multi).messages[0]?.content.text ?? "";
      const withNote = ["monitor_container_fleet", "triage_incident"].includes(prompt.name);
      expect(text.includes("Multi-host:"), prompt.name).toBe(withNote);
      expect(renderPrompt(prompt, args, single).messages[0]?.content.text).not.toContain("Multi-host:");
    }
  });
});
