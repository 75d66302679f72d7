// zod's issues as sentences that say what was expected and what came: zod's own default for a union or a failed
// record is just "Invalid input", which leaves a model guessing at the shape.

import { isSecretName, quote } from "../base/quote.js";
import { pathText } from "./argument-check.js";
import { describe, type JsonSchema, kindOf, schemaAt } from "./json-shape.js";

/** The parts of a zod 4 issue this module reads. */
export interface Issue {
  readonly code?: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly errors?: ReadonlyArray<ReadonlyArray<Issue>>;
  readonly origin?: string;
  readonly minimum?: number | bigint;
  readonly keys?: readonly string[];
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== "object" || node === null) return undefined;
    const name = typeof key === "number" ? key : String(key);
    node = Object.hasOwn(node, name) ? (node as Record<PropertyKey, unknown>)[name] : undefined;
  }
  return node;
}

/** A union whose value had the right outer type but a wrong part: report that part, not the whole union. */
function narrowedUnion(issue: Issue): readonly Issue[] | undefined {
  for (const branch of issue.errors ?? []) {
    if (branch.length > 0 && branch.every((inner) => inner.path.length > 0)) {
      return branch.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }));
    }
  }
  return undefined;
}

function got(value: unknown, path: readonly PropertyKey[] = []): string {
  const kind = kindOf(value) === "integer" ? "number" : kindOf(value);
  if (path.some((key) => typeof key === "string" && isSecretName(key))) return kind;
  return kind === "string" || kind === "number" || kind === "boolean" ? `${kind} ${quote(value, 60)}` : kind;
}

function sentence(issue: Issue, args: unknown, schema: JsonSchema): string {
  const value = valueAt(args, issue.path);
  const at = schemaAt(schema, issue.path, (depth) => valueAt(args, issue.path.slice(0, depth)));
  const expected = at ? describe(at, schema) : undefined;
  // A schema's own message ("limit must be >= 1") is kept: it is worded for the parameter, and tests match on it.
  if (!/^(Invalid|Too (small|big))\b/.test(issue.message)) {
    return value === undefined ? issue.message : `${issue.message}, got ${got(value, issue.path)}`;
  }
  const message = issue.message.replace(/^Invalid input: /, "").replace(/^Too (small|big): /, "");
  if (/^Invalid (input|key|element)$/i.test(issue.message) && expected && issue.code !== "invalid_union") {
    return value === undefined ? `is required (${expected})` : `expected ${expected}, got ${got(value, issue.path)}`;
  }
  switch (issue.code) {
    case "invalid_type":
    case "invalid_union":
      if (value === undefined) return `is required${expected ? ` (${expected})` : ""}`;
      return `expected ${expected ?? message}, got ${got(value, issue.path)}`;
    case "invalid_value":
      return `${message.replace(/^Invalid option: /, "")}, got ${got(value, issue.path)}`;
    case "too_small":
    case "too_big":
      if (issue.code === "too_small" && issue.origin === "string" && Number(issue.minimum) === 1) {
        return "must not be empty";
      }
      if (issue.origin === "number" && expected) return `expected ${expected}, got ${got(value, issue.path)}`;
      return `${message}, got ${issue.origin === "string" || issue.origin === "array" ? kindOf(value) : got(value, issue.path)}`;
    default:
      return message;
  }
}

function flatten(issues: readonly Issue[]): Issue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== "invalid_union") return [issue];
    const narrowed = narrowedUnion(issue);
    return narrowed ? flatten(narrowed) : [issue];
  });
}

/** "Invalid arguments for container_run: command: expected a string or an array of strings, got number. …" */
export function formatZodIssues(tool: string, issues: readonly Issue[], args: unknown, schema: JsonSchema): string {
  const parts = flatten(issues)
    .slice(0, 5)
    .map((issue) => {
      const path = pathText(issue.path);
      const text = sentence(issue, args, schema);
      return path ? `${path}: ${text}` : text;
    });
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : "";
  return `Invalid arguments for ${tool}: ${parts.join("; ")}${more}. Check the tool's input schema.`;
}
