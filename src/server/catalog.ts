// docker-mcp://tool-catalog (prompts-resources.md §2.2): every defined tool and prompt, what registered, and why.

import type { ServerConfig } from "../config/index.js";
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

export function buildCatalog(
  surface: Surface,
  config: ServerConfig,
  prompts: readonly PromptInfo[],
  disabledDocSections: readonly string[],
) {
  const tools = surface.all
    .map((spec) => ({
      name: spec.name,
      domain: spec.domain,
      category: spec.category,
      registered: surface.byName.has(spec.name),
    }))
    .sort(byDomainThenName);
  const domainNames = [...new Set(tools.map((tool) => tool.domain))].sort((a, b) =>
    byDomainThenName({ domain: a, name: "" }, { domain: b, name: "" }),
  );
  return {
    switches: {
      DOCKER_MCP_SERVER_READONLY: config.readOnly,
      DOCKER_MCP_SERVER_NO_DESTRUCTIVE: config.noDestructive,
      DOCKER_MCP_SERVER_DISABLE: [...config.disabled],
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
