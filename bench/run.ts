// `npm run bench`: cold start, tools/list size in tokens, warm latency beside the raw Engine floor, throughput,
// memory under load and answer sizes; prints issue 16's table (each figure with its target and floor) and writes
// bench/results/latest.json. Needs the test bed (engine A) up. `npm run bench -- --quick` runs fewer calls (~2 min).

import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { type BenchContext, CASES } from "./cases.js";
import { RawEngine } from "./engine.js";
import { idleNodeRssMiB, type MemoryResult, memoryUnderLoad } from "./footprint.js";
import { RawClient } from "./rpc.js";
import { type AnswerSizes, answerSizes, fleet, type ListedTool, type ToolsListSize, toolsListSize } from "./surface.js";
import { formatTable, percent, type TableRow } from "./table.js";

const BUNDLE = process.env.BENCH_BUNDLE ?? resolve(import.meta.dirname, "../dist/docker-mcp-server.mjs");
const SOCKET = process.env.BENCH_DOCKER_SOCKET ?? "/var/run/docker.sock";
const HOST_A = `unix://${SOCKET}`;
const HOST_B = process.env.BENCH_SECOND_HOST ?? "unix:///run/dmcp-engine-b/docker.sock";
const QUICK = process.argv.includes("--quick");
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? (QUICK ? 5 : 15));
const WARM_CALLS = Number(process.env.BENCH_WARM_CALLS ?? (QUICK ? 100 : 300));
const IN_FLIGHT = 32;
const THROUGHPUT_CALLS = Number(process.env.BENCH_THROUGHPUT_CALLS ?? (QUICK ? 1000 : 3200));
const CURVE_CALLS = Number(process.env.BENCH_CURVE_CALLS ?? (QUICK ? 3000 : 10000));
const FLEETS = [5, 20, 50];

const env = (extra: Record<string, string>) => ({
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? "/root",
  ...extra,
});

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    n: samples.length,
    p50_ms: round(percentile(sorted, 50)),
    p95_ms: round(percentile(sorted, 95)),
    max_ms: round(sorted.at(-1) ?? 0),
  };
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function coldStart() {
  const samples: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const start = process.hrtime.bigint();
    const client = new RawClient(BUNDLE, env({ DOCKER_MCP_SERVER_HOSTS: `local=${HOST_A}` }));
    await client.initialize();
    await client.request("tools/list");
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    await client.close();
  }
  return stats(samples);
}

async function warm(client: RawClient, engine: RawEngine, ctx: BenchContext, registered: Set<string>) {
  const rows = [];
  for (const benchCase of CASES) {
    if (!registered.has(benchCase.tool)) continue;
    const iterations = benchCase.iterations ?? WARM_CALLS;
    const args = benchCase.args(ctx);
    for (let i = 0; i < 20; i++) {
      await client.call(benchCase.tool, args);
      await benchCase.raw(engine, ctx);
    }
    const server: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < iterations; i++) {
      server.push(await timeIt(() => client.call(benchCase.tool, args)));
      raw.push(await timeIt(() => benchCase.raw(engine, ctx)));
    }
    rows.push({ case: benchCase.name, server: stats(server), raw_engine: stats(raw) });
  }
  return rows;
}

