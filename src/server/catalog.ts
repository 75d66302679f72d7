// docker-mcp://tool-catalog: every defined tool and prompt, what registered, and why.

import { pluginMissingMessage } from "../cli/plugins.js";
import type { CliRunner } from "../cli/runner.js";
import type { ServerConfig } from "../config/index.js";
import type { DomainDecl } from "../contract/domain.js";
import { isDomain } from "../contract/domains.js";
import type { Surface } from "./surface.js";

export interface PromptInfo {
  name: string;
  domain: string | null;
  registered: boolean;
  multi_host: boolean;
}

const byDomainThenName = (a: { domain: string | null; name: string }, b: { domain: string | null; name: string }) => {
  if (a.domain !== b.domain) {
    if (a.domain === null) return -1;
    if (b.domain === null) return 1;
    return a.domain < b.domain ? -1 : 1;
  }
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
};

/**
 * Why the tools of a registered CLI-backed domain cannot work right now, by domain: no docker binary, or its plugin
 * is missing (the cached probe). The tools stay registered and answer with the same text.
 */
export async function cliUnavailability(
  cli: Pick<CliRunner, "docker" | "pluginState" | "missingDocker">,
  declarations: readonly DomainDecl[],
  registered: ReadonlySet<string>,
): Promise<Map<string, string>> {
  const reasons = new Map<string, string>();
  const cliDomains = declarations.filter(
    (decl) => decl.name !== null && decl.traits?.includes("cli") && registered.has(decl.name),
  );
  if (cliDomains.length === 0) return reasons;
  const hasDocker = cli.docker() !== undefined;
  await Promise.all(
    cliDomains.map(async (decl) => {
      const name = decl.name as string;
      if (!hasDocker) reasons.set(name, cli.missingDocker());
      else if (decl.plugin && !(await cli.pluginState(decl.plugin)).available) {
        reasons.set(name, pluginMissingMessage(decl.plugin));
      }
    }),
  );
  return reasons;
}

export function buildCatalog(
  surface: Surface,
  config: ServerConfig,
  prompts: readonly PromptInfo[],
  disabledDocSections: readonly string[],
  unavailable: ReadonlyMap<string, string> = new Map(),
) {
  const tools = surface.all
    .map((spec) => {
      const reason = spec.domain ? unavailable.get(spec.domain) : undefined;
      return {
        name: spec.name,
        domain: spec.domain,
        category: spec.category,
        registered: surface.byName.has(spec.name),
        ...(reason ? { unavailable: reason } : {}),
      };
    })
    .sort(byDomainThenName);
  const domainNames = [...new Set(tools.map((tool) => tool.domain))].sort((a, b) =>
    byDomainThenName({ domain: a, name: "" }, { domain: b, name: "" }),
  );
  return {
    switches: {
      DOCKER_MCP_SERVER_READONLY: config.readOnly,
      DOCKER_MCP_SERVER_NO_DESTRUCTIVE: config.noDestructive,
      DOCKER_MCP_SERVER_DISABLE: [...config.disabled],
      DOCKER_MCP_SERVER_REDACT: config.redaction.mode,
    },
    safety: {
      DOCKER_MCP_SERVER_CONFIRM: config.safety.confirm,
      DOCKER_MCP_SERVER_CONFIRM_TTL: config.safety.confirmTtlMs / 1000,
      DOCKER_MCP_SERVER_AUDIT:
        config.safety.audit?.kind === "file" ? config.safety.audit.path : (config.safety.audit?.kind ?? "off"),
      confirmed_tools: surface.tools.filter((tool) => tool.confirms).map((tool) => tool.spec.name),
    },
    unknown_disabled_domains: config.disabled.filter((name) => !isDomain(name)),
    domains: domainNames.map((domain) => {
      const inDomain = tools.filter((tool) => tool.domain === domain);
      return { domain, total: inDomain.length, registered: inDomain.filter((tool) => tool.registered).length };
    }),
    tools,
    prompts: [...prompts].sort((a, b) => (a.name < b.name ? -1 : 1)),
    disabled_doc_sections: [...disabledDocSections].sort(),
  };
}
