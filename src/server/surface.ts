// Which tools exist for this configuration and how each is advertised: the registration switches,
// annotations and schemas. Everything else (catalog, instructions, docs) derives from this.

import { z } from "zod";
import { hostLabels } from "../config/hosts.js";
import type { ServerConfig } from "../config/index.js";
import type { Domain } from "../contract/domains.js";
import { CONFIRM_TOKEN, confirmationCovers, withConfirmToken } from "./confirm-policy.js";
import type { ToolSpec } from "./inventory.js";
import { withRevealPolicy } from "./redaction.js";
import { advertisedInputSchema, type JsonSchema } from "./schema.js";

/**
 * The tool annotations, each category's row of the spec's table (tools.md §0.1) written with the protocol's defaults
 * left out: `readOnlyHint` defaults to false, and `destructiveHint` (default true) means nothing when `readOnlyHint`
 * is true. So a read-only tool says `{readOnlyHint: true}`, a mutating one `{destructiveHint: false}`, a destructive
 * one `{destructiveHint: true}` — the same hints in 9 tokens instead of 15, on every tool of every tools/list.
 */
export interface Annotations {
  readOnlyHint?: true;
  destructiveHint?: boolean;
  idempotentHint?: true;
}

export interface RegisteredTool {
  readonly spec: ToolSpec;
  readonly annotations: Annotations;
  /** Validates arguments (accepts `host` when the tool takes one). */
  readonly validator: z.ZodObject;
  readonly inputSchema: JsonSchema;
  /** Whether DOCKER_MCP_SERVER_CONFIRM asks before this tool acts (it then takes confirm_token). */
  readonly confirms: boolean;
}

export interface Switches {
  readOnly: boolean;
  noDestructive: boolean;
  disabled: readonly string[];
}

export function annotationsFor(spec: ToolSpec): Annotations {
  const annotations: Annotations =
    spec.category === "read_only" ? { readOnlyHint: true } : { destructiveHint: spec.category === "destructive" };
  if (spec.idempotent) annotations.idempotentHint = true;
  return annotations;
}

export function passesSwitches(spec: ToolSpec, switches: Switches): boolean {
  if (switches.readOnly && spec.category !== "read_only") return false;
  if (switches.noDestructive && spec.category === "destructive") return false;
  return spec.domain === null || !switches.disabled.includes(spec.domain);
}

export interface Surface {
  readonly all: readonly ToolSpec[];
  readonly tools: readonly RegisteredTool[];
  readonly byName: ReadonlyMap<string, RegisteredTool>;
  /** Domains with at least one registered tool. */
  readonly domains: ReadonlySet<Domain>;
}

export function buildSurface(specs: readonly ToolSpec[], config: ServerConfig): Surface {
  const switches: Switches = {
    readOnly: config.readOnly,
    noDestructive: config.noDestructive,
    disabled: config.disabled,
  };
  const labels = config.hosts.multi ? hostLabels(config.hosts) : [];
  const tools: RegisteredTool[] = [];
  for (const spec of specs) {
    if (!passesSwitches(spec, switches)) continue;
    const confirms = confirmationCovers(spec, config.safety.confirm);
    // `reveal` is validated and advertised only where DOCKER_MCP_SERVER_REDACT=reveal allows it.
    const offered = withRevealPolicy(spec, config.redaction);
    const shape = {
      ...offered.def.input,
      ...(spec.targetsHost ? { host: z.string().nullish() } : {}),
      ...(confirms ? { [CONFIRM_TOKEN]: z.string().nullish() } : {}),
    };
    const inputSchema = advertisedInputSchema(offered, { labels });
    tools.push({
      spec,
      annotations: annotationsFor(spec),
      validator: z.object(shape),
      inputSchema: confirms ? withConfirmToken(inputSchema) : inputSchema,
      confirms,
    });
  }
  return {
    all: specs,
    tools,
    byName: new Map(tools.map((tool) => [tool.spec.name, tool])),
    domains: new Set(tools.flatMap((tool) => (tool.spec.domain ? [tool.spec.domain] : []))),
  };
}
