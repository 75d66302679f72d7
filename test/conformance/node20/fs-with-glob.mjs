// node:fs plus the one globSync form the conformance suite uses: `**/<file name>` under `cwd`.
import fs from "node:fs";
import { join, relative } from "node:path";

export * from "node:fs";
export default fs;

export function globSync(pattern, options = {}) {
  const cwd = options.cwd ?? process.cwd();
  const text = String(pattern);
  if (!/^\*\*\/[^*/]+$/.test(text))
    throw new Error(`fs-with-glob: only '**/<name>' patterns are supported, got ${text}`);
  const name = text.slice(3);
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === name) found.push(relative(cwd, path));
    }
  };
  walk(cwd);
  return found;
}
