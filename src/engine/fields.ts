// Response projection: keep only the dotted paths a caller asked for (`fields`).

/**
 * Returns `{ "<path>": value }` for each requested dotted path; a missing path maps to null. Only the document's
 * own keys are read: "constructor" or "__proto__" is a missing path, not a built-in of Object.
 */
export function pickFields(doc: unknown, paths: readonly string[]): Record<string, unknown> {
  const value = (path: string): unknown => {
    let node: unknown = doc;
    for (const key of path.split(".")) {
      if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return null;
      node = (node as Record<string, unknown>)[key];
    }
    return node === undefined ? null : node;
  };
  // Entries, not assignment: a requested path "__proto__" must stay a key of the result.
  return Object.fromEntries(paths.map((path) => [path, value(path)]));
}

/** Applies `fields` when given and non-empty; otherwise returns the document unchanged. */
export function project(doc: unknown, fields: readonly string[] | null | undefined): unknown {
  return fields && fields.length > 0 ? pickFields(doc, fields) : doc;
}
