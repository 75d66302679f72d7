// Resources about the server itself: the tool catalog and the pinned host list.

import { describeHosts } from "../config/hosts.js";
import { defineResource } from "../contract/resource.js";

export const toolCatalogResource = defineResource({
  uri: "docker-mcp://tool-catalog",
  name: "tool-catalog",
  description: "Every tool and prompt, its domain and category, and whether it registered under the current switches.",
  mimeType: "application/json",
  async read(_uri, _params, ctx) {
    return JSON.stringify(await ctx.catalog(), null, 2);
  },
});

export const hostsResource = defineResource({
  uri: "docker-mcp://hosts",
  name: "hosts",
  description: "The configured Docker daemons (label, endpoint, read-only flag, TLS, default).",
  mimeType: "application/json",
  async read(_uri, _params, ctx) {
    return JSON.stringify(describeHosts(ctx.hosts), null, 2);
  },
});
