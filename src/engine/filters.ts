// The Engine wants `filters` as a JSON map of lists; callers (and models) write single values and booleans too.

export type EngineFilters = Record<string, string[]>;

/**
 * {"dangling": true, "label": "a=b"} → {"dangling": ["true"], "label": ["a=b"]}; an object value (the Engine's own
 * {"a=b": true} form) lists its keys, also inside a list (what a managed_only merge makes of it).
 */
export function engineFilters(filters: Record<string, unknown> | null | undefined): EngineFilters | undefined {
  if (!filters) return undefined;
  const values = (value: unknown): string[] => {
    if (Array.isArray(value)) return value.flatMap(values);
    if (value && typeof value === "object") return Object.keys(value);
    return value !== null && value !== undefined ? [String(value)] : [];
  };
  const out: EngineFilters = {};
  for (const [key, value] of Object.entries(filters)) {
    const list = values(value);
    if (list.length > 0 || (value !== null && typeof value === "object")) out[key] = list;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** True when a filter map has a `label` entry (list tools then show labels in their compact rows). */
export function hasLabelFilter(filters: EngineFilters | undefined): boolean {
  return Boolean(filters?.label?.length);
}
