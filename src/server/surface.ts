// Which tools exist for this configuration (config.md §6) and how each is advertised: the registration switches,
// annotations (tools.md §0.1) and schemas. Everything else (catalog, instructions, docs) derives from this.

import { z } from "zod";
import { hostLabels } from "../config/hosts.js";
import type { ServerConfig } from "../config/index.js";
import { type Category, IDEMPOTENT_TOOLS, TOOL_CATEGORIES } from "./categories.js";
import { type Domain, type ToolDef, takesHost } from "./define-tool.js";
import { advertisedInputSchema, type JsonSchema } from "./schema.js";

export interface Annotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint?: true;
}

export interface RegisteredTool {
  readonly def: ToolDef;
  readonly category: Category;
  readonly takesHost: boolean;
  readonly annotations: Annotations;
  /** Validates arguments (accepts `host` when the tool takes one). */
  readonly validator: z.ZodObject;
  readonly inputSchema: JsonSchema;
}

export interface Switches {
  readOnly: boolean;
  noDestructive: boolean;
  disabled: readonly string[];
}

/** Unknown names default to mutating: the safe assumption (tools.md §0.1). */
export function categoryOf(name: string): Category {
  return TOOL_CATEGORIES[name] ?? "mutating";
}

export function annotationsFor(name: string, category: Category): Annotations {
  const annotations: Annotations = {
    readOnlyHint: category === "read_only",
    destructiveHint: category === "destructive",
  };
  if (IDEMPOTENT_TOOLS.has(name)) annotations.idempotentHint = true;
  return annotations;
}

export function passesSwitches(def: ToolDef, switches: Switches): boolean {
  const category = categoryOf(def.name);
  if (switches.readOnly && category !== "read_only") return false;
  if (switches.noDestructive && category === "destructive") return false;
  return def.domain === null || !switches.disabled.includes(def.domain);
}

export interface Surface {
  readonly all: readonly ToolDef[];
  readonly tools: readonly RegisteredTool[];
  readonly byName: ReadonlyMap<string, RegisteredTool>;
  /** Domains with at least one registered tool. */
  readonly domains: ReadonlySet<Domain>;
}

export function buildSurface(defs: readonly ToolDef[], config: ServerConfig): Surface {
  const switches: Switches = {
    readOnly: config.readOnly,
    noDestructive: config.noDestructive,
    disabled: config.disabled,
  };
  const labels = hostLabels(config.hosts);
  const tools: RegisteredTool[] = [];
  for (const def of defs) {
    if (!passesSwitches(def, switches)) continue;
    const category = categoryOf(def.name);
    const withHost = takesHost(def);
    const shape = withHost ? { ...def.input, host: z.string().nullish() } : def.input;
    tools.push({
      def,
      category,
      takesHost: withHost,
      annotations: annotationsFor(def.name, category),
      validator: z.object(shape),
      inputSchema: advertisedInputSchema(def, category, withHost, { labels: config.hosts.multi ? labels : [] }),
    });
  }
  return {
    all: defs,
    tools,
    byName: new Map(tools.map((tool) => [tool.def.name, tool])),
    domains: new Set(tools.flatMap((tool) => (tool.def.domain ? [tool.def.domain] : []))),
  };
}
