// Errors echo input bounded: quote/shorten at the source, and one cap on every error text the server returns.

import { describe, expect, it } from "vitest";
import { hasLoneSurrogate, loneSurrogateMessage, quote, shorten } from "../../src/base/quote.js";
import { pickFields } from "../../src/engine/fields.js";
import { isPathSafe, pathSegment } from "../../src/engine/path-segment.js";
import { capErrorText, ERROR_TEXT_CAP, renderError } from "../../src/server/render.js";
import { templateMatcher } from "../../src/server/resource-templates.js";

describe("quote and shorten", () => {
  it("cut long values with a count of what was left out", () => {
    expect(shorten("abc", 5)).toBe("abc");
    expect(shorten("a".repeat(250))).toBe(`${"a".repeat(200)}…(50 more chars)`);
    expect(quote("x".repeat(1_000_000))).toBe(`'${"x".repeat(200)}…(999800 more chars)'`);
    expect(quote({ a: 1 })).toBe('{"a":1}');
    expect(quote(5)).toBe("5");
  });

  it("never splits a surrogate pair", () => {
    const text = `${"a".repeat(199)}😀tail`;
    expect(shorten(text, 200)).toBe(`${"a".repeat(199)}…(6 more chars)`);
    expect(hasLoneSurrogate(shorten(text, 200))).toBe(false);
  });

  it("finds lone surrogates and says so without echoing them", () => {
    expect(hasLoneSurrogate("ok 😀")).toBe(false);
    expect(hasLoneSurrogate("a\uD800b")).toBe(true);
    expect(hasLoneSurrogate("a\uDC00")).toBe(true);
    const message = loneSurrogateMessage("name", "a\uD800b");
    expect(message).toContain("'a\uFFFDb' contains invalid Unicode (a lone surrogate");
    expect(hasLoneSurrogate(message)).toBe(false);
  });
});

describe("error text cap", () => {
  it("shortens long unbroken runs and keeps the sentence around them", () => {
    const text = capErrorText(`No such volume '${"v".repeat(1 << 20)}' on host 'a'. See volume_list.`);
    expect(text.length).toBeLessThan(400);
    expect(text).toMatch(/^No such volume 'v{199}…\(\d+ more chars\) on host 'a'\. See volume_list\.$/);
  });

  it("cuts any error above the cap in the middle, keeping its start and its end", () => {
    const words = "word ".repeat(10_000);
    const result = renderError(`START ${words} END`);
    const text = result.content[0]?.text ?? "";
    expect(result.isError).toBe(true);
    expect(text.length).toBeLessThanOrEqual(ERROR_TEXT_CAP);
    expect(text.startsWith("START word")).toBe(true);
    expect(text.endsWith("word  END")).toBe(true);
    expect(text).toMatch(/…\(\d+ chars cut\)…/);
    expect(renderError("short").content[0]?.text).toBe("short");
  });
});

describe("pickFields reads own keys only", () => {
  it("returns null for Object's built-ins and keeps odd paths as keys", () => {
    const doc = { Name: "web", State: { Status: "running" }, Mounts: [{ Source: "/a" }] };
    const picked = pickFields(doc, ["constructor", "toString", "State.constructor", "__proto__", "Mounts.0.Source"]);
    expect(picked).toEqual(
      Object.fromEntries([
        ["constructor", null],
        ["toString", null],
        ["State.constructor", null],
        ["__proto__", null],
        ["Mounts.0.Source", "/a"],
      ]),
    );
    expect(Object.hasOwn(picked, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(picked)).toBe(Object.prototype);
  });
});

describe("path segments", () => {
  it("refuses blank names and lone surrogates before any request", () => {
    expect(isPathSafe("  ")).toBe(false);
    expect(() => pathSegment("  ", "Volume")).toThrow("Volume name '  ' is blank: give the volume's name or id.");
    expect(() => pathSegment("a\uD800", "Network")).toThrow("contains invalid Unicode (a lone surrogate");
    expect(() => pathSegment(`${"x".repeat(100_000)}/`, "Volume")).toThrow(/more chars/);
    expect(pathSegment("my vol", "Volume")).toBe("my%20vol");
  });
});

describe("resource template parts", () => {
  const match = templateMatcher("docker-logs://{id}");
  it("decodes good parts and refuses malformed escapes with a sentence", () => {
    expect(match("docker-logs://web%201")).toEqual({ id: "web 1" });
    expect(() => match("docker-logs://%E0%A4%A")).toThrow(
      "The {id} part '%E0%A4%A' of the resource URI is not valid percent-encoded UTF-8",
    );
    expect(() => match("docker-logs://%ED%A0%80")).toThrow("not valid percent-encoded UTF-8");
    expect(() => match("docker-logs://a\uD800")).toThrow("contains invalid Unicode (a lone surrogate");
  });
});
