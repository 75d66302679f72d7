// The docker CLI's context names, read from its metadata store (<config dir>/contexts/meta/*/meta.json) without
// running the CLI: for argument completion. `default` always exists.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export function listContextNames(dockerConfigDir: string): string[] {
  const names = new Set<string>(["default"]);
  const metaDir = join(dockerConfigDir, "contexts", "meta");
  let entries: string[];
  try {
    entries = readdirSync(metaDir);
  } catch {
    return [...names];
  }
  for (const entry of entries.slice(0, 1000)) {
    try {
      const meta = JSON.parse(readFileSync(join(metaDir, entry, "meta.json"), "utf8")) as { Name?: unknown };
      if (typeof meta.Name === "string" && meta.Name) names.add(meta.Name);
    } catch {
      // Not a context directory.
    }
  }
  return [...names];
}
