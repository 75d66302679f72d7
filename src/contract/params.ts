// Parameters several domains share, defined once so their wording and validation cannot drift apart.

import { z } from "zod";

/**
 * `fields` on inspect-style tools (spec README §6.10): dotted paths to return instead of the whole document.
 * `examples` are shown in the description; `brief` drops "instead of the whole document" where the tool's own
 * description already says it.
 */
export function fieldsParam(examples: readonly string[], brief = false) {
  const what = brief ? "Dotted paths to return" : "Dotted paths to return instead of the whole document";
  return z
    .array(z.string())
    .nullish()
    .describe(`${what}, e.g. ${JSON.stringify(examples)}.`);
}

/**
 * A required id or name. Checked non-empty at call time (a refine, so the advertised schema stays a bare string:
 * `minLength` and a description on every such parameter cost tokens in every tools/list).
 */
export function refParam(description?: string) {
  const ref = z.string().refine((value) => value.trim().length > 0, "must not be empty");
  return description ? ref.describe(description) : ref;
}
