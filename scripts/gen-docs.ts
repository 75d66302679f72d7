// Regenerates docs/tools.md and test/snapshots/tools-list.json from the definitions.

import { mkdirSync, writeFileSync } from "node:fs";
import { buildSurface } from "../src/server/surface.js";
import { referenceConfig, toolsListSnapshot, toolsMarkdown } from "../src/server/tool-docs.js";
import { ALL_TOOLS } from "../src/tools/index.js";
import { readRenames } from "./renames.js";

mkdirSync("docs", { recursive: true });
mkdirSync("test/snapshots", { recursive: true });
writeFileSync("docs/tools.md", toolsMarkdown(ALL_TOOLS, readRenames()));
writeFileSync(
  "test/snapshots/tools-list.json",
  `${JSON.stringify(toolsListSnapshot(buildSurface(ALL_TOOLS, referenceConfig())), null, 2)}\n`,
);
process.stderr.write("wrote docs/tools.md and test/snapshots/tools-list.json\n");
