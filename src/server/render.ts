// Turns handler results and errors into MCP tool results. Results are compact JSON, capped at 64 KiB of text with a
// note that says how to ask for less (spec README §6.10).

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

export function renderError(message: string): ToolResult {
  return { content: [{ type: "text", text: message }], isError: true };
}
