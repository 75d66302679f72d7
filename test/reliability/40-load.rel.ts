// Load: many read calls at 32 in flight against engine A: no errors, and resident memory flat after the warm-up.
// V8's RSS is a saw-tooth: the heap grows to a collection threshold, drops, and the threshold settles after a
// collection or two. So the warm-up lasts until RSS has dropped that many times, and the RSS peak of the measured
// calls is compared with the peak of the warm-up's last tooth: a leak raises the peaks, the saw-tooth does not.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { figure } from "./support/figures.js";
import { budget, limits } from "./support/mode.js";
import { pool } from "./support/pool.js";
import { rssBytes } from "./support/proc.js";
import { describeOutcome, type RelServer } from "./support/server.js";
import { directServer } from "./support/servers.js";

const READ_TOOLS = [
  "system_ping",
  "system_version",
  "container_list",
  "image_list",
  "network_list",
  "volume_list",
  "host_list",
];

const CHUNK = 500;
const SAMPLE_EVERY = 100;

const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

let server: RelServer;
let tools: string[] = [];
const errors: string[] = [];
let warmupCalls = 0;
let samples: number[] = [];
let rssBefore = 0;
let rssAfter = 0;

async function drive(calls: number, onCall?: (i: number) => void): Promise<void> {
  await pool(
    Array.from({ length: calls }, (_, i) => i),
    budget.loadInFlight,
    async (i) => {
      const tool = tools[i % tools.length] as string;
      const outcome = await server.call(tool, {}, { timeoutMs: 30_000 });
      if (outcome.kind !== "result" || outcome.isError) errors.push(`${tool}: ${describeOutcome(outcome)}`);
      onCall?.(i);
    },
  );
}

/**
 * Calls until RSS has dropped `loadWarmupCollections` times (or the cap); returns the peak of the last full tooth.
 * RSS is sampled as often as in the measured phase, so both peaks are seen at the same resolution.
 */
async function warmUp(): Promise<number> {
  let peak = 0;
  let lastPeak = 0;
  let drops = 0;
  const sample = () => {
    const rss = rssBytes(server.pid) ?? 0;
    if (rss < peak * 0.93) {
      lastPeak = peak;
      peak = rss;
      drops++;
    }
    peak = Math.max(peak, rss);
  };
  while (warmupCalls < budget.loadWarmupMaxCalls && drops < budget.loadWarmupCollections) {
    await drive(CHUNK, (i) => {
      if (i % SAMPLE_EVERY === 0) sample();
    });
    warmupCalls += CHUNK;
  }
  return drops > 0 ? lastPeak : peak;
}

describe("load: read tools at 32 in flight", () => {
  beforeAll(async () => {
    server = await directServer("load");
    const listed = new Set((await server.client.listTools()).tools.map((t) => t.name));
    tools = READ_TOOLS.filter((name) => listed.has(name));
    rssBefore = await warmUp();
    const warmupErrors = errors.length;
    samples = [];
    const started = Date.now();
    await drive(budget.loadCalls, (i) => {
      if (i % SAMPLE_EVERY === 0) samples.push(rssBytes(server.pid) ?? 0);
    });
    const seconds = (Date.now() - started) / 1000;
    rssAfter = Math.max(...samples, rssBytes(server.pid) ?? 0);
    figure("load.calls", budget.loadCalls);
    figure("load.errors", errors.length - warmupErrors);
    figure("load.calls_per_s", Math.round(budget.loadCalls / seconds));
    figure("load.rss_before_mib", mib(rssBefore));
    figure("load.rss_after_mib", mib(rssAfter));
  });
  afterAll(async () => server?.close());

  it(`answers the warm-up and ${budget.loadCalls} measured calls without an error`, () => {
    expect(tools.length).toBeGreaterThanOrEqual(5);
    expect(errors.slice(0, 10), `${errors.length} errors`).toEqual([]);
  });

  it("keeps resident memory within 10% of its post-warm-up size", () => {
    const trend = `warm-up peak ${mib(rssBefore)} MiB after ${warmupCalls} calls; RSS every ${SAMPLE_EVERY} calls (MiB): ${samples.map(mib).join(", ")}`;
    expect(rssBefore, trend).toBeGreaterThan(0);
    expect(mib(rssAfter), trend).toBeLessThanOrEqual(mib(rssBefore * (1 + limits.rssGrowth)));
  });
});
