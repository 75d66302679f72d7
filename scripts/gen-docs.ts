// Regenerates docs/tools.md, the tools/list snapshots under test/snapshots and the README prompts table from the
// declarations, and lowers the tools/list token record (`--accept-token-growth` lets it rise; scripts/token-budget.ts).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { ALL_PROMPTS } from "../src/prompts/index.js";
import { ALL_DOMAINS } from "../src/tools/index.js";
import { readRenames } from "./renames.js";
import {
  ACCEPT_GROWTH_FLAG,
  budgetOverruns,
  nextRecord,
  TOKEN_RECORD_FILE,
  type TokenFigures,
  tokenFigures,
} from "./token-budget.js";
import { SNAPSHOT_CONFIGS, snapshotFor, toolsMarkdown, withPromptsTable } from "./tool-docs.js";

mkdirSync("docs", { recursive: true });
mkdirSync("test/snapshots", { recursive: true });
writeFileSync("docs/tools.md", toolsMarkdown(ALL_DOMAINS, readRenames()));
for (const { file, env } of SNAPSHOT_CONFIGS) {
  writeFileSync(`test/snapshots/${file}`, `${JSON.stringify(snapshotFor(ALL_DOMAINS, env), null, 2)}\n`);
}
writeFileSync("README.md", withPromptsTable(readFileSync("README.md", "utf8"), ALL_PROMPTS));
const recorded = existsSync(TOKEN_RECORD_FILE)
  ? (JSON.parse(readFileSync(TOKEN_RECORD_FILE, "utf8")) as TokenFigures)
  : undefined;
const live = tokenFigures(ALL_DOMAINS);
const acceptGrowth = process.argv.includes(ACCEPT_GROWTH_FLAG);
writeFileSync(TOKEN_RECORD_FILE, `${JSON.stringify(nextRecord(recorded, live, acceptGrowth), null, 2)}\n`);
process.stderr.write("wrote docs/tools.md, the tools/list snapshots and the README prompts table\n");
const overruns = recorded && !acceptGrowth ? budgetOverruns(recorded, live) : [];
if (overruns.length > 0) {
  process.stderr.write(
    `tools/list grew beyond its token record (kept as it was): ${overruns.join("; ")}.\n` +
      `Cut it, or record the growth on purpose: npm run docs -- ${ACCEPT_GROWTH_FLAG}\n`,
  );
}
