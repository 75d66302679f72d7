// Parameters several domains share, defined once so their wording and validation cannot drift apart.

import { z } from "zod";

/**
 * `fields` on document tools: dotted paths to return instead of the whole document (the instructions say so once for
 * every tool; each schema shows only its own examples).
 */
export function fieldsParam(examples: readonly string[]) {
  return z
    .array(z.string())
    .nullish()
    .describe(`Dotted paths, e.g. ${JSON.stringify(examples)}.`);
}

/** A name or id: whitespace only is refused before any request (the daemon would answer "page not found"). */
export function notBlank(value: string): boolean {
  return value.trim().length > 0;
}
export const NOT_BLANK = "must not be blank (whitespace only)";

/** `timeout_seconds` of a CLI-backed tool: the process group is killed when it passes. */
export function timeoutParam(defaultSeconds: number) {
  return z.number().default(defaultSeconds);
}

/**
 * An off-by-default switch of a CLI-backed tool, advertised as a bare boolean: absent (or null) means false, as for
 * the CLI flag it stands for, so no schema repeats `"default": false`.
 */
export function flag() {
  return z.boolean().nullish();
}

/**
 * A required id or name. Checked non-empty at call time (a refine, so the advertised schema stays a bare string:
 * `minLength` and a description on every such parameter cost tokens in every tools/list).
 */
export function refParam(description?: string) {
  const ref = z.string().refine(notBlank, "must not be empty");
  return description ? ref.describe(description) : ref;
}

/**
 * `reveal` on the inspect tools: show the secret values the server otherwise redacts. Advertised and accepted only
 * with DOCKER_MCP_SERVER_REDACT=reveal (server/redaction.ts removes it otherwise).
 */
export function revealParam() {
  return z.boolean().nullish().describe("Show secret values unredacted.");
}
