// The load measurement both load suites share (40-load over stdio, 45-http-load over HTTP). V8's RSS is a saw-tooth:
// the heap grows to a collection threshold, drops, and the threshold settles after a collection or two. So the
// warm-up lasts until RSS has dropped that many times, and the RSS peak of the measured calls is compared with the
// peak of the warm-up's last tooth: a leak raises the peaks, the saw-tooth does not.

import { figure } from "./figures.js";
import { budget } from "./mode.js";
import { rssBytes } from "./proc.js";

export const READ_TOOLS = [
  "system_ping",
  "system_version",
  "container_list",
  "image_list",
  "network_list",
  "volume_list",
  "host_list",
];

const CHUNK = 500;
export const SAMPLE_EVERY = 100;

export const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/** Makes `calls` calls (the suite's own way, 32 in flight), calling `onCall(i)` after each. */
export type Drive = (calls: number, onCall?: (i: number) => void) => Promise<void>;

export interface LoadFigures {
  readonly warmupCalls: number;
  /** The peak of the warm-up's last tooth. */
  readonly rssBefore: number;
  /** The peak over the measured calls. */
  readonly rssAfter: number;
  /** RSS every SAMPLE_EVERY measured calls. */
  readonly samples: number[];
  readonly seconds: number;
}

/**
 * Warms up until RSS has dropped `loadWarmupCollections` times (or the cap), then makes `budget.loadCalls` measured
 * calls, sampling RSS as often in both phases; records the figures under `prefix`.
 */
export async function measureLoad(drive: Drive, pid: () => number, prefix: string): Promise<LoadFigures> {
  const rss = () => rssBytes(pid()) ?? 0;
  let peak = 0;
  let lastPeak = 0;
  let drops = 0;
  let warmupCalls = 0;
  while (warmupCalls < budget.loadWarmupMaxCalls && drops < budget.loadWarmupCollections) {
    await drive(CHUNK, (i) => {
      if (i % SAMPLE_EVERY !== 0) return;
      const now = rss();
      if (now < peak * 0.93) {
        lastPeak = peak;
        peak = now;
        drops++;
      }
      peak = Math.max(peak, now);
    });
    warmupCalls += CHUNK;
  }
  const rssBefore = drops > 0 ? lastPeak : peak;
  const samples: number[] = [];
  const started = Date.now();
  await drive(budget.loadCalls, (i) => {
    if (i % SAMPLE_EVERY === 0) samples.push(rss());
  });
  const seconds = (Date.now() - started) / 1000;
  const rssAfter = Math.max(...samples, rss());
  figure(`${prefix}.calls`, budget.loadCalls);
  figure(`${prefix}.calls_per_s`, Math.round(budget.loadCalls / seconds));
  figure(`${prefix}.rss_before_mib`, mib(rssBefore));
  figure(`${prefix}.rss_after_mib`, mib(rssAfter));
  return { warmupCalls, rssBefore, rssAfter, samples, seconds };
}

/** The RSS trend, for an assertion's message. */
export function trend(load: LoadFigures): string {
  return `warm-up peak ${mib(load.rssBefore)} MiB after ${load.warmupCalls} calls; RSS every ${SAMPLE_EVERY} calls (MiB): ${load.samples.map(mib).join(", ")}`;
}
