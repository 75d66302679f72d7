// A value put into an Engine API request path. The daemon decodes %2F and cleans the path (`//`, `.`, `..`), and
// answers a path it had to clean with a 301 redirect, which docker-modem follows to another endpoint or crashes on
// ("Invalid URL", getaddrinfo ENOTFOUND). So a value with a slash, or `.`/`..`, never goes into a path.

import { EngineError } from "./errors.js";

export function isPathSafe(value: string): boolean {
  return value.length > 0 && !value.includes("/") && value !== "." && value !== "..";
}

/** `value` encoded as one path segment; refused (with `hint` on what to pass instead) when it is not path-safe. */
export function pathSegment(value: string, what: string, hint = ""): string {
  if (!isPathSafe(value)) {
    throw new EngineError(`${what} '${value}' cannot be addressed by name: it contains '/' or is '.' or '..'.${hint}`);
  }
  return encodeURIComponent(value);
}
