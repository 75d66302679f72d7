// What the suite accepts as an error text: a sentence a model can act on, under the size cap — not a raw JavaScript or
// Node error, not a bare "Invalid input.", not a validation dump.

import { limits } from "./mode.js";

const RAW: ReadonlyArray<readonly [RegExp, string]> = [
  [/is not a function/, "raw TypeError (is not a function)"],
  [/Cannot read propert/, "raw TypeError (Cannot read properties)"],
  [/Cannot convert (undefined|null|object)/, "raw TypeError (Cannot convert)"],
  [/is not (defined|iterable|a constructor)/, "raw JavaScript error"],
  [/\bundefined is not\b/, "raw JavaScript error"],
  [/URI malformed/, "raw URIError (URI malformed)"],
  [/Maximum call stack/, "raw RangeError (stack overflow)"],
  [/Invalid string length|Array buffer allocation failed/, "raw RangeError (allocation)"],
  [/without null bytes|Received '|ERR_[A-Z_]{6,}/, "raw Node error message"],
  [/failed: E[A-Z]{2,}: /, "raw errno message (no context)"],
  [/\n\s+at .+:\d+:\d+\)?/, "stack trace"],
  [/\[object Object\]/, "[object Object]"],
  [/"code":\s*"invalid_|"expected":\s*"|"path":\s*\[/, "raw validation dump"],
  [/page not found/i, "daemon routing error (page not found)"],
  [/socket hang up|read ECONNRESET|write EPIPE/, "raw socket error"],
];

/** Why the text is not an actionable error, or undefined when it is. */
export function notActionable(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed.length < 12 || !/[A-Za-z]{3,}/.test(trimmed)) return "no sentence";
  for (const [pattern, reason] of RAW) if (pattern.test(trimmed)) return reason;
  // "Invalid input" alone says nothing about the expected shape (zod's union failure).
  if (/Invalid input(?!:\s*expected)/.test(trimmed)) return 'bare "Invalid input" (no expected shape)';
  return undefined;
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

export function oversize(text: string): boolean {
  return utf8Bytes(text) > limits.errorCapBytes;
}
