// One inventory of every defined tool, flattened from the domain declarations in their order. Everything the server
// says about a tool (surface, annotations, schemas, catalog, docs) reads it from here.

import type { DomainDecl, ToolEntry } from "../contract/domain.js";
import type { Domain } from "../contract/domains.js";
import type { Category, ToolDef } from "../contract/tool.js";

export interface ToolSpec {
  readonly name: string;
  readonly domain: Domain | null;
  readonly def: ToolDef;
  readonly category: Category;
  readonly idempotent: boolean;
  readonly connectionControl: boolean;
  /** Whether the tool takes `host`: not for hostless domains or tools. */
  readonly targetsHost: boolean;
}

function specOf(domain: DomainDecl, name: string, entry: ToolEntry): ToolSpec {
  return {
    name,
    domain: domain.name,
    def: entry.def,
    category: entry.category,
    idempotent: entry.idempotent === true,
    connectionControl: entry.connectionControl === true,
    targetsHost: !domain.hostless && !entry.hostless,
  };
}

/** Flattens the declarations; a name declared twice is a programming error caught at start-up (and by the tests). */
export function toolInventory(domains: readonly DomainDecl[]): ToolSpec[] {
  const seen = new Set<string>();
  const specs: ToolSpec[] = [];
  for (const domain of domains) {
    for (const [name, entry] of Object.entries(domain.tools)) {
      if (seen.has(name)) throw new Error(`tool '${name}' is declared twice`);
      seen.add(name);
      specs.push(specOf(domain, name, entry));
    }
  }
  return specs;
}
