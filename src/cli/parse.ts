// JSON from CLI output: only a JSON parser, never ad-hoc text parsing of JSON; a body the
// runner cut at its cap drops its last (possibly partial) line.

import { CliError } from "./errors.js";

function snippet(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** One JSON value per non-blank line. */
export function parseNdjson(stdout: string, truncated: boolean, what: string): unknown[] {
  const lines = stdout
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  if (truncated) lines.pop();
  return lines.map((line, index) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      throw new CliError(
        `Could not parse ${what} as JSON (line ${index + 1}, truncated=${truncated}): ${snippet(line)}`,
      );
    }
  });
}

/** One JSON document (older compose) or NDJSON (compose ≥ 2.21); blank → null. */
export function parseJsonOrNdjson(stdout: string, truncated: boolean, what: string): unknown {
  if (!stdout.trim()) return null;
  try {
    return JSON.parse(stdout) as unknown;
  } catch {
    return parseNdjson(stdout, truncated, what);
  }
}

/** The JSON-or-NDJSON body as a list of rows: an object becomes one row, null none. */
export function parseRows(stdout: string, truncated: boolean, what: string): unknown[] {
  const parsed = parseJsonOrNdjson(stdout, truncated, what);
  if (parsed === null) return [];
  return Array.isArray(parsed) ? parsed : [parsed];
}
