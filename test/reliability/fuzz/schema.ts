// The subset of JSON Schema the server advertises in tools/list, and a checker for it: a generated value that does
// not conform is one the server must refuse; one that conforms may legitimately succeed.

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean | JsonSchema;
  default?: unknown;
  description?: string;
}

export interface ToolInfo {
  name: string;
  inputSchema: JsonSchema;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "object":
      return isPlainObject(value);
    case "array":
      return Array.isArray(value);
    case "null":
      return value === null;
    default:
      return true;
  }
}

/** Whether a value satisfies the advertised schema (the keywords the server uses). */
export function conforms(value: unknown, schema: JsonSchema): boolean {
  if (schema.anyOf && !schema.anyOf.some((branch) => conforms(value, branch))) return false;
  if (schema.enum && !schema.enum.includes(value)) return false;
  if ("const" in schema && schema.const !== value) return false;
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((type) => hasType(value, type))) return false;
  }
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) return false;
    if (schema.maximum !== undefined && value > schema.maximum) return false;
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return false;
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) return false;
  }
  if (typeof value === "string") {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) return false;
    if (schema.maxLength !== undefined && length > schema.maxLength) return false;
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return false;
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return false;
    const items = schema.items;
    if (items && !value.every((item) => conforms(item, items))) return false;
  }
  if (isPlainObject(value)) {
    for (const key of schema.required ?? []) if (value[key] === undefined) return false;
    for (const [key, item] of Object.entries(value)) {
      const declared = schema.properties && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
      if (declared) {
        if (!conforms(item, declared)) return false;
      } else if (schema.additionalProperties === false) {
        return false;
      } else if (typeof schema.additionalProperties === "object" && !conforms(item, schema.additionalProperties)) {
        return false;
      }
    }
  }
  return true;
}

/** Every type a schema admits (through anyOf branches too); empty = anything. */
export function typesOf(schema: JsonSchema): Set<string> {
  const out = new Set<string>();
  if (schema.type !== undefined) for (const t of Array.isArray(schema.type) ? schema.type : [schema.type]) out.add(t);
  for (const branch of schema.anyOf ?? []) for (const t of typesOf(branch)) out.add(t);
  if (schema.enum || "const" in schema) out.add("string");
  return out;
}

/** The branch of a schema that admits objects (for anyOf object-or-array properties). */
export function objectBranch(schema: JsonSchema): JsonSchema | undefined {
  if (typesOf(schema).has("object") && !schema.anyOf) return schema;
  return schema.anyOf?.find((branch) => typesOf(branch).has("object"));
}

/** The branch that admits arrays. */
export function arrayBranch(schema: JsonSchema): JsonSchema | undefined {
  if (typesOf(schema).has("array") && !schema.anyOf) return schema;
  return schema.anyOf?.find((branch) => typesOf(branch).has("array"));
}
