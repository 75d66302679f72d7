// Advertised input schemas: generated from the zod shapes, slimmed and given the `host` property
// the host configuration calls for. Display only: validation uses the zod schema itself.

import { z } from "zod";
import { isWrite } from "./host-guard.js";
import type { ToolSpec } from "./inventory.js";

export type JsonSchema = { [key: string]: unknown };

const SAFE_MAX = Number.MAX_SAFE_INTEGER;

function isNullBranch(node: unknown): boolean {
  return typeof node === "object" && node !== null && (node as JsonSchema).type === "null";
}

/**
 * Removes noise that costs tokens and says little: titles, null branches, safe-integer bounds, `minLength: 1`,
 * `minimum: 0`, an integer's `minimum: 1`, the string type of a string map's values, `$schema`, false defaults of booleans.
 */
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
    // "Not empty", "not negative" and "a count of at least one" go without saying; validation still enforces them.
    if (key === "minLength" && value === 1) continue;
    if (key === "minimum" && (value === 0 || (value === 1 && isIntegerSchema(input)))) continue;
    if (key === "additionalProperties" && (value === true || isEmptyObject(value))) continue;
    // A map of strings (labels, build args, driver options) reads as an object; validation still wants strings.
    if (key === "additionalProperties" && isStringSchema(value)) continue;
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
      const merged = mergedTypeUnion(branches);
      if (merged) {
        const { anyOf: _dropped, ...rest } = out;
        out = { ...rest, ...merged };
      } else {
        out.anyOf = branches;
      }
    }
  }
  return out;
}

/**
 * `anyOf: [{type: "string"}, {type: "array", items}]` says the same as `type: ["string", "array"], items` (a keyword
 * that belongs to one type constrains only values of that type) in fewer tokens. Merged only when every branch has
 * its own single type and no keyword appears in two branches; anything else keeps its anyOf.
 */
function mergedTypeUnion(branches: unknown[]): JsonSchema | undefined {
  const types: string[] = [];
  const merged: JsonSchema = {};
  for (const branch of branches) {
    if (typeof branch !== "object" || branch === null || Array.isArray(branch)) return undefined;
    const { type, ...keywords } = branch as JsonSchema;
    // Two branches of one family (integer and number) would share their keywords once merged.
    if (typeof type !== "string" || types.some((seen) => family(seen) === family(type))) return undefined;
    // Keywords not tied to a type (const, enum, description, default) would apply to every branch once merged.
    for (const [key, value] of Object.entries(keywords)) {
      if (key in merged || !TYPE_SPECIFIC.has(key)) return undefined;
      merged[key] = value;
    }
    types.push(type);
  }
  return { type: types, ...merged };
}

const family = (type: string) => (type === "integer" ? "number" : type);

/** JSON Schema keywords that only constrain values of one type. */
const TYPE_SPECIFIC = new Set([
  "properties",
  "required",
  "items",
  "minItems",
  "maxItems",
  "additionalProperties",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
]);

function isIntegerSchema(node: JsonSchema): boolean {
  return node.type === "integer";
}

function isStringSchema(value: unknown): boolean {
  return isPlainObject(value) && Object.keys(value).length === 1 && value.type === "string";
}

function isPlainObject(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
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
    // A bare string, not an enum of the labels: the labels are said once, in the instructions and
    // docker-mcp://hosts, so tools/list does not grow with the fleet. The call-time guard refuses an unknown label.
    properties.host = { type: "string" };
    if (isWrite(spec)) required.push("host");
  }
  schema.properties = properties;
  if (required.length > 0) schema.required = required;
  else delete schema.required;
  return schema;
}
