// The Engine wants `filters` as a JSON map of lists; callers (and models) write single values and booleans too.

export type EngineFilters = Record<string, string[]>;

/** {"dangling": true, "label": "a=b"} → {"dangling": ["true"], "label": ["a=b"]}; an object value lists its keys. */
export function engineFilters(filters: Record<string, unknown> | null | undefined): EngineFilters | undefined {
  if (!filters) return undefined;
  const out: EngineFilters = {};
  for (const [key, value] of Object.entries(filters)) {
    if (Array.isArray(value)) out[key] = value.map(String);
    else if (value && typeof value === "object") out[key] = Object.keys(value);
    else if (value !== null && value !== undefined) out[key] = [String(value)];
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** True when a filter map has a `label` entry (list tools then show labels in their compact rows). */
export function hasLabelFilter(filters: EngineFilters | undefined): boolean {
  return Boolean(filters?.label?.length);
}
