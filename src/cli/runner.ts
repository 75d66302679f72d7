// The only place that spawns `docker` (cli-and-registry.md §2): argv only, never a shell, a scrubbed environment,
// stdout/stderr each capped at 4 MiB before decoding, and a time limit on every call.

import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

export const CLI_OUTPUT_CAP = 4 * 1024 * 1024;

export interface CliResult {
  returncode: number;
  stdout: string;
  stderr: string;
  truncated: boolean;
}

export class CliError extends Error {}

/** Finds an executable on PATH the way the platform does; undefined when absent. */
export function findOnPath(
  name: string,
  pathValue: string | undefined,
  platform = process.platform,
): string | undefined {
  const names = platform === "win32" ? [`${name}.exe`, `${name}.cmd`, name] : [name];
  for (const dir of (pathValue ?? "").split(delimiter)) {
    if (!dir) continue;
    for (const candidate of names) {
      const full = join(dir, candidate);
      try {
        accessSync(full, constants.X_OK);
        return full;
      } catch {
        // Not here; keep looking.
      }
    }
  }
  return undefined;
}

export interface RunOptions {
  env: Record<string, string>;
  timeoutMs: number;
  cwd?: string;
  signal?: AbortSignal;
}

/** Runs `docker <args>`; a non-zero exit is returned, not thrown; a timeout or missing binary throws CliError. */
export async function runDocker(args: readonly string[], options: RunOptions): Promise<CliResult> {
  const docker = findOnPath("docker", options.env.PATH);
  if (!docker) {
    throw new CliError(
      "The docker CLI was not found on PATH. Install Docker (the CLI package) or add its directory to PATH.",
    );
  }
  return await new Promise<CliResult>((resolve, reject) => {
    const child = spawn(docker, [...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
      windowsHide: true,
    });
    const out = { chunks: [] as Buffer[], size: 0, cut: false };
    const err = { chunks: [] as Buffer[], size: 0, cut: false };
    const collect = (sink: typeof out) => (chunk: Buffer) => {
      const room = CLI_OUTPUT_CAP - sink.size;
      if (room <= 0) {
        sink.cut = true;
        return;
      }
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      if (part.length < chunk.length) sink.cut = true;
      sink.chunks.push(part);
      sink.size += part.length;
    };
    child.stdout.on("data", collect(out));
    child.stderr.on("data", collect(err));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    const onAbort = () => child.kill("SIGKILL");
    options.signal?.addEventListener("abort", onAbort, { once: true });
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new CliError(`Could not run docker: ${error.message}`));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      if (timedOut) {
        reject(
          new CliError(
            `docker ${args[0] ?? ""} timed out after ${Math.round(options.timeoutMs / 1000)} s and was killed.`,
          ),
        );
        return;
      }
      if (options.signal?.aborted) {
        reject(new CliError("The call was cancelled."));
        return;
      }
      resolve({
        returncode: code ?? -1,
        stdout: Buffer.concat(out.chunks).toString("utf8"),
        stderr: Buffer.concat(err.chunks).toString("utf8"),
        truncated: out.cut || err.cut,
      });
    });
  });
}
