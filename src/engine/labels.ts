// Provenance labels: what this server creates through the Engine API carries them, so its footprint
// can be listed and cleaned with `managed_only=true`.

import type { EngineFilters } from "./filters.js";

export const MANAGED_LABEL = "docker-mcp-server.managed";

export type CallerLabels = Record<string, string> | readonly string[] | null | undefined;

/** UTC ISO 8601 with a Z suffix and microseconds when non-zero, e.g. 2026-03-04T05:06:07.123000Z. */
export function provenanceTimestamp(now: Date = new Date()): string {
  const iso = now.toISOString();
  const millis = now.getUTCMilliseconds();
  return millis === 0 ? iso.replace(/\.\d{3}Z$/, "Z") : iso.replace(/\.(\d{3})Z$/, ".$1000Z");
}

export function provenanceLabels(tool: string, version: string, now: Date = new Date()): Record<string, string> {
  return {
    [MANAGED_LABEL]: "true",
    "docker-mcp-server.version": version || "unknown",
    "docker-mcp-server.tool": tool,
    "docker-mcp-server.created": provenanceTimestamp(now),
  };
}

/**
 * The labels to send with a create call. A caller object overlays the provenance set (caller wins); a caller list
 * adds each name with "" unless it is a provenance key. With stamping disabled: no caller labels → undefined (omit
 * the argument entirely), otherwise exactly the caller's labels.
 */
export function mergeLabels(
  caller: CallerLabels,
  stamp: { enabled: boolean; tool: string; version: string; now?: Date },
): Record<string, string> | undefined {
  const base = stamp.enabled ? provenanceLabels(stamp.tool, stamp.version, stamp.now) : {};
  if (!caller) return stamp.enabled ? base : undefined;
  if (Array.isArray(caller)) {
    // Entries, not assignment: a label named "__proto__" must stay a label.
    const added = (caller as readonly string[]).filter((name) => !Object.hasOwn(base, name));
    return { ...base, ...Object.fromEntries(added.map((name) => [name, ""])) };
  }
  return { ...base, ...(caller as Record<string, string>) };
}

/**
 * Adds `label=docker-mcp-server.managed=true` to normalised filters without mutating them. The Engine ANDs label
 * values, so the result is never wider than the caller's filters: every caller value is kept.
 */
export function withManagedFilter(filters: EngineFilters | undefined): EngineFilters {
  const existing = filters && Object.hasOwn(filters, "label") ? (filters.label ?? []) : [];
  return { ...filters, label: [...existing, `${MANAGED_LABEL}=true`] };
}
