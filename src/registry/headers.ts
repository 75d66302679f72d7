// Header values the registry client sends and parses.

/** Manifest Accept list, in the order the spec fixes: indexes first, then single manifests. */
export const MANIFEST_ACCEPT = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

export interface Challenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Parses `WWW-Authenticate` values into challenges: `Bearer realm="…",service="…"`, `Basic realm="…"`.
 * Several challenges may share one header line, separated by commas before a new scheme token.
 */
export function parseChallenges(values: readonly string[]): Challenge[] {
  const challenges: Challenge[] = [];
  const token = /\s*([A-Za-z][A-Za-z0-9._~+/-]*)(?:\s+|$)/y;
  const param = /\s*([A-Za-z0-9_.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*,?/y;
  for (const value of values) {
    let at = 0;
    while (at < value.length) {
      token.lastIndex = at;
      const scheme = token.exec(value);
      if (!scheme?.[1]) break;
      at = token.lastIndex;
      const params: Record<string, string> = {};
      for (;;) {
        param.lastIndex = at;
        const match = param.exec(value);
        if (!match?.[1]) break;
        params[match[1].toLowerCase()] = match[2] !== undefined ? match[2].replace(/\\(.)/g, "$1") : (match[3] ?? "");
        at = param.lastIndex;
      }
      challenges.push({ scheme: scheme[1].toLowerCase(), params });
      while (value[at] === "," || value[at] === " ") at++;
    }
  }
  return challenges;
}

/** The first `<URL>; rel=next` entry of a Link header (quotes optional), or undefined. */
export function nextLink(values: readonly string[]): string | undefined {
  for (const entry of values.flatMap((value) => value.split(","))) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(entry);
    if (match?.[1] !== undefined && /(?:^|;)\s*rel\s*=\s*"?next"?\s*(?:;|$)/i.test(match[2] ?? "")) return match[1];
  }
  return undefined;
}

export interface RateLimitHeader {
  readonly count: number | null;
  readonly windowSeconds: number | null;
}

/** `100;w=21600` → (100, 21600); `100` → (100, null); anything else → (null, null). */
export function parseRateLimitHeader(value: string | undefined): RateLimitHeader {
  const match = /^\s*(\d+)\s*(?:;\s*w\s*=\s*(\d+)\s*)?$/.exec(value ?? "");
  if (!match?.[1]) return { count: null, windowSeconds: null };
  return { count: Number(match[1]), windowSeconds: match[2] !== undefined ? Number(match[2]) : null };
}
