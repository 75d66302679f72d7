// docs_lookup: the docker-docs:// resources for clients that cannot read resources. A page longer than
// one tool result (64 KiB) comes in parts, so the whole page stays reachable through the tool.

import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { defineDomain, readOnly } from "../../contract/domain.js";
import { defineTool } from "../../contract/tool.js";

/** Bytes per part: under the 64 KiB result cap with room for the note. */
export const DOCS_PART_BYTES = 60_000;

/** Splits `text` into parts of at most `size` UTF-8 bytes, at line ends where a line fits, else at a character. */
export function splitParts(text: string, size = DOCS_PART_BYTES): string[] {
  const parts: string[] = [];
  let current = "";
  let currentBytes = 0;
  for (const line of text.split(/(?<=\n)/)) {
    let rest = line;
    while (rest) {
      const bytes = Buffer.byteLength(rest, "utf8");
      if (currentBytes + bytes <= size) {
        current += rest;
        currentBytes += bytes;
        break;
      }
      if (currentBytes > 0) {
        parts.push(current);
        current = "";
        currentBytes = 0;
        continue;
      }
      // one line longer than a part: cut it on a character boundary
      const head =
        Buffer.from(rest, "utf8")
          .subarray(0, size)
          .toString("utf8")
          .replace(/\uFFFD$/, "") ||
        (Array.from(rest)[0] ?? "");
      parts.push(head);
      rest = rest.slice(head.length);
    }
  }
  if (current || parts.length === 0) parts.push(current);
  return parts;
}

export const docsLookup = defineTool({
  description:
    "Read Docker documentation as text: no section = the index (same as docker-docs://contents); else one section's " +
    "page, in parts when long (a note at the end names the next part).",
  input: {
    section: z.string().nullish().describe("A name from the index, e.g. containers, compose-file, dockerfile."),
    part: z.number().int().min(1, "part must be >= 1").default(1),
  },
  async run({ section, part: wanted }, ctx) {
    if (section === null || section === undefined) return ctx.docs.contents();
    const parts = splitParts(await ctx.docs.read(section, ctx.signal));
    if (wanted > parts.length) {
      throw new CallerError(`Section '${section}' has ${parts.length} part(s); part ${wanted} does not exist.`);
    }
    const text = parts[wanted - 1] ?? "";
    if (parts.length === 1) return text;
    const next =
      wanted < parts.length ? ` Call docs_lookup with section="${section}", part=${wanted + 1} for the next one.` : "";
    return `${text}${text.endsWith("\n") ? "" : "\n"}[part ${wanted} of ${parts.length}.${next}]`;
  },
});

export const docsDomain = defineDomain({
  name: null,
  hostless: true,
  tools: {
    docs_lookup: readOnly(docsLookup),
  },
});
