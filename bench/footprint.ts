// Memory under load (issue 16): RSS after start-up, after 2,400 sequential calls, after 2,560 calls at 32 in flight,
// the peak, and an RSS curve over many calls at 32 in flight. The floor is an idle Node process of the same binary.

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import type { BenchContext } from "./cases.js";
import { RawClient } from "./rpc.js";

const SEQUENTIAL_CALLS = 2400;
const PARALLEL_CALLS = 2560;
const IN_FLIGHT = 32;

type Call = [tool: string, args: Record<string, unknown>];

/** The read-only warm cases, cycled: the same mix for every phase. */
function callMix(ctx: BenchContext): Call[] {
  return [
    ["system_ping", {}],
    ["system_info", {}],
    ["system_version", {}],
    ["container_list", { all: true }],
    ["container_inspect", { id_or_name: ctx.containerId }],
    ["container_logs", { id_or_name: ctx.containerId, tail: 200 }],
    ["image_list", {}],
    ["image_inspect", { id_or_name: ctx.image }],
  ];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const toMiB = (kib: number) => Math.round((kib / 1024) * 10) / 10;

function statusKiB(pid: number | undefined, field: "VmRSS" | "VmHWM"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
}

async function inFlight(client: RawClient, mix: Call[], total: number, onCall?: (done: number) => void) {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < total) {
      const [tool, args] = mix[next++ % mix.length] as Call;
      await client.call(tool, args);
      done += 1;
      onCall?.(done);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

/** RSS of an idle Node process (same binary) one second after start: what no server can go below. */
export async function idleNodeRssMiB(): Promise<number> {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 5000)"], { stdio: "ignore" });
  await sleep(1000);
  const rss = statusKiB(child.pid, "VmRSS");
  child.kill();
  return toMiB(rss);
}

export interface MemoryResult {
  rss_after_startup_mib: number;
  rss_after_sequential_mib: number;
  rss_after_in_flight_mib: number;
  peak_rss_mib: number;
  /** VmHWM once the curve is done too. */
  peak_rss_whole_run_mib: number;
  sequential_calls: number;
  in_flight_calls: number;
  curve: { calls: number; samples: Array<{ calls: number; rss_mib: number }>; after_warmup_spread_pct: number };
}

/**
 * One fresh server through every phase. The curve runs after the two measured phases; its first fifth is the warm-up
 * and the spread is (max − min) / min of the samples after it.
 */
export async function memoryUnderLoad(
  bundle: string,
  env: Record<string, string>,
  ctx: BenchContext,
  curveCalls: number,
): Promise<MemoryResult> {
  const client = new RawClient(bundle, env);
  const pid = client.child.pid;
  const mix = callMix(ctx);
  try {
    await client.initialize();
    await client.request("tools/list");
    await sleep(1500); // the preflight (ping, own-container lookup) runs after initialize
    const afterStartup = statusKiB(pid, "VmRSS");
    for (let i = 0; i < SEQUENTIAL_CALLS; i++) {
      const [tool, args] = mix[i % mix.length] as Call;
      await client.call(tool, args);
    }
    const afterSequential = statusKiB(pid, "VmRSS");
    await inFlight(client, mix, PARALLEL_CALLS);
    const afterInFlight = statusKiB(pid, "VmRSS");
    const peak = statusKiB(pid, "VmHWM");

    const every = Math.max(1, Math.round(curveCalls / 40));
    const samples: Array<{ calls: number; rss_mib: number }> = [];
    await inFlight(client, mix, curveCalls, (done) => {
      if (done % every === 0) samples.push({ calls: done, rss_mib: toMiB(statusKiB(pid, "VmRSS")) });
    });
    const settled = samples.filter((s) => s.calls > curveCalls / 5).map((s) => s.rss_mib);
    const spread = settled.length > 0 ? (Math.max(...settled) - Math.min(...settled)) / Math.min(...settled) : 0;
    return {
      rss_after_startup_mib: toMiB(afterStartup),
      rss_after_sequential_mib: toMiB(afterSequential),
      rss_after_in_flight_mib: toMiB(afterInFlight),
      peak_rss_mib: toMiB(peak),
      peak_rss_whole_run_mib: toMiB(statusKiB(pid, "VmHWM")),
      sequential_calls: SEQUENTIAL_CALLS,
      in_flight_calls: PARALLEL_CALLS,
      curve: { calls: curveCalls, samples, after_warmup_spread_pct: Math.round(spread * 1000) / 10 },
    };
  } finally {
    await client.close();
  }
}
