// Response projection: keep only the dotted paths a caller asked for (spec README §6.10, `fields`).

/** Returns `{ "<path>": value }` for each requested dotted path; a missing path maps to null. */
export function pickFields(doc: unknown, paths: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of paths) {
    let node: unknown = doc;
    for (const key of path.split(".")) {
      if (node === null || typeof node !== "object") {
        node = undefined;
        break;
      }
      node = (node as Record<string, unknown>)[key];
    }
    out[path] = node === undefined ? null : node;
  }
  return out;
}

/** Applies `fields` when given and non-empty; otherwise returns the document unchanged. */
export function project(doc: unknown, fields: readonly string[] | null | undefined): unknown {
  return fields && fields.length > 0 ? pickFields(doc, fields) : doc;
}
