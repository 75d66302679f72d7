import { describe, expect, it } from "vitest";
import { INBAND_INPUT_MAX_BYTES } from "../../src/engine/inband.js";
import { MAX_MESSAGE_BYTES, TOO_LARGE_ADVICE } from "../../src/server/limits.js";

describe("the message cap", () => {
  it("fits the largest in-band input, its envelope and some escaping", () => {
    const largest = Math.ceil(INBAND_INPUT_MAX_BYTES / 3) * 4;
    expect(largest).toBe(44_739_244);
    expect(MAX_MESSAGE_BYTES - largest).toBeGreaterThan(4 * 1024 * 1024);
    expect(TOO_LARGE_ADVICE).toContain("at most 32 MiB");
  });
});
