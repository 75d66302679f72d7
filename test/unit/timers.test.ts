import { describe, expect, it, vi } from "vitest";
import { abortableSleep, later } from "../../src/engine/timers.js";

describe("long timers", () => {
  it("a delay beyond setTimeout's 2^31-1 ms limit does not fire early", () => {
    vi.useFakeTimers();
    try {
      let fired = false;
      const cancel = later(30 * 24 * 3600 * 1000, () => {
        fired = true;
      });
      vi.advanceTimersByTime(2_147_483_647);
      expect(fired).toBe(false);
      vi.advanceTimersByTime(30 * 24 * 3600 * 1000);
      expect(fired).toBe(true);
      cancel();
    } finally {
      vi.useRealTimers();
    }
  });

  it("abortableSleep resolves after the delay and rejects with the caller's error on abort", async () => {
    await expect(abortableSleep(5, new AbortController().signal, () => new Error("x"))).resolves.toBeUndefined();
    const controller = new AbortController();
    const pending = abortableSleep(60_000, controller.signal, () => new Error("stopped"));
    controller.abort();
    await expect(pending).rejects.toThrow("stopped");
    const aborted = AbortSignal.abort();
    await expect(abortableSleep(1, aborted, () => new Error("early"))).rejects.toThrow("early");
  });
});
