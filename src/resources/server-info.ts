// Resources about the server itself: the tool catalog and the pinned host list.

import type { HostRegistry } from "../config/hosts.js";
import { defineResource } from "./define-resource.js";

/** host_list's rows; also the docker-mcp://hosts document. */
export function describeHosts(registry: HostRegistry) {
  return registry.entries.map((entry, index) => ({
    name: entry.label,
    url: entry.url,
    read_only: entry.readOnly,
    tls: entry.certDir !== null,
    default: index === 0,
  }));
}

export const toolCatalogResource = defineResource({
  uri: "docker-mcp://tool-catalog",
  name: "tool-catalog",
  description: "Every tool and prompt, its domain and category, and whether it registered under the current switches.",
  mimeType: "application/json",
  async read(_uri, _params, ctx) {
    return JSON.stringify(ctx.catalog(), null, 2);
  },
});

export const hostsResource = defineResource({
  uri: "docker-mcp://hosts",
  name: "hosts",
  description: "The configured Docker daemons (label, endpoint, read-only flag, TLS, default).",
  mimeType: "application/json",
  async read(_uri, _params, ctx) {
    return JSON.stringify(describeHosts(ctx.config.hosts), null, 2);
  },
});