async function throughput(run: () => Promise<unknown>) {
  let next = 0;
  const start = process.hrtime.bigint();
  const worker = async () => {
    while (next < THROUGHPUT_CALLS) {
      next += 1;
      await run();
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return Math.round(THROUGHPUT_CALLS / seconds);
}

/** Peak resident memory of a process (VmHWM), in MiB. */
function peakRssMiB(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round((Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024) * 10) / 10;
}

/** image_save of a 1 GiB image to a file: the bytes stream through, so peak memory must not grow with the image. */
async function bigImageSave() {
  const image = "dmcp-bench-big:1";
  const builder = `dmcp-bench-big-${process.pid}`;
  const dest = `/var/tmp/dmcp-bench-big-${process.pid}.tar`;
  docker([
    "run",
    "--name",
    builder,
    process.env.BENCH_IMAGE ?? "busybox:local",
    "dd",
    "if=/dev/zero",
    "of=/big",
    "bs=1048576",
    "count=1024",
  ]);
  docker(["commit", builder, image]);
  docker(["rm", "-f", builder]);
  const client = new RawClient(BUNDLE, env({ DOCKER_MCP_SERVER_HOSTS: `local=${HOST_A}` }));
  try {
    await client.initialize();
    await client.call("system_ping");
    const before = peakRssMiB(client.child.pid);
    const started = process.hrtime.bigint();
    const result = (await client.call("image_save", { id_or_name: image, dest_path: dest, overwrite: true })) as {
      content: Array<{ text: string }>;
    };
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const written = (JSON.parse(result.content[0]?.text ?? "{}") as { bytes_written?: number }).bytes_written ?? 0;
    return {
      bytes_written: written,
      seconds: Math.round(seconds * 100) / 100,
      peak_rss_before_mib: before,
      peak_rss_after_mib: peakRssMiB(client.child.pid),
    };
  } finally {
    await client.close();
    rmSync(dest, { force: true });
    docker(["rmi", "-f", image]);
  }
}

function docker(args: string[]): string {
  return execFileSync("docker", ["-H", HOST_A, ...args], { encoding: "utf8" }).trim();
}

type WarmRow = { case: string; server: ReturnType<typeof stats>; raw_engine: ReturnType<typeof stats> };

function tableRows(
  results: { tools_list: ToolsListSize[]; warm: WarmRow[]; memory: MemoryResult; answers: AnswerSizes },
  idleNodeMiB: number,
): TableRow[] {
  const m = results.memory;
  const one = results.tools_list.find((row) => row.config === "default") as ToolsListSize;
  const two = results.tools_list.find((row) => row.config === "two hosts") as ToolsListSize;
  const fleets = FLEETS.map((n) => results.tools_list.find((row) => row.config === `${n} hosts`) as ToolsListSize);
  const fleetRatios = fleets.map((row) => row.tokens / one.tokens);
  const a = results.answers;
  const exec = results.warm.find((row) => row.case === "container_exec");
  const execRatio = exec ? exec.server.p50_ms / exec.raw_engine.p50_ms : null;
  const peak = Math.max(m.peak_rss_mib, m.peak_rss_whole_run_mib);
  return [
    {
      figure: `RSS after start-up → ${m.sequential_calls} sequential → ${m.in_flight_calls} at ${IN_FLIGHT} in flight (peak)`,
      measured: `${m.rss_after_startup_mib} → ${m.rss_after_sequential_mib} → ${m.rss_after_in_flight_mib} MiB (${peak})`,
      target: "≤ 75 after start-up, ≤ 100 peak",
      floor: `${idleNodeMiB} MiB (idle node)`,
      meets_target: m.rss_after_startup_mib <= 75 && peak <= 100,
    },
    {
      figure: `RSS curve, ${m.curve.calls} calls at ${IN_FLIGHT} in flight, spread after warm-up`,
      measured: `${m.curve.after_warmup_spread_pct}% (${Math.min(...m.curve.samples.map((s) => s.rss_mib))}–${Math.max(...m.curve.samples.map((s) => s.rss_mib))} MiB)`,
      target: "≤ 10%",
      floor: "0%",
      meets_target: m.curve.after_warmup_spread_pct <= 10,
    },
    {
      figure: "tools/list tokens (o200k), two hosts vs one",
      measured: `${percent(two.tokens / one.tokens)} (${two.tokens} / ${one.tokens})`,
      target: "≤ 108%",
      floor: "100%",
      meets_target: two.tokens / one.tokens <= 1.08,
    },
    {
      figure: `tools/list tokens per tool (${one.tools} tools)`,
      measured: String(Math.round(one.tokens / one.tools)),
      target: "≤ 100",
      floor: `${Math.round(one.names_and_descriptions_tokens / one.tools)} (names + descriptions only)`,
      meets_target: one.tokens / one.tools <= 100,
    },
    {
      figure: `tools/list tokens, ${FLEETS.join(" / ")} hosts vs one`,
      measured: fleetRatios.map(percent).join(" / "),
      target: "≤ 110% at any count",
      floor: "100%",
      meets_target: fleetRatios.every((ratio) => ratio <= 1.1),
    },
    {
      figure: "container_inspect answer, plain busybox container (detail=true)",
      measured: `${a.container_inspect_bytes} B (${a.container_inspect_detail_bytes ?? "no detail parameter"}${a.container_inspect_detail_bytes === null ? "" : " B"})`,
      target: "≤ 2,800 B by default",
      floor: `${a.container_inspect_engine_document_bytes} B (Engine document)`,
      meets_target: a.container_inspect_bytes <= 2800,
    },
    {
      figure: `"disk usage of my volumes": ${a.volumes_df.call}`,
      measured: `${a.volumes_df.bytes} B${a.volumes_df.kind_supported ? "" : " (whole document: no kind parameter)"}`,
      target: "compact per-volume rows, largest first",
      floor: `${a.volumes_df.engine_document_bytes} B (Engine /system/df)`,
      meets_target: a.volumes_df.kind_supported,
    },
    {
      figure: "container_exec p50 vs the raw three-request exec round trip",
      measured:
        execRatio === null
          ? "not measured"
          : `${execRatio.toFixed(2)}× (${exec?.server.p50_ms} / ${exec?.raw_engine.p50_ms} ms)`,
      target: "guard: ≈ 1.02× (was)",
      floor: "1.00×",
      meets_target: execRatio === null ? null : execRatio <= 1.05,
    },
  ];
}

async function main() {
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    node: process.version,
    mode: QUICK ? "quick" : "full",
  };
  results.cold_start_to_tools_list = await coldStart();
  const tools_list: ToolsListSize[] = [
    await toolsListSize(BUNDLE, env({ DOCKER_MCP_SERVER_HOSTS: `local=${HOST_A}` }), "default", 1),
    await toolsListSize(
      BUNDLE,
      env({ DOCKER_MCP_SERVER_HOSTS: `local=${HOST_A}`, DOCKER_MCP_SERVER_READONLY: "1" }),
      "read-only",
      1,
    ),
    await toolsListSize(BUNDLE, env({ DOCKER_MCP_SERVER_HOSTS: `a=${HOST_A},b=${HOST_B}(ro)` }), "two hosts", 2),
  ];
  for (const n of FLEETS)
    tools_list.push(await toolsListSize(BUNDLE, env({ DOCKER_MCP_SERVER_HOSTS: fleet(n, HOST_A) }), `${n} hosts`, n));
  results.tools_list = tools_list;

  const image = process.env.BENCH_IMAGE ?? "busybox:local";
  const name = `dmcp-bench-${process.pid}`;
  const containerId = docker([
    "run",
    "-d",
    "--name",
    name,
    "--label",
    "dmcp.bench=1",
    image,
    "sh",
    "-c",
    "for i in $(seq 1 500); do echo line $i; done; sleep 3600",
  ]);
  const engine = new RawEngine(SOCKET);
  const ctx: BenchContext = { containerId, image };
  const serverEnv = env({ DOCKER_MCP_SERVER_HOSTS: `local=${HOST_A}` });
  let client: RawClient | undefined;
  try {
    results.idle_node_rss_mib = await idleNodeRssMiB();
    results.memory = await memoryUnderLoad(BUNDLE, serverEnv, ctx, CURVE_CALLS);
    client = new RawClient(BUNDLE, serverEnv);
    await client.initialize();
    const listed = (await client.request("tools/list")).result as { tools: ListedTool[] };
    const registered = new Set(listed.tools.map((t) => t.name));
    results.answers = await answerSizes(client, engine, listed.tools, containerId);
    results.warm = await warm(client, engine, ctx, registered);
    const serverClient = client;
    results.throughput_calls_per_s = {
      in_flight: IN_FLIGHT,
      system_ping: await throughput(() => serverClient.call("system_ping")),
      raw_engine_ping: await throughput(() => engine.get("/_ping")),
    };
    results.rss_after_mib = Math.round((client.rssKiB() / 1024) * 10) / 10;
  } finally {
    await client?.close();
    engine.close();
    docker(["rm", "-f", name]);
  }

  if (process.env.BENCH_SKIP_BIG_IMAGE !== "1" && !QUICK) results.image_save_1gib_to_file = await bigImageSave();

  const table = tableRows(
    results as { tools_list: ToolsListSize[]; warm: WarmRow[]; memory: MemoryResult; answers: AnswerSizes },
    results.idle_node_rss_mib as number,
  );
  results.table = table;
  const dir = resolve(import.meta.dirname, "results");
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(resolve(dir, "latest.json"), json);
  writeFileSync(resolve(dir, `${(results.date as string).replace(/[:.]/g, "-")}.json`), json);
  const cold = results.cold_start_to_tools_list as ReturnType<typeof stats>;
  const lines = [
    `cold start → tools/list: p50 ${cold.p50_ms} ms, p95 ${cold.p95_ms} ms (${cold.n} runs)`,
    ...tools_list.map(
      (row) =>
        `tools/list ${row.config}: ${row.tools} tools, ${row.bytes} bytes, ${row.tokens} tokens (+${row.instructions_tokens} instructions); prompts/list ${row.prompts} prompts, ${row.prompts_tokens} tokens`,
    ),
    ...(results.warm as WarmRow[]).map(
      (row) =>
        `${row.case.padEnd(22)} server p50 ${row.server.p50_ms} ms p95 ${row.server.p95_ms} ms | raw engine p50 ${row.raw_engine.p50_ms} ms p95 ${row.raw_engine.p95_ms} ms`,
    ),
    `throughput (${IN_FLIGHT} in flight): ${JSON.stringify(results.throughput_calls_per_s)}`,
    `server RSS after the run: ${results.rss_after_mib} MiB`,
    ...(results.image_save_1gib_to_file
      ? [`image_save 1 GiB to a file: ${JSON.stringify(results.image_save_1gib_to_file)}`]
      : []),
    "",
    formatTable(table),
    "",
    `results: bench/results/latest.json (${QUICK ? "quick" : "full"} run)`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
