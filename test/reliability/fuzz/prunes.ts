// Reads the guard's record for prunes that a filtered call turned into a wider one.

import type { GuardRecord } from "../support/guard-proxy.js";

const PRUNE = /^\/(containers|networks|volumes|images|build)\/prune\/?$/;

export function isPrune(record: GuardRecord): boolean {
  return record.method === "POST" && PRUNE.test(record.path);
}

function emptyValue(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.length === 0 || value.every(emptyValue);
  if (typeof value === "object") return !Object.values(value).some((flag) => flag === true || flag === "true");
  return false;
}

/**
 * Why a prune that reached the daemon is wider than the call that caused it asked for (undefined: it is not).
 * `callFilters` are the call's own filters; keys the server may consume itself (volume_prune's `all`) are exempt.
 */
export function widening(record: GuardRecord, callFilters: Record<string, unknown>): string | undefined {
  const raw = new URLSearchParams(record.query).get("filters");
  if (raw === null) return "no filters at all";
  let sent: Record<string, unknown>;
  try {
    sent = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return "unparseable filters";
  }
  if (typeof sent !== "object" || sent === null || Object.keys(sent).length === 0) return "empty filters";
  for (const [key, value] of Object.entries(sent)) if (emptyValue(value)) return `filter ${key} with no value`;
  for (const key of Object.keys(callFilters)) {
    if (key !== "all" && !Object.hasOwn(sent, key)) return `filter ${key} dropped`;
  }
  return undefined;
}
