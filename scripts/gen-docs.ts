// Regenerates docs/tools.md, the tools/list snapshots under test/snapshots and the README prompts table from the
// declarations.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { ALL_PROMPTS } from "../src/prompts/index.js";
import { ALL_DOMAINS } from "../src/tools/index.js";
import { readRenames } from "./renames.js";
import { SNAPSHOT_CONFIGS, snapshotFor, toolsMarkdown, withPromptsTable } from "./tool-docs.js";

mkdirSync("docs", { recursive: true });
mkdirSync("test/snapshots", { recursive: true });
writeFileSync("docs/tools.md", toolsMarkdown(ALL_DOMAINS, readRenames()));
for (const { file, env } of SNAPSHOT_CONFIGS) {
  writeFileSync(`test/snapshots/${file}`, `${JSON.stringify(snapshotFor(ALL_DOMAINS, env), null, 2)}\n`);
}
writeFileSync("README.md", withPromptsTable(readFileSync("README.md", "utf8"), ALL_PROMPTS));
process.stderr.write("wrote docs/tools.md, the tools/list snapshots and the README prompts table\n");
