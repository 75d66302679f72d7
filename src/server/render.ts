// Turns handler results and errors into MCP tool results. Results are compact JSON, capped at 64 KiB of text with a
// note that says how to ask for less.

import { shorten } from "../base/quote.js";
import { InbandResult } from "../engine/inband.js";

export const RESULT_TEXT_CAP = 64 * 1024;

export interface ToolResult {
  [key: string]: unknown;
  content: Array<{ type: "text"; text: string }>;
  /** The same result as data, for clients that read structured output (arrays wrapped as {result}). */
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

function toText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "null";
  return JSON.stringify(value);
}

/** Cuts text above the cap on a character boundary and says so. */
export function capText(text: string, cap = RESULT_TEXT_CAP): string {
  if (Buffer.byteLength(text, "utf8") <= cap) return text;
  const cut = Buffer.from(text, "utf8")
    .subarray(0, cap)
    .toString("utf8")
    .replace(/\uFFFD$/, "");
  const total = Buffer.byteLength(text, "utf8");
  return (
    `${cut}\n[truncated: showing the first ${cap} of ${total} bytes. ` +
    "Ask for less: use `fields` on inspect tools, filters or `limit` on list tools, `tail` on logs, or leave `detail` off.]"
  );
}

export function renderResult(value: unknown): ToolResult {
  // In-band payloads are bounded by their own max_bytes; a cut would corrupt them.
  if (value instanceof InbandResult) return { content: [{ type: "text", text: toText(value.value) }] };
  const full = toText(value);
  const text = capText(full);
  const result: ToolResult = { content: [{ type: "text", text }] };
  // Structured output only when the text carries the whole value: a cut result is text with a note, not data.
  if (text === full && typeof value === "object" && value !== null) {
    result.structuredContent = Array.isArray(value) ? { result: value } : (value as Record<string, unknown>);
  }
  return result;
}

export const ERROR_TEXT_CAP = 8 * 1024;

/** Runs of this many non-space characters in an error are echoed input (a name, a path), not prose. */
const LONG_RUN = /\S{1000,}/g;

/**
 * Bounds an error's text: long unbroken runs are shortened first, then the whole is cut in the middle, so the
 * sentence's start (what was wrong) and end (what to do) both survive.
 */
export function capErrorText(message: string, cap = ERROR_TEXT_CAP): string {
  const text = message.replace(LONG_RUN, (run) => shorten(run, 200));
  if (text.length <= cap) return text;
  const keep = Math.floor((cap - 40) / 2);
  let head = text.slice(0, keep);
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  let tail = text.slice(text.length - keep);
  if (/^[\uDC00-\uDFFF]/.test(tail)) tail = tail.slice(1);
  return `${head}…(${text.length - head.length - tail.length} chars cut)…${tail}`;
}

export function renderError(message: string): ToolResult {
  return { content: [{ type: "text", text: capErrorText(message) }], isError: true };
}
