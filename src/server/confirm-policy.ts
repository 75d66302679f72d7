// Which tools DOCKER_MCP_SERVER_CONFIRM covers, and the one parameter it adds to them. The parameter is kept to a
// few bytes on every covered tool; the protocol is explained once, in the server instructions.

import type { ConfirmMode } from "../config/safety.js";
import type { ToolSpec } from "./inventory.js";
import type { JsonSchema } from "./schema.js";

/** Whether the mode asks before this tool acts. */
export function confirmationCovers(spec: Pick<ToolSpec, "name" | "category">, mode: ConfirmMode): boolean {
  if (spec.category !== "destructive" || mode === "off") return false;
  return mode === "destructive" || spec.name.endsWith("_prune");
}

export const CONFIRM_TOKEN = "confirm_token";

/** The advertised schema with confirm_token added (after every other property). */
export function withConfirmToken(schema: JsonSchema): JsonSchema {
  const properties = { ...((schema.properties as JsonSchema | undefined) ?? {}) };
  // No description: the instructions explain the protocol once, instead of on every destructive tool.
  properties[CONFIRM_TOKEN] = { type: "string" };
  return { ...schema, properties };
}
