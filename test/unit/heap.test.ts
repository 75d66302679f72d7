import { describe, expect, it } from "vitest";
import { userSetHeapFlags } from "../../src/heap.js";

describe("heap tuning defers to the user's heap flags", () => {
  it("a semi-space or old-space flag on the command line or in NODE_OPTIONS leaves V8's sizing alone", () => {
    expect(userSetHeapFlags(["--max-semi-space-size=16"], undefined)).toBe(true);
    expect(userSetHeapFlags([], "--max-old-space-size=4096")).toBe(true);
    expect(userSetHeapFlags(["--heap-growing-percent=50"], "")).toBe(true);
  });

  it("other flags do not", () => {
    expect(userSetHeapFlags(["--enable-source-maps"], "--stack-trace-limit=50")).toBe(false);
    expect(userSetHeapFlags([], undefined)).toBe(false);
  });
});
