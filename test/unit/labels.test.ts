import { describe, expect, it } from "vitest";
import { engineFilters } from "../../src/engine/filters.js";
import { mergeLabels, provenanceLabels, provenanceTimestamp, withManagedFilter } from "../../src/engine/labels.js";

const now = new Date(Date.UTC(2026, 2, 4, 5, 6, 7, 123));
const stamp = { enabled: true, tool: "container_run", version: "2.0.0", now };

describe("provenance labels", () => {
  it("has the four keys with a Z timestamp in microseconds", () => {
    expect(provenanceLabels("volume_create", "1.0.0", now)).toEqual({
      "docker-mcp-server.managed": "true",
      "docker-mcp-server.version": "1.0.0",
      "docker-mcp-server.tool": "volume_create",
      "docker-mcp-server.created": "2026-03-04T05:06:07.123000Z",
    });
    expect(provenanceTimestamp(new Date(Date.UTC(2026, 0, 1)))).toBe("2026-01-01T00:00:00Z");
    expect(provenanceLabels("x", "", now)["docker-mcp-server.version"]).toBe("unknown");
  });

  it("a caller object overlays the provenance set and wins collisions", () => {
    const merged = mergeLabels({ team: "a", "docker-mcp-server.managed": "false" }, stamp);
    expect(merged?.team).toBe("a");
    expect(merged?.["docker-mcp-server.managed"]).toBe("false");
    expect(merged?.["docker-mcp-server.tool"]).toBe("container_run");
  });

  it("a caller list adds empty values but never overrides provenance keys", () => {
    const merged = mergeLabels(["flag", "docker-mcp-server.managed"], stamp);
    expect(merged?.flag).toBe("");
    expect(merged?.["docker-mcp-server.managed"]).toBe("true");
  });

  it("disabled stamping omits labels entirely, or sends exactly the caller's", () => {
    expect(mergeLabels(undefined, { ...stamp, enabled: false })).toBeUndefined();
    expect(mergeLabels({ a: "1" }, { ...stamp, enabled: false })).toEqual({ a: "1" });
    expect(mergeLabels(["a"], { ...stamp, enabled: false })).toEqual({ a: "" });
  });
});

describe("managed_only filter", () => {
  const managed = "docker-mcp-server.managed=true";
  it("sets or appends to the label list without mutating the caller's filters", () => {
    expect(withManagedFilter(undefined)).toEqual({ label: [managed] });
    const single = { label: ["team=a"], status: ["running"] };
    expect(withManagedFilter(single)).toEqual({ label: ["team=a", managed], status: ["running"] });
    expect(single.label).toEqual(["team=a"]);
  });

  it("never widens: every caller filter survives the merge, and a caller's label keeps all its values", () => {
    const given = engineFilters({ label: { "a=1": true, b: true }, "label!": "c", until: "24h" });
    expect(withManagedFilter(given)).toEqual({ label: ["a=1", "b", managed], "label!": ["c"], until: ["24h"] });
  });

  it("a caller's null label is refused before the merge could replace it", () => {
    expect(() => withManagedFilter(engineFilters({ label: null }))).toThrow(/filters\.label is null/);
  });
});

describe("label list merging", () => {
  it("keeps labels named like Object members", () => {
    const merged = mergeLabels(["constructor", "toString", "__proto__"], stamp);
    expect(Object.hasOwn(merged ?? {}, "constructor")).toBe(true);
    expect(Object.hasOwn(merged ?? {}, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  });
});
