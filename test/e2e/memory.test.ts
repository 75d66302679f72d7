// The bundle's resident memory under load stays bounded (src/heap.ts): with V8's defaults the young generation grows
// to 2 × 16 MiB and the old generation to several times the live heap, and the peak passed 140 MiB here.

import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool, type Spawned, spawnServer } from "../support/mcp-client.js";
import { tb } from "../support/testbed.js";

const CALLS = 2560;
const IN_FLIGHT = 32;
const PEAK_LIMIT_MIB = 125; // the bench target is 100 (Node 20); newer Nodes start ~15 MiB higher

function statusMiB(pid: number, field: "VmRSS" | "VmHWM"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
}

describe("memory under load", () => {
  let server: Spawned;
  beforeAll(async () => {
    server = await spawnServer({ DOCKER_MCP_SERVER_HOSTS: `a=${tb("ENGINE_A_HOST")}` });
  });
  afterAll(async () => {
    await server.close();
  });

  it(`${CALLS} calls at ${IN_FLIGHT} in flight keep the peak RSS under ${PEAK_LIMIT_MIB} MiB`, async () => {
    const tools = ["system_ping", "system_version", "system_info", "image_list"];
    let next = 0;
    const worker = async () => {
      while (next < CALLS) {
        const tool = tools[next++ % tools.length] as string;
        const result = await callTool(server.client, tool);
        expect(result.isError, result.text).toBe(false);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const peak = statusMiB(server.pid(), "VmHWM");
    expect(peak, `peak RSS ${peak.toFixed(1)} MiB`).toBeLessThan(PEAK_LIMIT_MIB);
  }, 120_000);
});
