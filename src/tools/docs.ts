// docs_lookup (tools.md §19): the docker-docs:// resources for clients that cannot read resources.

import { z } from "zod";
import { docsContents, readDocSection } from "../resources/docs.js";
import { defineTool, type ToolDef } from "../server/define-tool.js";

export const docsLookup = defineTool({
  name: "docs_lookup",
  domain: null,
  description:
    "Read Docker documentation as text: no section = the index (same as docker-docs://contents); else one section's page.",
  input: {
    section: z.string().nullish().describe("A name from the index, e.g. containers, compose-file, dockerfile."),
  },
  async run({ section }, ctx) {
    if (section === null || section === undefined) return docsContents(ctx.config);
    return await readDocSection(section, ctx);
  },
});

export const docsTools: readonly ToolDef[] = [docsLookup];
