// The swarm suite's lock (test/support/swarm-lock.ts): one holder at a time, released by its holder, and taken over
// from a holder that died.

import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acquireSwarmLock } from "../support/swarm-lock.js";

describe("the swarm suite lock", () => {
  const lock = join(mkdtempSync(join(tmpdir(), "dmcp-lock-")), "swarm.lock");

  it("admits one holder; a second waits and gives up at its deadline; release frees it", async () => {
    const release = await acquireSwarmLock(1000, lock);
    await expect(acquireSwarmLock(100, lock)).rejects.toThrow("another swarm suite still holds");
    release();
    expect(existsSync(lock)).toBe(false);
    (await acquireSwarmLock(100, lock))();
  });

  it("takes over the lock of a process that no longer runs", async () => {
    writeFileSync(lock, "2147483646");
    const release = await acquireSwarmLock(100, lock);
    release();
    expect(existsSync(lock)).toBe(false);
  });
});
