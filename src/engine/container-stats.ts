// One stats sample reduced to what a person reads in `docker stats` ("Container stats
// summary"), shared by container_stats and docker-stats://. Every missing field counts as 0.

interface CpuUsage {
  total_usage?: number;
  percpu_usage?: number[] | null;
}

export interface StatsSample {
  cpu_stats?: { cpu_usage?: CpuUsage; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats?: { cpu_usage?: CpuUsage; system_cpu_usage?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }> | null;
  blkio_stats?: { io_service_bytes_recursive?: Array<{ op?: string; value?: number }> | null };
  pids_stats?: { current?: number; limit?: number };
}

export interface StatsSummary {
  container: string;
  cpu_percent: number;
  mem_used_mb: number;
  mem_limit_mb: number;
  mem_percent: number;
  net_rx_mb: number;
  net_tx_mb: number;
  blk_read_mb: number;
  blk_write_mb: number;
  pids: number;
}

const MIB = 1_048_576;
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

export function summarizeStats(container: string, sample: StatsSample): StatsSummary {
  const cpu = sample.cpu_stats ?? {};
  const pre = sample.precpu_stats ?? {};
  const cpuDelta = (cpu.cpu_usage?.total_usage ?? 0) - (pre.cpu_usage?.total_usage ?? 0);
  const systemDelta = (cpu.system_cpu_usage ?? 0) - (pre.system_cpu_usage ?? 0);
  const cpus = cpu.online_cpus || cpu.cpu_usage?.percpu_usage?.length || 1;
  const cpuPercent = cpuDelta > 0 && systemDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0;

  const memory = sample.memory_stats ?? {};
  const detail = memory.stats ?? {};
  const cache = detail.inactive_file ?? detail.cache ?? 0;
  const used = Math.max((memory.usage ?? 0) - cache, 0);
  const limit = memory.limit ?? 0;

  let rx = 0;
  let tx = 0;
  for (const network of Object.values(sample.networks ?? {})) {
    rx += network.rx_bytes ?? 0;
    tx += network.tx_bytes ?? 0;
  }
  let read = 0;
  let write = 0;
  for (const entry of sample.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = entry.op?.toLowerCase();
    if (op === "read") read += entry.value ?? 0;
    else if (op === "write") write += entry.value ?? 0;
  }
  return {
    container,
    cpu_percent: round(cpuPercent, 2),
    mem_used_mb: round(used / MIB, 1),
    mem_limit_mb: round(limit / MIB, 1),
    mem_percent: limit > 0 ? round((used / limit) * 100, 1) : 0,
    net_rx_mb: round(rx / MIB, 2),
    net_tx_mb: round(tx / MIB, 2),
    blk_read_mb: round(read / MIB, 2),
    blk_write_mb: round(write / MIB, 2),
    pids: sample.pids_stats?.current ?? 0,
  };
}
