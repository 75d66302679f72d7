// Matching a read URI against the resource templates: `scheme://{a}/{b}`, each `{name}` one path segment.

import { hasLoneSurrogate, loneSurrogateMessage, shorten } from "../base/quote.js";

/** A template part percent-decoded; malformed escapes or a lone surrogate are refused with a sentence. */
function decodePart(name: string, raw: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw new Error(
      `The {${name}} part '${shorten(raw, 200)}' of the resource URI is not valid percent-encoded UTF-8; encode it with encodeURIComponent (e.g. %20 for a space).`,
    );
  }
  if (hasLoneSurrogate(decoded))
    throw new Error(loneSurrogateMessage(`The {${name}} part of the resource URI`, decoded));
  return decoded;
}

/** Compiles a template into a matcher returning the named parts (percent-decoded), or null. */
export function templateMatcher(template: string): (uri: string) => Record<string, string> | null {
  const names: string[] = [];
  const pattern = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name) {
        names.push(name);
        return "([^/]+)";
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  const regex = new RegExp(`^${pattern}$`);
  return (uri) => {
    const match = regex.exec(uri);
    if (!match) return null;
    return Object.fromEntries(names.map((name, i) => [name, decodePart(name, match[i + 1] ?? "")]));
  };
}
