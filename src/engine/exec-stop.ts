// Stopping an exec whose call was cancelled. The Engine API has no way to stop an exec, but a daemon on a local
// socket often shares this process's pid namespace: the pid it reports for the exec is then ours to signal. That is
// only done when /proc shows that very command line under that pid (a server in a container with its own pid
// namespace sees another process there, or none, and leaves it alone): TERM, then KILL if it lingers.

import { readFileSync } from "node:fs";
import type Docker from "dockerode";
import type { HostEntry } from "../config/hosts.js";

const GRACE_MS = 2000;

/** A daemon reached over a local socket (the only kind that can share our pid namespace). */
export function isLocalSocket(host: HostEntry): boolean {
  return host.url === null || host.url.startsWith("unix://");
}

function commandLineOf(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").slice(0, -1);
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface ExecState {
  Running?: boolean;
  Pid?: number;
  ProcessConfig?: { entrypoint?: string; arguments?: string[] };
}

/** Best effort; returns whether the exec's process was signalled. Never throws. */
export async function stopExecProcess(exec: Docker.Exec): Promise<boolean> {
  let pid: number;
  try {
    const info = (await exec.inspect({ abortSignal: AbortSignal.timeout(5000) } as object)) as ExecState;
    if (!info.Running || !info.Pid || info.Pid <= 1) return false;
    const expected = [info.ProcessConfig?.entrypoint ?? "", ...(info.ProcessConfig?.arguments ?? [])];
    const seen = commandLineOf(info.Pid);
    if (!seen || seen.join("\0") !== expected.join("\0")) return false;
    pid = info.Pid;
    process.kill(pid, "SIGTERM");
  } catch {
    return false;
  }
  setTimeout(() => {
    if (!alive(pid)) return;
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Gone meanwhile, or not ours to signal.
    }
  }, GRACE_MS).unref();
  return true;
}
