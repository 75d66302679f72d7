// A value put into an Engine API request path. The daemon decodes %2F and cleans the path (`//`, `.`, `..`), and
// answers a path it had to clean with a 301 redirect, which docker-modem follows to another endpoint or crashes on
// ("Invalid URL", getaddrinfo ENOTFOUND). So a value with a slash, or `.`/`..`, never goes into a path; nor does a
// blank one (the daemon's router answers "page not found") or one that cannot be encoded (a lone surrogate).

import { hasLoneSurrogate, loneSurrogateMessage, quote } from "../base/quote.js";
import { EngineError } from "./errors.js";

/** Control characters (CR, LF, NUL, …): no Docker object name has them, and the daemon's router answers "page not found". */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f]/;

export function isPathSafe(value: string): boolean {
  return (
    value.trim().length > 0 &&
    !value.includes("/") &&
    value !== "." &&
    value !== ".." &&
    !hasLoneSurrogate(value) &&
    !CONTROL.test(value)
  );
}

/** `value` encoded as one path segment; refused (with `hint` on what to pass instead) when it is not path-safe. */
export function pathSegment(value: string, what: string, hint = ""): string {
  if (hasLoneSurrogate(value)) throw new EngineError(loneSurrogateMessage(`${what} name`, value));
  if (value.trim().length === 0) {
    throw new EngineError(`${what} name ${quote(value)} is blank: give the ${what.toLowerCase()}'s name or id.`);
  }
  if (CONTROL.test(value)) {
    throw new EngineError(
      `${what} name ${quote(value)} contains a control character (a line break, tab or NUL); no Docker name has one.`,
    );
  }
  if (!isPathSafe(value)) {
    throw new EngineError(
      `${what} ${quote(value)} cannot be addressed by name: it contains '/' or is '.' or '..'.${hint}`,
    );
  }
  return encodeURIComponent(value);
}
