// The documentation resources: `docker-docs://contents` and `docker-docs://{section}`.
// The library itself (index, fetch, cache) lives in src/docs/ and is shared with the docs_lookup tool.

import { defineResource } from "../contract/resource.js";

export const docsContentsResource = defineResource({
  uri: "docker-docs://contents",
  name: "docs-contents",
  description: "Index of the Docker documentation sections readable as docker-docs://{section}.",
  mimeType: "application/json",
  async read(_uri, _params, ctx) {
    return ctx.docs.contents();
  },
});

export const docsSectionResource = defineResource({
  uriTemplate: "docker-docs://{section}",
  name: "docs-section",
  description: "One Docker documentation page as Markdown text (cached on disk after the first fetch).",
  mimeType: "text/markdown",
  async read(_uri, params, ctx) {
    return await ctx.docs.read(params.section ?? "", ctx.signal);
  },
});
