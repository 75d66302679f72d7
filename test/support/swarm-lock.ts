// Swarm state is global to engines A and C, and several checkouts share the test bed: two swarm suites running at
// once leave (and re-init) each other's swarm mid-run. A suite that changes swarm state holds this lock from its
// beforeAll to its afterAll; a second run waits for it. The lock file names its holder's pid, so a run that died
// leaves a lock the next one takes over.

import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { processAlive } from "./cli.js";

const LOCK = join(tmpdir(), "dmcp-testbed-swarm.lock");
/** A holder gets this long to write its pid after creating the file. */
const PID_GRACE_MS = 10_000;
export const SWARM_LOCK_WAIT_MS = 20 * 60_000;

function stale(lock: string): boolean {
  try {
    const holder = Number.parseInt(readFileSync(lock, "utf8"), 10);
    if (Number.isInteger(holder)) return !processAlive(holder);
    return Date.now() - statSync(lock).mtimeMs > PID_GRACE_MS;
  } catch {
    return false; // gone already: the next attempt will tell
  }
}

/** Waits for the lock and returns its release (`lock` is for the lock's own test). */
export async function acquireSwarmLock(waitMs = SWARM_LOCK_WAIT_MS, lock = LOCK): Promise<() => void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const fd = openSync(lock, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(lock, "utf8") === String(process.pid)) unlinkSync(lock);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    if (stale(lock)) {
      try {
        unlinkSync(lock);
      } catch {
        // another waiter took it over first
      }
      continue;
    }
    if (Date.now() > deadline) throw new Error(`another swarm suite still holds ${lock} after ${waitMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}
