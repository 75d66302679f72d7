// The Engine wants `filters` as a JSON map of lists; callers (and models) write single values and booleans too.
// A key the caller gave must narrow the call: a key without a value is refused, never dropped, because the daemon
// reads an empty filter as no filter and a prune would then remove everything.

import { CallerError } from "../base/errors.js";
import { quote, shorten } from "../base/quote.js";

export type EngineFilters = Record<string, string[]>;

/** Example values for the error sentence, so the fix can be copied. */
const EXAMPLES: Readonly<Record<string, unknown>> = {
  label: ["app=web"],
  "label!": ["app=web"],
  until: "24h",
  since: "web",
  before: "web",
  dangling: true,
  all: true,
  status: "exited",
  type: "container",
  event: "start",
  reference: "busybox:*",
  driver: "bridge",
  name: "web",
  id: "3f4e",
  ancestor: "busybox",
  network: "bridge",
  scope: "local",
};

function example(key: string): string {
  const value = Object.hasOwn(EXAMPLES, key) ? EXAMPLES[key] : ["value"];
  return JSON.stringify({ [shorten(key, 100)]: value });
}

function refuse(param: string, key: string, problem: string): never {
  const name = `${param}.${shorten(key, 100)}`;
  throw new CallerError(`${name} ${problem}: give at least one value, e.g. ${example(key)}, or leave the key out.`);
}

function scalar(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() === "" ? undefined : value;
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/** One key's values: a non-empty string (or boolean/number), a non-empty list of them, or a {value: true} map. */
function valuesOf(param: string, key: string, value: unknown): string[] {
  if (value === null || value === undefined) refuse(param, key, "is null");
  if (Array.isArray(value)) {
    if (value.length === 0) refuse(param, key, "is empty");
    return value.map((item, i) => {
      const text = scalar(item);
      if (text === undefined) {
        throw new CallerError(
          `${param}.${shorten(key, 100)}[${i}] must be a non-empty string (got ${quote(item, 80)}), e.g. ${example(key)}.`,
        );
      }
      return text;
    });
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) refuse(param, key, "is empty");
    return entries.map(([item, flag]) => {
      if (flag !== true || item.trim() === "") {
        throw new CallerError(
          `${param}.${shorten(key, 100)} in the Engine's map form takes {"<value>": true} entries only ` +
            `(got ${quote({ [item]: flag }, 80)}); or write the values as a list, e.g. ${example(key)}.`,
        );
      }
      return item;
    });
  }
  const text = scalar(value);
  if (text === undefined) refuse(param, key, typeof value === "string" ? "is empty" : "has no usable value");
  return [text];
}

/**
 * {"dangling": true, "label": "a=b"} → {"dangling": ["true"], "label": ["a=b"]}; the Engine's own {"a=b": true}
 * form lists its keys. Throws a CallerError naming the key when one has no value. No filters → undefined.
 */
export function engineFilters(
  filters: Record<string, unknown> | null | undefined,
  param = "filters",
): EngineFilters | undefined {
  if (!filters) return undefined;
  // Built from entries so a key such as "__proto__" stays an own key (and reaches the daemon, which refuses it).
  const out: EngineFilters = Object.fromEntries(
    Object.entries(filters).map(([key, value]) => [key, valuesOf(param, key, value)]),
  );
  return Object.keys(out).length > 0 ? out : undefined;
}

/** True when a filter map has a `label` entry (list tools then show labels in their compact rows). */
export function hasLabelFilter(filters: EngineFilters | undefined): boolean {
  return Boolean(filters && Object.hasOwn(filters, "label") && filters.label?.length);
}
