// Load: many read calls at 32 in flight against engine A over stdio: no errors, and resident memory flat after the
// warm-up (support/load.ts says how that is measured).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { figure } from "./support/figures.js";
import { type LoadFigures, measureLoad, mib, READ_TOOLS, trend } from "./support/load.js";
import { budget, limits } from "./support/mode.js";
import { pool } from "./support/pool.js";
import { describeOutcome, type RelServer } from "./support/server.js";
import { directServer } from "./support/servers.js";

let server: RelServer;
let tools: string[] = [];
const errors: string[] = [];
let load: LoadFigures;

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

describe("load: read tools at 32 in flight", () => {
  beforeAll(async () => {
    server = await directServer("load");
    const listed = new Set((await server.client.listTools()).tools.map((t) => t.name));
    tools = READ_TOOLS.filter((name) => listed.has(name));
    load = await measureLoad(drive, () => server.pid, "load");
    // Warm-up and measured calls alike: any error fails the suite.
    figure("load.errors", errors.length);
  });
  afterAll(async () => server?.close());

  it(`answers the warm-up and ${budget.loadCalls} measured calls without an error`, () => {
    expect(tools.length).toBeGreaterThanOrEqual(5);
    expect(errors.slice(0, 10), `${errors.length} errors`).toEqual([]);
  });

  it("keeps resident memory within 10% of its post-warm-up size", () => {
    expect(load.rssBefore, trend(load)).toBeGreaterThan(0);
    expect(mib(load.rssAfter), trend(load)).toBeLessThanOrEqual(mib(load.rssBefore * (1 + limits.rssGrowth)));
  });
});
