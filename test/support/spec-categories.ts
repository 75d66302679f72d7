// The contract's classification of all 156 tools, kept as test data so the domain tables are checked
// against the spec rather than against themselves.

import { readFileSync } from "node:fs";

export type SpecCategory = "read_only" | "mutating" | "destructive";

const raw = JSON.parse(readFileSync(new URL("../fixtures/tool-categories.json", import.meta.url), "utf8")) as Record<
  string,
  [string | null, SpecCategory]
>;

export const SPEC_CATEGORIES: Readonly<Record<string, { domain: string | null; category: SpecCategory }>> =
  Object.fromEntries(Object.entries(raw).map(([name, [domain, category]]) => [name, { domain, category }]));
