// Load over Streamable HTTP: 32 SDK clients at once (16 on 2025-11-25 sessions, 16 on stateless 2026-07-28) making
// read calls against engine A through one `--http` server: no errors, and resident memory flat after the warm-up
// (measured as in 40-load: the RSS peak of the measured calls against the peak of the warm-up's last tooth).

import type { Client } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectHttp, type HttpServer, spawnHttp } from "../support/http-server.js";
import { callTool } from "../support/mcp-client.js";
import { tb } from "../support/testbed.js";
import { figure } from "./support/figures.js";
import { budget, limits } from "./support/mode.js";
import { rssBytes } from "./support/proc.js";

const READ_TOOLS = [
  "system_ping",
  "system_version",
  "container_list",
  "image_list",
  "network_list",
  "volume_list",
  "host_list",
];
const CLIENTS = 32;
const CHUNK = 500;
const SAMPLE_EVERY = 100;

const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

let server: HttpServer;
const clients: Client[] = [];
const errors: string[] = [];
let warmupCalls = 0;
let samples: number[] = [];
let rssBefore = 0;
let rssAfter = 0;

/** `calls` calls shared by the 32 clients, each client one call at a time (32 in flight). */
async function drive(calls: number, onCall?: (i: number) => void): Promise<void> {
  let next = 0;
  await Promise.all(
    clients.map(async (client) => {
      while (next < calls) {
        const i = next++;
        const tool = READ_TOOLS[i % READ_TOOLS.length] as string;
        try {
          const result = await callTool(client, tool, {}, { timeout: 30_000 });
          if (result.isError) errors.push(`${tool}: ${result.text.slice(0, 200)}`);
        } catch (err) {
          errors.push(`${tool}: ${(err as Error).message.slice(0, 200)}`);
        }
        onCall?.(i);
      }
    }),
  );
}

async function warmUp(): Promise<number> {
  let peak = 0;
  let lastPeak = 0;
  let drops = 0;
  const sample = () => {
    const rss = rssBytes(server.child.pid ?? -1) ?? 0;
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

describe(`HTTP load: ${CLIENTS} clients at once, both protocol eras`, () => {
  beforeAll(async () => {
    server = await spawnHttp({ DOCKER_MCP_SERVER_HOSTS: `a=${tb("ENGINE_A_HOST")}` });
    for (let i = 0; i < CLIENTS; i++) {
      clients.push(await connectHttp(server.url, i % 2 === 0 ? "2025-11-25" : "2026-07-28"));
    }
    rssBefore = await warmUp();
    const warmupErrors = errors.length;
    samples = [];
    const started = Date.now();
    await drive(budget.loadCalls, (i) => {
      if (i % SAMPLE_EVERY === 0) samples.push(rssBytes(server.child.pid ?? -1) ?? 0);
    });
    const seconds = (Date.now() - started) / 1000;
    rssAfter = Math.max(...samples, rssBytes(server.child.pid ?? -1) ?? 0);
    figure("http_load.calls", budget.loadCalls);
    figure("http_load.errors", errors.length - warmupErrors);
    figure("http_load.calls_per_s", Math.round(budget.loadCalls / seconds));
    figure("http_load.rss_before_mib", mib(rssBefore));
    figure("http_load.rss_after_mib", mib(rssAfter));
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    await server?.stop();
  });

  it(`answers the warm-up and ${budget.loadCalls} measured calls without an error`, () => {
    expect(errors.slice(0, 10), `${errors.length} errors`).toEqual([]);
  });

  it("keeps resident memory within 10% of its post-warm-up size", () => {
    const trend = `warm-up peak ${mib(rssBefore)} MiB after ${warmupCalls} calls; RSS every ${SAMPLE_EVERY} calls (MiB): ${samples.map(mib).join(", ")}`;
    expect(rssBefore, trend).toBeGreaterThan(0);
    expect(mib(rssAfter), trend).toBeLessThanOrEqual(mib(rssBefore * (1 + limits.rssGrowth)));
  });
});
