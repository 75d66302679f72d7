// `Retry-After` parsing: delta seconds or an HTTP-date.

// The HTTP-date shapes (IMF-fixdate, RFC 850, asctime; day name and zone optional), the zone captured last. Anything
// else is unparseable: Date.parse alone reads text such as "abc 12" as a date, turning a refusal into a retry.
const HTTP_DATE = [
  /^(?:[a-z]{3,9},?\s+)?\d{1,2}[\s-]+[a-z]{3}[\s-]+\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?(\s+(?:[a-z]{1,4}|[+-]\d{4}))?$/i,
  /^[a-z]{3}\s+[a-z]{3}\s+\d{1,2}\s+\d{1,2}:\d{2}:\d{2}\s+\d{4}(\s+gmt)?$/i,
];

/** Seconds to wait, or undefined when the header is missing or unparseable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^[+-]?\d+(?:\.\d+)?$/.test(text)) return Math.max(Number(text), 0);
  const match = HTTP_DATE.map((shape) => shape.exec(text)).find((found) => found !== null);
  if (!match) return undefined;
  // A date without a zone is taken as UTC (Date.parse would read it as local time).
  const at = Date.parse(match[1] ? text : `${text} GMT`);
  if (Number.isNaN(at)) return undefined;
  return Math.max(Math.floor((at - now) / 1000), 0);
}
