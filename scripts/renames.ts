// The 1.x → current tool-name table, kept as data beside the generator.

import { readFileSync } from "node:fs";

export function readRenames(): Array<[string, string]> {
  const text = readFileSync(new URL("./renames-1x.tsv", import.meta.url), "utf8");
  return text
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => {
      const [old = "", current = ""] = line.split("\t");
      return [old, current];
    });
}
