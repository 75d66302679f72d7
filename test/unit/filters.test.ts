// Filters the caller gives must narrow: a key without a value is refused with a sentence naming it, never dropped.

import { describe, expect, it } from "vitest";
import { engineFilters, hasLabelFilter } from "../../src/engine/filters.js";

describe("engineFilters", () => {
  it("normalises strings, booleans, numbers, lists and the Engine's map form to lists of strings", () => {
    expect(
      engineFilters({ label: "a=b", dangling: true, until: 3600, status: ["exited", "created"], name: { web: true } }),
    ).toEqual({ label: ["a=b"], dangling: ["true"], until: ["3600"], status: ["exited", "created"], name: ["web"] });
    expect(engineFilters(undefined)).toBeUndefined();
    expect(engineFilters(null)).toBeUndefined();
    expect(engineFilters({})).toBeUndefined();
  });

  it.each([
    [{ label: null }, "filters.label is null"],
    [{ label: [] }, "filters.label is empty"],
    [{ label: {} }, "filters.label is empty"],
    [{ label: "" }, "filters.label is empty"],
    [{ label: "   " }, "filters.label is empty"],
    [{ until: null }, "filters.until is null"],
    [{ until: [] }, "filters.until is empty"],
  ])("refuses %j with an actionable sentence", (filters, start) => {
    expect(() => engineFilters(filters)).toThrow(start);
    expect(() => engineFilters(filters)).toThrow(
      /give at least one value, e\.g\. \{"\w+":.+\}, or leave the key out\./,
    );
  });

  it("names the exact example for label", () => {
    expect(() => engineFilters({ label: [] })).toThrow(
      'filters.label is empty: give at least one value, e.g. {"label":["app=web"]}, or leave the key out.',
    );
  });

  it("refuses empty or non-string list items and map entries that are not true", () => {
    expect(() => engineFilters({ label: ["a", ""] })).toThrow("filters.label[1] must be a non-empty string");
    expect(() => engineFilters({ label: [null] })).toThrow("filters.label[0] must be a non-empty string");
    expect(() => engineFilters({ label: [{ a: true }] })).toThrow("filters.label[0] must be a non-empty string");
    expect(() => engineFilters({ label: { "a=b": false } })).toThrow('takes {"<value>": true} entries only');
    expect(() => engineFilters({ label: { "": true } })).toThrow('takes {"<value>": true} entries only');
  });

  it("keeps a key named like an Object member as an own key (the daemon then refuses it)", () => {
    const parsed = JSON.parse('{"__proto__": "x", "constructor": "y"}') as Record<string, unknown>;
    const out = engineFilters(parsed) ?? {};
    expect(Object.hasOwn(out, "__proto__")).toBe(true);
    expect(JSON.stringify(out)).toBe('{"__proto__":["x"],"constructor":["y"]}');
    expect(hasLabelFilter({})).toBe(false);
    expect(hasLabelFilter({ label: ["a"] })).toBe(true);
  });

  it("shortens a huge key in the message", () => {
    const key = "k".repeat(100_000);
    let message = "";
    try {
      engineFilters({ [key]: null });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.length).toBeLessThan(2_000);
    expect(message).toContain("more chars");
  });
});
