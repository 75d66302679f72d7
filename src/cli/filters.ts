// Filters for CLI commands that take `--filter key=value` (buildx prune, stack ps/services). Checked like the Engine
// API tools' filters first: a key the caller gave without a value is an error, never a dropped (wider) filter.

import { engineFilters } from "../engine/filters.js";

/** An SDK-style filter object as repeated `--filter key=value`. */
export function filterFlags(filters: Record<string, unknown> | null | undefined): string[] {
  const checked = engineFilters(filters) ?? {};
  return Object.entries(checked).flatMap(([key, values]) => values.flatMap((value) => ["--filter", `${key}=${value}`]));
}
