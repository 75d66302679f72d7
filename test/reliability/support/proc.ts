// What /proc says about a server process: alive, resident memory, open sockets, child processes.

import { readdirSync, readFileSync, readlinkSync } from "node:fs";

function read(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Alive and not a zombie. */
export function isAlive(pid: number): boolean {
  const stat = read(`/proc/${pid}/stat`);
  if (stat === undefined) return false;
  // The state follows the parenthesised command name, which may itself contain spaces or parentheses.
  const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  return state !== "Z" && state !== "X";
}

/** VmRSS in bytes, or undefined when the process is gone. */
export function rssBytes(pid: number): number | undefined {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(read(`/proc/${pid}/status`) ?? "");
  return match?.[1] ? Number(match[1]) * 1024 : undefined;
}

/** Open file descriptors that are sockets. */
export function socketCount(pid: number): number {
  let count = 0;
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return 0;
  }
  for (const fd of fds) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith("socket:")) count++;
    } catch {
      // closed between readdir and readlink
    }
  }
  return count;
}

/** Direct children, from every thread's children list. */
export function childPids(pid: number): number[] {
  const out = new Set<number>();
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  for (const task of tasks) {
    for (const child of (read(`/proc/${pid}/task/${task}/children`) ?? "").split(/\s+/)) {
      if (child) out.add(Number(child));
    }
  }
  return [...out];
}

/** Pids of processes (anywhere on the host) whose command line is exactly `argv`. */
export function processesWithArgv(argv: string[]): number[] {
  const want = `${argv.join("\u0000")}\u0000`;
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    if (read(`/proc/${entry}/cmdline`) === want) out.push(Number(entry));
  }
  return out;
}
