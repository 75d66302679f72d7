// Filters for CLI commands that take `--filter key=value` (buildx prune, stack ps/services).

/** An SDK-style filter object as repeated `--filter key=value` (cli-and-registry.md §5.2). */
export function filterFlags(filters: Record<string, unknown> | null | undefined): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(filters ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      const text = typeof item === "boolean" ? String(item) : typeof item === "string" ? item : JSON.stringify(item);
      out.push("--filter", `${key}=${text}`);
    }
  }
  return out;
}
