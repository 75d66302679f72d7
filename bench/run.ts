// `npm run bench`: cold start, tools/list size in tokens, warm latency beside the raw Engine floor, throughput and
// memory. Writes bench/results/latest.json and prints a table. Needs the test bed (engine A) up.

import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { type BenchContext, CASES } from "./cases.js";
import { RawEngine } from "./engine.js";
import { RawClient } from "./rpc.js";

const BUNDLE = resolve(import.meta.dirname, "../dist/docker-mcp-server.mjs");
const SOCKET = process.env.BENCH_DOCKER_SOCKET ?? "/var/run/docker.sock";
const HOST_A = `unix://${SOCKET}`;
const HOST_B = process.env.BENCH_SECOND_HOST ?? "unix:///run/dmcp-engine-b/docker.sock";
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 15);
const WARM_CALLS = Number(process.env.BENCH_WARM_CALLS ?? 300);
const IN_FLIGHT = 32;
const THROUGHPUT_CALLS = Number(process.env.BENCH_THROUGHPUT_CALLS ?? 3200);

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

async function toolsListSize(label: string, extra: Record<string, string>) {
  const client = new RawClient(BUNDLE, env(extra));
  await client.initialize();
  const response = await client.request("tools/list");
  const promptList = await client.request("prompts/list");
  const init = await client.request("initialize", {
    protocolVersion: "2025-11-25",
    capabilities: {},
    clientInfo: { name: "b", version: "0" },
  });
  await client.close();
  const tools = (response.result as { tools: unknown[] }).tools;
  const text = JSON.stringify(response.result);
  const instructions = (init.result as { instructions?: string } | undefined)?.instructions ?? "";
  return {
    config: label,
    tools: tools.length,
    bytes: Buffer.byteLength(text),
    tokens: encode(text).length,
    instructions_tokens: encode(instructions).length,
    prompts: ((promptList.result as { prompts?: unknown[] } | undefined)?.prompts ?? []).length,
    prompts_tokens: encode(JSON.stringify(promptList.result ?? {})).length,
  };
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

async function main() {
  const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
  results.cold_start_to_tools_list = await coldStart();
  results.tools_list = [
    await toolsListSize("default", { DOCKER_MCP_SERVER_HOSTS: `local=${HOST_A}` }),
    await toolsListSize("read-only", { DOCKER_MCP_SERVER_HOSTS: `local=${HOST_A}`, DOCKER_MCP_SERVER_READONLY: "1" }),
    await toolsListSize("two hosts", { DOCKER_MCP_SERVER_HOSTS: `a=${HOST_A},b=${HOST_B}(ro)` }),
  ];

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
  const client = new RawClient(BUNDLE, env({ DOCKER_MCP_SERVER_HOSTS: `local=${HOST_A}` }));
  try {
    await client.initialize();
    const listed = (await client.request("tools/list")).result as { tools: Array<{ name: string }> };
    const registered = new Set(listed.tools.map((t) => t.name));
    const ctx: BenchContext = { containerId, image };
    results.warm = await warm(client, engine, ctx, registered);
    results.throughput_calls_per_s = {
      in_flight: IN_FLIGHT,
      system_ping: await throughput(() => client.call("system_ping")),
      raw_engine_ping: await throughput(() => engine.get("/_ping")),
    };
    results.rss_after_mib = Math.round((client.rssKiB() / 1024) * 10) / 10;
  } finally {
    await client.close();
    engine.close();
    docker(["rm", "-f", name]);
  }

  if (process.env.BENCH_SKIP_BIG_IMAGE !== "1") results.image_save_1gib_to_file = await bigImageSave();

  mkdirSync(resolve(import.meta.dirname, "results"), { recursive: true });
  writeFileSync(resolve(import.meta.dirname, "results/latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  const cold = results.cold_start_to_tools_list as ReturnType<typeof stats>;
  const lines = [
    `cold start → tools/list: p50 ${cold.p50_ms} ms, p95 ${cold.p95_ms} ms (${cold.n} runs)`,
    ...(results.tools_list as Array<Awaited<ReturnType<typeof toolsListSize>>>).map(
      (row) =>
        `tools/list ${row.config}: ${row.tools} tools, ${row.bytes} bytes, ${row.tokens} tokens (+${row.instructions_tokens} instructions); prompts/list ${row.prompts} prompts, ${row.prompts_tokens} tokens`,
    ),
    ...(
      results.warm as Array<{ case: string; server: ReturnType<typeof stats>; raw_engine: ReturnType<typeof stats> }>
    ).map(
      (row) =>
        `${row.case.padEnd(22)} server p50 ${row.server.p50_ms} ms p95 ${row.server.p95_ms} ms | raw engine p50 ${row.raw_engine.p50_ms} ms p95 ${row.raw_engine.p95_ms} ms`,
    ),
    `throughput (${IN_FLIGHT} in flight): ${JSON.stringify(results.throughput_calls_per_s)}`,
    `server RSS after the run: ${results.rss_after_mib} MiB`,
    ...(results.image_save_1gib_to_file
      ? [`image_save 1 GiB to a file: ${JSON.stringify(results.image_save_1gib_to_file)}`]
      : []),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
