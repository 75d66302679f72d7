// Matching a read URI against the resource templates: `scheme://{a}/{b}`, each `{name}` one path segment.

/** Compiles a template into a matcher returning the named parts (percent-decoded), or null. */
export function templateMatcher(template: string): (uri: string) => Record<string, string> | null {
  const names: string[] = [];
  const pattern = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name) {
        names.push(name);
        return "([^/]+)";
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  const regex = new RegExp(`^${pattern}$`);
  return (uri) => {
    const match = regex.exec(uri);
    if (!match) return null;
    return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? "")]));
  };
}
