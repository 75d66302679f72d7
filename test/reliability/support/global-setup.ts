// Runs once in vitest's main process: creates the run directory and id every test file shares, and after all files
// prints the one table of figures (then removes the run directory unless RELIABILITY_KEEP=1).

import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { readFigures, renderTable } from "./figures.js";
import { SHORT } from "./mode.js";

export default function setup(project: TestProject): () => void {
  const runDir = mkdtempSync(join(tmpdir(), "dmcp-rel-"));
  const runId = randomBytes(4).toString("hex");
  project.provide("relRunDir", runDir);
  project.provide("relRunId", runId);
  const started = Date.now();
  return () => {
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    const title = `docker-mcp-server reliability (${SHORT ? "short" : "full"} mode, run ${runId}, ${seconds} s)`;
    process.stdout.write(`\n${renderTable(readFigures(runDir), title)}\n`);
    if (process.env.RELIABILITY_KEEP === "1") process.stdout.write(`run directory kept: ${runDir}\n`);
    else rmSync(runDir, { recursive: true, force: true });
  };
}
