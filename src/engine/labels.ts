// Provenance labels (config.md §7): what this server creates through the Engine API carries them, so its footprint
// can be listed and cleaned with `managed_only=true`.

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
    const merged: Record<string, string> = { ...base };
    for (const name of caller as readonly string[]) if (!(name in base)) merged[name] = "";
    return merged;
  }
  return { ...base, ...(caller as Record<string, string>) };
}

export type Filters = Record<string, unknown>;

/**
 * Adds `label=docker-mcp-server.managed=true` to a filter map without mutating it: no label filter → a string;
 * a string → [existing, managed]; a list → appended.
 */
export function withManagedFilter(filters: Filters | null | undefined): Filters {
  const managed = `${MANAGED_LABEL}=true`;
  const out: Filters = { ...(filters ?? {}) };
  const existing = out.label;
  if (existing === undefined || existing === null) out.label = managed;
  else if (Array.isArray(existing)) out.label = [...existing, managed];
  else out.label = [existing, managed];
  return out;
}
