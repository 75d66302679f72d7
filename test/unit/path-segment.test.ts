// Values put into an Engine request path: what the daemon's router would misread is refused with a sentence.

import { describe, expect, it } from "vitest";
import { pathSegment } from "../../src/engine/path-segment.js";

describe("pathSegment", () => {
  it("encodes an ordinary name", () => {
    expect(pathSegment("web-1", "Network")).toBe("web-1");
  });

  it.each([
    ["a\r\nX-Injected: 1", "contains a control character"],
    ["tab\there", "contains a control character"],
    ["  ", "is blank"],
    ["a/../b", "cannot be addressed by name"],
    ["..", "cannot be addressed by name"],
  ])("refuses %j", (value, sentence) => {
    expect(() => pathSegment(value, "Network")).toThrow(sentence);
  });
});
