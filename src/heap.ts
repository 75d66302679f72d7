// V8 heap sizing for a small long-lived server, set from inside the process: npx users cannot pass node flags, and a
// re-exec would cost a second Node process. Left untouched when the user passed heap flags of their own.
//
// Why: the live heap after a full GC stays near 22 MiB, but V8's defaults grow the young generation to 2 × 16 MiB and
// let the old generation reach several times the live size before collecting, so RSS climbed from ~84 to ~150 MiB
// under load. Two flags V8 still reads at run time (Node 20, 22 and 24) bound that:
// - `--semi-space-growth-factor`: the maximum semi-space size is fixed when the isolate starts, but the growth factor
//   is read at each growth step. 1 (no growth) while starting; after start-up a GC observer lets the young generation
//   double up to YOUNG_SEMI_SPACE_CAP and freezes it there.
// - `--heap-growing-percent`: the old generation's next limit is the live size × (1 + p/100) instead of up to 4×.
// - `--optimize-for-size` while modules load and the schemas are built (about 3 MiB less after start-up), then off:
//   left on, it cost a third more CPU per call under load.

import { PerformanceObserver } from "node:perf_hooks";
import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";

/**
 * Semi-space ceiling (MiB); V8 starts at 1 and defaults to a 16 MiB ceiling. Measured at 32 calls in flight: 1 or 2
 * cost a quarter more CPU per call (objects of calls in flight promoted early); 4 costs 7–28% and peaks near 98 MiB.
 */
const YOUNG_SEMI_SPACE_CAP_MIB = 4;
const OLD_GROWING_PERCENT = 10;

/** A heap flag the user passed (command line or NODE_OPTIONS) wins over ours. */
const USER_HEAP_FLAG = /semi-space|heap-growing|old-space|max-heap-size|initial-heap-size|optimize-for-size/;

export function userSetHeapFlags(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return execArgv.some((arg) => USER_HEAP_FLAG.test(arg)) || USER_HEAP_FLAG.test(nodeOptions ?? "");
}

function youngGenerationBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === "new_space")?.space_size ?? 0;
}

let tuned = false;

/** Called first thing by the entry point, before the heavy modules load. */
export function tuneHeapForStartup(execArgv: readonly string[], nodeOptions: string | undefined): void {
  if (userSetHeapFlags(execArgv, nodeOptions)) return;
  tuned = true;
  setFlagsFromString("--semi-space-growth-factor=1");
  setFlagsFromString(`--heap-growing-percent=${OLD_GROWING_PERCENT}`);
  setFlagsFromString("--optimize-for-size");
}

/**
 * Called once serving: full speed again, and the young generation may now grow (fewer premature promotions with many calls in flight) up to
 * the cap. The observer runs after each GC; a growth step happens at most once per scavenge.
 */
export function capYoungGeneration(): void {
  if (!tuned) return;
  setFlagsFromString("--no-optimize-for-size");
  const capBytes = 2 * YOUNG_SEMI_SPACE_CAP_MIB * 1024 * 1024; // new_space counts both semi-spaces
  let frozen = true;
  const check = () => {
    const atCap = youngGenerationBytes() >= capBytes;
    if (atCap === frozen) return;
    frozen = atCap;
    setFlagsFromString(`--semi-space-growth-factor=${atCap ? 1 : 2}`);
  };
  check();
  new PerformanceObserver(check).observe({ entryTypes: ["gc"] });
}
