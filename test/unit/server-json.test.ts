// The MCP registry entry: generated from package.json (never edited by hand), valid against the registry's published
// schema, and naming what the other channels ship (the npm package, the image and its label, the documented variables).

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { ENV_VARS } from "../../scripts/release/env-vars.js";
import { IMAGE_REPOSITORY, readPackageJson, SERVER_SCHEMA_URL, serverJson } from "../../scripts/release/server-json.js";

const ROOT = resolve(import.meta.dirname, "../..");
// A byte-for-byte copy of https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json, the
// registry's current published schema (docs/reference/server-json/server.schema.json in modelcontextprotocol/registry).
// Moving to a newer schema is deliberate: replace the file, its hash and SERVER_SCHEMA_URL together.
const SCHEMA_FILE = resolve(ROOT, "test/fixtures/mcp-registry/server.schema.json");
const SCHEMA_SHA256 = "3fba09590c99f61735d234822279f4223fab9e300c0a81e81c91ab62a4114de0";

const pkg = readPackageJson(ROOT);
const schemaBytes = readFileSync(SCHEMA_FILE);

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat("uri", (value: string) => URL.canParse(value));
  return ajv.compile(JSON.parse(schemaBytes.toString("utf8")) as object);
}

describe("server.json (MCP registry)", () => {
  it("checks against the pinned copy of the published schema", () => {
    expect(createHash("sha256").update(schemaBytes).digest("hex")).toBe(SCHEMA_SHA256);
    expect((JSON.parse(schemaBytes.toString("utf8")) as { $id: string }).$id).toBe(SERVER_SCHEMA_URL);
  });

  it("is what the generator makes from package.json (run `npm run server-json` after a version bump)", () => {
    const committed = JSON.parse(readFileSync(resolve(ROOT, "server.json"), "utf8")) as unknown;
    expect(committed).toEqual(serverJson(pkg));
  });

  it("is valid against the schema, and the schema does refuse a bad entry", () => {
    const validate = validator();
    const entry = serverJson(pkg);
    expect(validate(entry), JSON.stringify(validate.errors)).toBe(true);
    const packages = entry.packages as Array<Record<string, unknown>>;
    const bad = { ...entry, packages: [{ ...packages[0], version: "latest" }] };
    expect(validate(bad)).toBe(false);
    expect(validate({ ...entry, description: "x".repeat(101) })).toBe(false);
  });

  it("names the npm package and the image of this version, both over stdio", () => {
    const entry = serverJson(pkg) as { name: string; version: string; packages: Array<Record<string, unknown>> };
    expect(entry.name).toBe(pkg.mcpName);
    expect(entry.version).toBe(pkg.version);
    const [npm, oci] = entry.packages;
    expect(npm).toMatchObject({ registryType: "npm", identifier: pkg.name, version: pkg.version });
    expect(oci).toMatchObject({ registryType: "oci", identifier: `${IMAGE_REPOSITORY}:${pkg.version}` });
    for (const entryPackage of entry.packages) expect(entryPackage.transport).toEqual({ type: "stdio" });
  });

  it("matches the image label the registry checks, and documents only variables the README lists", () => {
    const dockerfile = readFileSync(resolve(ROOT, "Dockerfile"), "utf8");
    expect(dockerfile).toContain(`io.modelcontextprotocol.server.name="${pkg.mcpName}"`);
    const readme = readFileSync(resolve(ROOT, "README.md"), "utf8");
    const table = readme.split("\n").filter((line) => line.startsWith("| `"));
    for (const variable of ENV_VARS) {
      // A row may name a pair as `…_USERNAME` / `_PASSWORD`.
      const suffix = `\`_${variable.name.split("_").pop()}\``;
      const listed = table.some((row) => row.includes(`\`${variable.name}\``) || row.includes(suffix));
      expect(listed, `${variable.name} is not in the README's variables table`).toBe(true);
      expect(variable.description.length).toBeGreaterThan(10);
    }
  });
});
