// Advertised input schemas: generated from the zod shapes, slimmed and given the `host` property
// the host configuration calls for. Display only: validation uses the zod schema itself.

import { z } from "zod";
import type { ToolSpec } from "./inventory.js";

export type JsonSchema = { [key: string]: unknown };

const SAFE_MAX = Number.MAX_SAFE_INTEGER;

function isNullBranch(node: unknown): boolean {
  return typeof node === "object" && node !== null && (node as JsonSchema).type === "null";
}

/** Removes noise that costs tokens and says nothing: titles, null branches, safe-integer bounds, `$schema`, false defaults of booleans. */
export function slim(node: unknown, isPropertyMap = false): unknown {
  if (Array.isArray(node)) return node.map((item) => slim(item));
  if (typeof node !== "object" || node === null) return node;
  const input = node as JsonSchema;
  if (isPropertyMap) {
    // Keys here are parameter names (a parameter may legitimately be called `title`).
    return Object.fromEntries(Object.entries(input).map(([key, value]) => [key, slim(value)]));
  }
  let out: JsonSchema = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === "$schema" || key === "title") continue;
    if (key === "maximum" && value === SAFE_MAX) continue;
    if (key === "minimum" && value === -SAFE_MAX) continue;
    if (key === "propertyNames") continue;
    if (key === "additionalProperties" && (value === true || isEmptyObject(value))) continue;
    if (key === "properties") {
      out[key] = slim(value, true);
      continue;
    }
    out[key] = slim(value);
  }
  if (Array.isArray(out.type)) {
    const types = (out.type as unknown[]).filter((t) => t !== "null");
    out.type = types.length === 1 ? types[0] : types;
  }
  // An off switch says nothing: a boolean left out is false, so `"default": false` is not advertised.
  if (out.type === "boolean" && out.default === false) delete out.default;
  if (Array.isArray(out.anyOf)) {
    const branches = (out.anyOf as unknown[]).filter((branch) => !isNullBranch(branch));
    if (branches.length === 1) {
      const { anyOf: _dropped, ...rest } = out;
      out = { ...rest, ...(branches[0] as JsonSchema) };
    } else {
      out.anyOf = branches;
    }
  }
  return out;
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

export interface HostSchemaMode {
  /** Configured labels, in order; the host property appears only when there are two or more. */
  labels: readonly string[];
}

/** The JSON schema advertised for one tool under the given host configuration. */
export function advertisedInputSchema(spec: ToolSpec, hosts: HostSchemaMode): JsonSchema {
  const generated = z.toJSONSchema(z.object(spec.def.input), { io: "input", unrepresentable: "any" });
  const schema = slim(generated) as JsonSchema;
  schema.type = "object";
  const properties = { ...((schema.properties as JsonSchema | undefined) ?? {}) };
  const required = [...((schema.required as string[] | undefined) ?? [])];
  if (spec.targetsHost && hosts.labels.length > 1) {
    const defaultLabel = hosts.labels[0];
    const optional = spec.category === "read_only" || spec.connectionControl;
    properties.host = optional
      ? {
          type: "string",
          enum: [...hosts.labels],
          description: `Target host; omitted = the default host '${defaultLabel}'.`,
        }
      : {
          type: "string",
          enum: [...hosts.labels],
          description: "Target host; required when several hosts are configured.",
        };
    if (!optional) required.push("host");
  }
  schema.properties = properties;
  if (required.length > 0) schema.required = required;
  else delete schema.required;
  return schema;
}
