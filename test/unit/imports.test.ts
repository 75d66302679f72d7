// Which way imports run (docs/design.md): every import in src/ is checked against the room it comes from and the
// room it reaches. An upward or sideways import fails here, with the file and the specifier.

import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(dirname(new URL(import.meta.url).pathname), "../../src");

/**
 * What each room may import from the project (besides itself). Top-level files count as rooms of their own name.
 * `main` and `doctor` are the entry points and may import anything.
 */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  base: [],
  version: [],
  heap: [],
  config: ["base"],
  engine: ["base", "config"],
  https: ["base", "config"],
  registry: ["base", "config", "https"],
  docs: ["base", "config", "https"],
  cli: ["base", "config", "engine"],
  contract: ["base", "config", "engine", "https", "registry", "docs", "cli"],
  tools: ["base", "config", "engine", "https", "registry", "docs", "cli", "contract"],
  resources: ["base", "config", "engine", "https", "registry", "docs", "cli", "contract"],
  prompts: ["base", "config", "engine", "https", "registry", "docs", "cli", "contract"],
  // The server is handed the tools, resources and prompts by main; it never reaches for them.
  server: ["base", "config", "engine", "https", "registry", "docs", "cli", "contract"],
  main: ["*"],
  doctor: ["*"],
};

/** Only the protocol layer and the entry point speak MCP. */
const SDK_ROOMS = new Set(["server", "main"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** The room of a file: its first folder under src/, or its own name for a top-level file. */
function roomOf(file: string): string {
  const [first, ...rest] = relative(SRC, file).split("/");
  return rest.length === 0 ? (first as string).replace(/\.ts$/, "") : (first as string);
}

/** tools/<domain>/…: the domain folder, or null for tools/index.ts. */
function toolDomainOf(file: string): string | null {
  const parts = relative(SRC, file).split("/");
  return parts[0] === "tools" && parts.length > 2 ? (parts[1] as string) : null;
}

function specifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [/\bfrom\s+"([^"]+)"/g, /\bimport\s*\(\s*"([^"]+)"\s*\)/g, /^\s*import\s+"([^"]+)"/gm];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(match[1] as string);
  return found;
}

interface Edge {
  from: string;
  specifier: string;
  target: string | null;
}

function edges(): Edge[] {
  return sourceFiles(SRC).flatMap((file) =>
    specifiers(readFileSync(file, "utf8")).map((specifier) => ({
      from: file,
      specifier,
      target: specifier.startsWith(".") ? resolve(dirname(file), specifier).replace(/\.js$/, ".ts") : null,
    })),
  );
}

describe("which way imports run", () => {
  const all = edges();

  it("finds the project's imports (the test reads what it checks)", () => {
    expect(all.filter((edge) => edge.target).length).toBeGreaterThan(200);
  });

  it("no room imports a room above or beside it", () => {
    const wrong = all
      .filter((edge) => edge.target)
      .filter((edge) => {
        const from = roomOf(edge.from);
        const to = roomOf(edge.target as string);
        const allowed = ALLOWED[from];
        if (!allowed) return true;
        return from !== to && !allowed.includes("*") && !allowed.includes(to);
      })
      .map((edge) => `${relative(SRC, edge.from)} → ${edge.specifier}`);
    expect(wrong).toEqual([]);
  });

  it("every room is known to the rules", () => {
    const rooms = new Set(sourceFiles(SRC).map(roomOf));
    expect([...rooms].filter((room) => !(room in ALLOWED))).toEqual([]);
  });

  it("a tool domain never imports another domain", () => {
    const wrong = all
      .filter((edge) => edge.target && toolDomainOf(edge.from))
      .filter((edge) => {
        const to = toolDomainOf(edge.target as string);
        return roomOf(edge.target as string) === "tools" && to !== toolDomainOf(edge.from);
      })
      .map((edge) => `${relative(SRC, edge.from)} → ${edge.specifier}`);
    expect(wrong).toEqual([]);
  });

  it("only the server and the entry point import the MCP SDK", () => {
    const wrong = all
      .filter((edge) => edge.specifier.startsWith("@modelcontextprotocol/") && !SDK_ROOMS.has(roomOf(edge.from)))
      .map((edge) => `${relative(SRC, edge.from)} → ${edge.specifier}`);
    expect(wrong).toEqual([]);
  });

  it("no two rooms import each other, even through types", () => {
    const pairs = new Set<string>();
    for (const edge of all) {
      if (!edge.target) continue;
      const from = roomOf(edge.from);
      const to = roomOf(edge.target);
      if (from !== to) pairs.add(`${from}>${to}`);
    }
    const loops = [...pairs].filter((pair) => {
      const [a, b] = pair.split(">");
      return pairs.has(`${b}>${a}`);
    });
    expect(loops).toEqual([]);
  });

  it("no file imports a file that imports it back", () => {
    const graph = new Map<string, Set<string>>();
    for (const edge of all) {
      if (!edge.target) continue;
      const targets = graph.get(edge.from) ?? new Set<string>();
      targets.add(edge.target);
      graph.set(edge.from, targets);
    }
    const mutual = [...graph].flatMap(([file, targets]) =>
      [...targets]
        .filter((target) => file < target && graph.get(target)?.has(file))
        .map((target) => `${relative(SRC, file)} ⇄ ${relative(SRC, target)}`),
    );
    expect(mutual).toEqual([]);
  });
});
