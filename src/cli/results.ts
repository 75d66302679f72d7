// Compact results for CLI action tools: the exit code, what changed (parsed from the CLI's own
// progress lines), and the last lines that matter — not the whole transcript. Output a tool returns as its product
// (exec, logs) keeps its newest part within a budget, with a note saying how to narrow the call.

import { CliError } from "./errors.js";
import type { CliResult } from "./process.js";

export const OUTPUT_LINES = 20;
/** Room for a product output inside the 64 KiB result cap, leaving space for the other fields. */
export const PRODUCT_BYTES = 56 * 1024;

export interface ActionResult {
  exit_code: number;
  /** Objects the command touched and the last state it reported, e.g. {"Container app-web-1": "Started"}. */
  changed?: Record<string, string>;
  /** The last lines of output (progress lines dropped on success). */
  output?: string;
  /** The command's own output, when that is the product (exec, run, logs). */
  stdout?: string;
  stderr?: string;
  truncated?: true;
  note?: string;
}

// ` Container app-web-1  Started`, ` Volume "app_data"  Created`, ` Network app_default  Removed`
const OBJECT_EVENT = /^\s*(Network|Volume|Container|Image|Service|Secret|Config)\s+"?([^"\s]+)"?\s+(\S.*?)\s*$/;
// ` web Pulled`, ` web Skipped - No image to be pulled`, `   4abcd1234567 Pull complete` (layers: ignored)
const PULL_EVENT = /^\s*([\w.-]+)\s+(Pulled|Pulling|Skipped.*?|Error.*?|Interrupted|Warning.*?)\s*$/;
const LAYER_ID = /^[0-9a-f]{12}$/;
// BuildKit plain progress: `#5 [web 2/2] RUN …`, `#6 naming to docker.io/library/app-web done`
const BUILDKIT_LINE = /^#\d+ /;
const NAMING = /^#\d+ naming to (\S+)/;

function lines(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line.trim().length > 0);
}

/** A progress line compose or BuildKit prints; what it says is summarised in `changed`. */
export function isProgressLine(line: string): boolean {
  return OBJECT_EVENT.test(line) || PULL_EVENT.test(line) || BUILDKIT_LINE.test(line);
}

/** The last state reported for each object in compose's progress lines. */
export function composeChanges(text: string): Record<string, string> {
  const changed: Record<string, string> = {};
  for (const line of lines(text)) {
    const object = OBJECT_EVENT.exec(line);
    if (object) {
      changed[`${object[1]} ${object[2]}`] = object[3] as string;
      continue;
    }
    const pull = PULL_EVENT.exec(line);
    if (pull && !LAYER_ID.test(pull[1] as string)) {
      changed[`Service ${pull[1]}`] = pull[2] as string;
      continue;
    }
    const named = NAMING.exec(line);
    if (named) changed[`Image ${named[1]}`] = "Built";
  }
  return changed;
}

/** The last `count` lines, with a first line saying how many came before. */
export function lastLines(all: readonly string[], count = OUTPUT_LINES): string {
  if (all.length <= count) return all.join("\n");
  return [`… ${all.length - count} earlier lines omitted`, ...all.slice(-count)].join("\n");
}

/** The newest `budget` bytes of `text` (cut on a line boundary when one is near). */
export function newestBytes(text: string, budget = PRODUCT_BYTES): { text: string; cut: boolean } {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= budget) return { text, cut: false };
  let kept = bytes.subarray(bytes.length - budget).toString("utf8");
  kept = kept.replace(/^\uFFFD+/, "");
  const newline = kept.indexOf("\n");
  if (newline >= 0 && newline < 1024) kept = kept.slice(newline + 1);
  return { text: kept, cut: true };
}

export interface ActionShape {
  /** Parse compose/BuildKit progress lines into `changed`. */
  events?: boolean;
  /** stdout is the product: return it (newest part within the budget) instead of summarising it. */
  product?: boolean;
  /** How to ask for less when the product is cut, e.g. "tail, since or services". */
  narrow?: string;
}

export function actionResult(result: CliResult, shape: ActionShape = {}): ActionResult {
  const out: ActionResult = { exit_code: result.returncode };
  if (shape.events) {
    // A product's stdout is the command's own output, never progress.
    const changed = composeChanges(shape.product ? result.stderr : `${result.stderr}\n${result.stdout}`);
    if (Object.keys(changed).length > 0) out.changed = changed;
  }
  const ok = result.returncode === 0;
  const keep = (line: string) => !(ok && shape.events && isProgressLine(line));
  const notes: string[] = [];
  if (shape.product) {
    const product = newestBytes(result.stdout);
    if (product.text) out.stdout = product.text;
    if (product.cut) {
      notes.push(
        `stdout shows its newest ${Math.round(PRODUCT_BYTES / 1024)} KiB of ${Math.round(Buffer.byteLength(result.stdout) / 1024)} KiB` +
          (shape.narrow ? `; narrow with ${shape.narrow}` : ""),
      );
    }
    const err = lines(result.stderr).filter(keep);
    if (err.length > 0) out.stderr = lastLines(err);
  } else {
    const all = [...lines(result.stdout), ...lines(result.stderr)].filter(keep);
    if (all.length > 0) out.output = lastLines(all);
  }
  if (result.truncated) {
    out.truncated = true;
    notes.push(`output exceeded the CLI's 4 MiB cap and was cut${shape.narrow ? `; narrow with ${shape.narrow}` : ""}`);
  }
  if (notes.length > 0) out.note = `${notes.join("; ")}.`;
  return out;
}

/** Parsed-query tools raise on a non-zero exit: `` `docker <sub>` failed with exit code <n>: <detail> ``. */
export function commandFailed(command: string, result: CliResult): CliError {
  const text = result.stderr.trim() || result.stdout.trim() || "<no output>";
  const detail = text.length > 2000 ? `…${text.slice(-2000)}` : text;
  return new CliError(`\`${command}\` failed with exit code ${result.returncode}: ${detail}`);
}
