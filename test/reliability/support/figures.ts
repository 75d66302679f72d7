// Figures each part of the suite records for the closing table: JSON lines in the run directory, because test files
// run in worker processes and the table is printed by the global teardown in the main process.

import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";

type Mode = "sum" | "set" | "max";
type Value = number | string;

const FILE = "figures.jsonl";

/** Records a figure; `sum` adds to earlier values of the same name, `max` keeps the largest, `set` the last. */
export function figure(name: string, value: Value, mode: Mode = "set"): void {
  appendFileSync(join(inject("relRunDir"), FILE), `${JSON.stringify({ name, value, mode })}\n`);
}

export function readFigures(runDir: string): Map<string, Value> {
  const out = new Map<string, Value>();
  const path = join(runDir, FILE);
  if (!existsSync(path)) return out;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line) continue;
    const { name, value, mode } = JSON.parse(line) as { name: string; value: Value; mode: Mode };
    const prior = out.get(name);
    if (mode === "sum" && typeof prior === "number" && typeof value === "number") out.set(name, prior + value);
    else if (mode === "max" && typeof prior === "number" && typeof value === "number")
      out.set(name, Math.max(prior, value));
    else out.set(name, value);
  }
  return out;
}

/** The table's rows, in order: figure name, what it means. */
const ROWS: ReadonlyArray<readonly [string, string]> = [
  ["calls", "tool calls made (whole run)"],
  ["fuzz.tools", "fuzz: tools discovered from tools/list"],
  ["fuzz.calls", "fuzz: malformed calls made"],
  ["fuzz.crashes", "fuzz: crashes (server died or stopped answering ping)"],
  ["fuzz.hangs", "fuzz: calls with no answer in time"],
  ["fuzz.accepted_invalid", "fuzz: schema-invalid arguments answered as success"],
  ["fuzz.non_actionable", "fuzz: non-actionable errors"],
  ["fuzz.oversize", "fuzz: errors above the 8 KiB cap"],
  ["fuzz.protocol_errors", "fuzz: JSON-RPC errors instead of tool errors"],
  ["fuzz.state_diffs", "fuzz: engine A state differences"],
  ["fuzz.widened_prunes", "fuzz: guard-recorded widened prunes"],
  ["fuzz.stray_prunes", "fuzz: prunes from non-prune tools"],
  ["fuzz.guard_refused", "fuzz: requests the guard refused"],
  ["faults.blackhole_answer_s", "faults: answer during a black hole (s)"],
  ["faults.down_answer_s", "faults: answer while the daemon is down (s)"],
  ["faults.restart_recovery_s", "faults: first success after the daemon restart (s)"],
  ["faults.events_cut", "faults: system_events cut mid-stream"],
  ["faults.ssh_recovery_s", "faults: first success after the sshd restart (s)"],
  ["faults.registry_answer_s", "faults: slowest answer from a hanging registry (s)"],
  ["faults.cancel_leaks", "faults: cancellations that leaked sockets/children/work"],
  ["load.calls", "load: calls measured"],
  ["load.errors", "load: errors"],
  ["load.calls_per_s", "load: calls/s at 32 in flight"],
  ["load.rss_before_mib", "load: RSS before (peak of the warm-up's last tooth, MiB)"],
  ["load.rss_after_mib", "load: RSS after (peak during the measured calls, MiB)"],
  ["http_load.calls", "HTTP load: calls measured (32 clients, both eras)"],
  ["http_load.errors", "HTTP load: errors"],
  ["http_load.calls_per_s", "HTTP load: calls/s"],
  ["http_load.rss_before_mib", "HTTP load: RSS before (warm-up's last peak, MiB)"],
  ["http_load.rss_after_mib", "HTTP load: RSS after (peak during the measured calls, MiB)"],
  ["secrets.hits", "secrets: hits in captured stdout/stderr"],
  ["secrets.files", "secrets: capture files scanned"],
];

export function renderTable(figures: Map<string, Value>, title: string): string {
  const width = Math.max(...ROWS.map(([, label]) => label.length));
  const lines = [title, "-".repeat(width + 14)];
  for (const [name, label] of ROWS) {
    const value = figures.get(name);
    const shown = value === undefined ? "not measured" : typeof value === "number" ? round(value) : value;
    lines.push(`${label.padEnd(width)}  ${shown}`);
  }
  lines.push("-".repeat(width + 14));
  return lines.join("\n");
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
