// Regenerates docs/tools.md and the tools/list snapshots under test/snapshots from the domain declarations.

import { mkdirSync, writeFileSync } from "node:fs";
import { ALL_DOMAINS } from "../src/tools/index.js";
import { readRenames } from "./renames.js";
import { SNAPSHOT_CONFIGS, snapshotFor, toolsMarkdown } from "./tool-docs.js";

mkdirSync("docs", { recursive: true });
mkdirSync("test/snapshots", { recursive: true });
writeFileSync("docs/tools.md", toolsMarkdown(ALL_DOMAINS, readRenames()));
for (const { file, env } of SNAPSHOT_CONFIGS) {
  writeFileSync(`test/snapshots/${file}`, `${JSON.stringify(snapshotFor(ALL_DOMAINS, env), null, 2)}\n`);
}
process.stderr.write("wrote docs/tools.md and the tools/list snapshots\n");
