// Checks on the raw arguments that the zod schema cannot make without losing data: zod drops unknown object keys
// and `__proto__` keys silently (a misspelt `filters` would turn a prune into an unfiltered one), and a lone
// surrogate cannot be encoded as UTF-8 on the way to the daemon.

import { hasLoneSurrogate, loneSurrogateMessage, quote, shorten } from "../base/quote.js";
import { branchFor, type JsonSchema } from "./json-shape.js";

/** `filters.label[0]`: how an argument path is shown in errors (keys shortened). */
export function pathText(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${shorten(String(key), 60)}` : shorten(String(key), 60);
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function knownKeys(properties: JsonSchema): string {
  const keys = Object.keys(properties);
  return keys.length > 0 ? keys.join(", ") : "none";
}

/** The first problem with the raw arguments, as a sentence; undefined when there is none. */
export function checkArguments(tool: string, args: unknown, root: JsonSchema): string | undefined {
  const visit = (value: unknown, schema: JsonSchema | undefined, path: PropertyKey[]): string | undefined => {
    if (typeof value === "string") {
      return hasLoneSurrogate(value)
        ? loneSurrogateMessage(path.length ? pathText(path) : "A value", value)
        : undefined;
    }
    const branch = schema ? branchFor(schema, root, value) : undefined;
    if (Array.isArray(value)) {
      const items = branch?.items as JsonSchema | undefined;
      for (let i = 0; i < value.length; i++) {
        const problem = visit(value[i], items, [...path, i]);
        if (problem) return problem;
      }
      return undefined;
    }
    if (!isPlainObject(value)) return undefined;
    const properties = branch?.properties as JsonSchema | undefined;
    const additional = branch?.additionalProperties as JsonSchema | boolean | undefined;
    const where = path.length ? pathText(path) : tool;
    for (const key of Object.keys(value)) {
      if (hasLoneSurrogate(key)) return loneSurrogateMessage(`A key of ${where}`, key);
      if (key === "__proto__") {
        return `${where}: unknown key '__proto__' (it names JavaScript's object prototype, not an option, label or setting); remove it.`;
      }
      const known = properties && Object.hasOwn(properties, key);
      if (properties && !known && typeof additional !== "object") {
        const what = path.length ? `key ${quote(key, 60)} in ${where}` : `argument ${quote(key, 60)} for ${tool}`;
        return `Unknown ${what}; known: ${knownKeys(properties)}.`;
      }
      const child = known ? (properties?.[key] as JsonSchema) : typeof additional === "object" ? additional : undefined;
      const problem = visit(value[key], child, [...path, key]);
      if (problem) return problem;
    }
    return undefined;
  };
  return visit(args, root, []);
}
