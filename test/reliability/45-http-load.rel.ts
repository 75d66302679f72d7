// Load over Streamable HTTP: 32 SDK clients at once (16 on 2025-11-25 sessions, 16 on stateless 2026-07-28) making
// read calls against engine A through one `--http` server: no errors, and resident memory flat after the warm-up
// (measured as over stdio: support/load.ts).

import type { Client } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectHttp, type HttpServer, spawnHttp } from "../support/http-server.js";
import { callTool } from "../support/mcp-client.js";
import { tb } from "../support/testbed.js";
import { figure } from "./support/figures.js";
import { type LoadFigures, measureLoad, mib, READ_TOOLS, trend } from "./support/load.js";
import { budget, limits } from "./support/mode.js";

const CLIENTS = 32;

let server: HttpServer;
const clients: Client[] = [];
const errors: string[] = [];
let load: LoadFigures;

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

describe(`HTTP load: ${CLIENTS} clients at once, both protocol eras`, () => {
  beforeAll(async () => {
    server = await spawnHttp({ DOCKER_MCP_SERVER_HOSTS: `a=${tb("ENGINE_A_HOST")}` });
    for (let i = 0; i < CLIENTS; i++) {
      clients.push(await connectHttp(server.url, i % 2 === 0 ? "2025-11-25" : "2026-07-28"));
    }
    load = await measureLoad(drive, () => server.child.pid ?? -1, "http_load");
    // Warm-up and measured calls alike: any error fails the suite.
    figure("http_load.errors", errors.length);
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    await server?.stop();
  });

  it(`answers the warm-up and ${budget.loadCalls} measured calls without an error`, () => {
    expect(errors.slice(0, 10), `${errors.length} errors`).toEqual([]);
  });

  it("keeps resident memory within 10% of its post-warm-up size", () => {
    expect(load.rssBefore, trend(load)).toBeGreaterThan(0);
    expect(mib(load.rssAfter), trend(load)).toBeLessThanOrEqual(mib(load.rssBefore * (1 + limits.rssGrowth)));
  });
});
