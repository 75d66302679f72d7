// The prune filters as the daemon evaluates them, so a preview lists what the prune would remove: `label` (every
// value must match), `label!` (none may match) and `until` (created before a timestamp or a duration ago). A key
// the prune does not take is refused here as the daemon would refuse it, never ignored.

import { CallerError } from "../../base/errors.js";
import { quote } from "../../base/quote.js";
import type { EngineFilters } from "../../engine/filters.js";

export type Labels = Readonly<Record<string, string>> | null | undefined;

function labelMatches(labels: Labels, filter: string): boolean {
  const eq = filter.indexOf("=");
  const key = eq < 0 ? filter : filter.slice(0, eq);
  if (!labels || !Object.hasOwn(labels, key)) return false;
  return eq < 0 || labels[key] === filter.slice(eq + 1);
}

export function matchesLabels(filters: EngineFilters, labels: Labels): boolean {
  if (!(filters.label ?? []).every((filter) => labelMatches(labels, filter))) return false;
  return !(filters["label!"] ?? []).some((filter) => labelMatches(labels, filter));
}

const DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1e3, m: 60e3, h: 3600e3 };

/** `until` as epoch milliseconds: a Go duration before now ("24h", "1h30m"), unix seconds, or a date/RFC 3339 time. */
export function untilMs(value: string, now: number): number {
  const text = value.trim();
  if (DURATION.test(text)) {
    let total = 0;
    for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
      total += Number(amount) * (UNIT_MS[unit as string] as number);
    }
    return now - total;
  }
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text) * 1000;
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed)) {
    throw new CallerError(
      `filters.until ${quote(text)} is not a duration ("24h"), unix time or RFC 3339 timestamp ("2026-01-02T15:04:05Z").`,
    );
  }
  return parsed;
}

/** Refuses keys the prune does not take, as the daemon would (the preview must not show a prune that will fail). */
export function checkKeys(tool: string, filters: EngineFilters, allowed: readonly string[]): void {
  for (const key of Object.keys(filters)) {
    if (!allowed.includes(key)) {
      throw new CallerError(`${tool} does not take filter ${quote(key)}; it takes ${allowed.join(", ")}.`);
    }
  }
}

/** True when an object created at `createdMs` passes every `until` value (created before each). */
export function beforeUntil(filters: EngineFilters, createdMs: number | undefined, now: number): boolean {
  const until = filters.until ?? [];
  if (until.length === 0) return true;
  if (createdMs === undefined) return false;
  return until.every((value) => createdMs <= untilMs(value, now));
}

export function truthy(values: readonly string[] | undefined): boolean {
  return (values ?? []).some((value) => ["1", "true"].includes(value.trim().toLowerCase()));
}
