// DNS-rebinding protection for the HTTP endpoint: the Host header must name this server (a loopback name, the bind
// address, this machine's names and addresses when bound to every interface, or DOCKER_MCP_SERVER_HTTP_ALLOWED_HOSTS),
// and a browser's Origin must be this server itself under one of those names (or be listed in
// DOCKER_MCP_SERVER_HTTP_ALLOWED_ORIGINS). Requests without an Origin (non-browser clients) pass the Origin check.

import { hostname, networkInterfaces } from "node:os";
import type { HttpConfig } from "../config/http.js";

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "::1"];
const WILDCARDS = new Set(["0.0.0.0", "::", ""]);

const bare = (name: string) => name.replace(/^\[|\]$/g, "").toLowerCase();

/** The host names (no port, no brackets) a request may address. */
export function allowedHostnames(config: HttpConfig): Set<string> {
  const names = new Set<string>([...LOOPBACK_NAMES, ...config.allowedHosts.map(bare)]);
  if (WILDCARDS.has(config.host)) {
    names.add(hostname().toLowerCase());
    for (const addresses of Object.values(networkInterfaces())) {
      for (const address of addresses ?? []) names.add(bare(address.address));
    }
  } else {
    names.add(bare(config.host));
  }
  names.add(bare(new URL(config.publicUrl).hostname));
  return names;
}

export interface RequestOrigin {
  readonly host: string | undefined;
  readonly origin: string | undefined;
}

/** A sentence saying why the request is refused, or undefined when it may proceed. */
export function originProblem(
  request: RequestOrigin,
  names: ReadonlySet<string>,
  config: HttpConfig,
): string | undefined {
  let hostName: string;
  try {
    hostName = bare(new URL(`http://${request.host ?? ""}`).hostname);
  } catch {
    return "The Host header is missing or malformed.";
  }
  if (!request.host || !names.has(hostName)) {
    return `Host '${(request.host ?? "").slice(0, 100)}' is not one this server answers to; add it to DOCKER_MCP_SERVER_HTTP_ALLOWED_HOSTS if it should be.`;
  }
  if (request.origin === undefined) return undefined;
  const origin = request.origin.replace(/\/+$/, "");
  if (config.allowedOrigins.includes(origin)) return undefined;
  try {
    const url = new URL(origin);
    const port = url.port || (url.protocol === "https:" ? "443" : "80");
    const ownPorts = new Set([String(config.port), new URL(config.publicUrl).port || "443"]);
    if (
      (url.protocol === "http:" || url.protocol === "https:") &&
      names.has(bare(url.hostname)) &&
      ownPorts.has(port)
    ) {
      return undefined;
    }
  } catch {
    // refused below
  }
  return `Origin '${origin.slice(0, 100)}' may not call this server; add it to DOCKER_MCP_SERVER_HTTP_ALLOWED_ORIGINS if it should.`;
}
