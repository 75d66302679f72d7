// `Retry-After` parsing (cli-and-registry.md §7.3): delta seconds or an HTTP-date.

/** Seconds to wait, or undefined when the header is missing or unparseable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^[+-]?\d+(?:\.\d+)?$/.test(text)) return Math.max(Number(text), 0);
  // A date without a zone is taken as UTC (Date.parse would read it as local time).
  const zoned = /(?:gmt|utc|z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text} GMT`;
  const at = Date.parse(zoned);
  if (Number.isNaN(at)) return undefined;
  return Math.max(Math.floor((at - now) / 1000), 0);
}
