// Reading a tool's JSON schema to say, in words, what an argument should look like, and to find the schema of a
// nested argument. Used only on the error path and for the unknown-key check, so it favours clarity over speed.

export type JsonSchema = { [key: string]: unknown };

function asSchema(value: unknown): JsonSchema | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonSchema) : undefined;
}

/** A schema's alternatives with `$ref`s resolved, nested `anyOf`s flattened and null branches dropped. */
export function branches(schema: JsonSchema, root: JsonSchema): JsonSchema[] {
  const ref = schema.$ref;
  if (typeof ref === "string" && ref.startsWith("#/$defs/")) {
    const target = asSchema(asSchema(root.$defs)?.[ref.slice("#/$defs/".length)]);
    return target ? branches(target, root) : [schema];
  }
  const alternatives = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (Array.isArray(alternatives)) {
    return alternatives.flatMap((branch) => {
      const inner = asSchema(branch);
      return inner ? branches(inner, root) : [];
    });
  }
  if (schema.type === "null") return [];
  return [schema];
}

/** What kind of JSON value this is, in the schema's words. */
export function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function typesOf(schema: JsonSchema): string[] {
  const type = schema.type;
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === "string");
  return typeof type === "string" ? [type] : [];
}

/** The branch of a schema that takes values of this kind, if any. */
export function branchFor(schema: JsonSchema, root: JsonSchema, value: unknown): JsonSchema | undefined {
  const kind = kindOf(value);
  return branches(schema, root).find((branch) => {
    const types = typesOf(branch);
    if (types.length === 0) return !("enum" in branch) && !("const" in branch);
    return types.includes(kind) || (kind === "integer" && types.includes("number"));
  });
}

const PLURAL: Record<string, string> = {
  string: "strings",
  integer: "integers",
  number: "numbers",
  boolean: "booleans",
  object: "objects",
  array: "arrays",
};

function plural(schema: JsonSchema, root: JsonSchema): string {
  const options = branches(schema, root);
  const words = [
    ...new Set(
      options.flatMap((branch) => typesOf(branch).map((type) => PLURAL[type] ?? (type === "null" ? "null" : "values"))),
    ),
  ];
  return words.length > 0 ? list(words) : "values";
}

function range(schema: JsonSchema): string {
  const min = typeof schema.minimum === "number" ? schema.minimum : undefined;
  const rawMax = typeof schema.maximum === "number" ? schema.maximum : undefined;
  const max = rawMax !== undefined && rawMax < Number.MAX_SAFE_INTEGER ? rawMax : undefined;
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` ≥ ${min}`;
  if (max !== undefined) return ` ≤ ${max}`;
  return "";
}

function describeOne(schema: JsonSchema, root: JsonSchema): string[] {
  if (Array.isArray(schema.enum)) return [`one of ${schema.enum.map((value) => JSON.stringify(value)).join(", ")}`];
  if ("const" in schema) return [JSON.stringify(schema.const)];
  const types = typesOf(schema);
  if (types.length === 0) return ["any JSON value"];
  return types.flatMap((type) => {
    switch (type) {
      case "string":
        return ["a string"];
      case "integer":
        return [`an integer${range(schema)}`];
      case "number":
        return [`a number${range(schema)}`];
      case "boolean":
        return ["a boolean"];
      case "null":
        return [];
      case "array": {
        const items = asSchema(schema.items);
        return [items ? `an array of ${plural(items, root)}` : "an array"];
      }
      case "object": {
        const properties = asSchema(schema.properties);
        if (properties && Object.keys(properties).length > 0) {
          return [`an object with keys ${Object.keys(properties).join(", ")}`];
        }
        const values = asSchema(schema.additionalProperties);
        return [values && typesOf(values).length > 0 ? `an object of ${plural(values, root)}` : "an object"];
      }
      default:
        return [`a ${type}`];
    }
  });
}

/** "a string or an array of strings", "an integer from 0 to 3600", `one of "no", "always"`. */
export function describe(schema: JsonSchema, root: JsonSchema): string {
  const words = [...new Set(branches(schema, root).flatMap((branch) => describeOne(branch, root)))];
  return words.length === 0 ? "null" : list(words);
}

function list(words: readonly string[]): string {
  return words.length === 1 ? (words[0] as string) : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}

/** The schema of the argument at `path` (object keys and array indexes), following the branch each value takes. */
export function schemaAt(
  root: JsonSchema,
  path: readonly PropertyKey[],
  valueAt: (depth: number) => unknown,
): JsonSchema | undefined {
  let node: JsonSchema | undefined = root;
  for (let depth = 0; depth < path.length && node; depth++) {
    const key = path[depth];
    const branch = branchFor(node, root, valueAt(depth)) ?? branches(node, root)[0];
    if (!branch) return undefined;
    if (typeof key === "number") {
      node = asSchema(branch.items);
    } else {
      const properties = asSchema(branch.properties);
      const name = String(key);
      node =
        properties && Object.hasOwn(properties, name)
          ? asSchema(properties[name])
          : asSchema(branch.additionalProperties);
    }
  }
  return node;
}
