// container_wait: one result contract for every mode; a timeout is a result, never an error.

import type Docker from "dockerode";
import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { defineTool, type ToolContext } from "../../contract/tool.js";
import { readLogTail } from "../../engine/container-logs.js";
import { abortableSleep, later } from "../../engine/timers.js";
import { type ContainerDoc, idOrName, inspect, resolveTarget } from "./common.js";

const MODES = ["not-running", "next-exit", "removed", "healthy", "log-match"] as const;
type Mode = (typeof MODES)[number];

interface WaitResult {
  container: string;
  until: Mode;
  met: boolean;
  timed_out: boolean;
  status_code: number | null;
  error: string | null;
  health: string | null;
  status: string | null;
  matched_line: string | null;
  waited_seconds: number;
}

class Clock {
  private readonly start = performance.now();
  constructor(private readonly timeoutSeconds: number) {}
  elapsed(): number {
    return (performance.now() - this.start) / 1000;
  }
  remaining(): number {
    return this.timeoutSeconds - this.elapsed();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return abortableSleep(ms, signal, () => new CallerError("The call was cancelled."));
}

/** Sleeps min(poll, remaining); false when the deadline has already passed. */
async function pollAgain(clock: Clock, pollSeconds: number, signal: AbortSignal): Promise<boolean> {
  const remaining = clock.remaining();
  if (remaining <= 0) return false;
  await sleep(Math.min(pollSeconds, remaining) * 1000, signal);
  return true;
}

async function waitForStop(docker: Docker, id: string, mode: Mode, timeoutSeconds: number, ctx: ToolContext) {
  const deadline = new AbortController();
  const cancel = later(Math.ceil(timeoutSeconds) * 1000, () => deadline.abort());
  try {
    const signal = AbortSignal.any([ctx.signal, deadline.signal]);
    const response = (await docker.getContainer(id).wait({ condition: mode, abortSignal: signal } as object)) as {
      StatusCode?: number;
      Error?: { Message?: string } | null;
    };
    return {
      met: true,
      timed_out: false,
      status_code: response.StatusCode ?? null,
      error: response.Error?.Message || null,
    };
  } catch (err) {
    if (ctx.signal.aborted) throw new CallerError("The call was cancelled.");
    if (deadline.signal.aborted) return { met: false, timed_out: true, status_code: null, error: null };
    throw err;
  } finally {
    cancel();
  }
}

const ENDED = new Set(["exited", "dead"]);

async function waitForHealthy(docker: Docker, first: ContainerDoc, clock: Clock, poll: number, ctx: ToolContext) {
  let doc = first;
  for (;;) {
    const health = doc.State?.Health?.Status ?? null;
    const status = doc.State?.Status ?? null;
    const base = { health, status };
    if (health === "healthy") return { ...base, met: true, timed_out: false };
    if (health === "unhealthy" || ENDED.has(status ?? "")) return { ...base, met: false, timed_out: false };
    // No HEALTHCHECK at all: waiting cannot help.
    if (!doc.State?.Health && status === "running") return { ...base, met: false, timed_out: false };
    if (!(await pollAgain(clock, poll, ctx.signal))) return { ...base, met: false, timed_out: true };
    doc = await inspect(docker, doc.Id, ctx.signal);
  }
}

const LOG_MATCH_LINES = 1000;
const LOG_MATCH_BYTES = 4 * 1024 * 1024;

async function waitForLogMatch(
  docker: Docker,
  first: ContainerDoc,
  matches: (line: string) => boolean,
  clock: Clock,
  poll: number,
  ctx: ToolContext,
) {
  let doc = first;
  const query = { stdout: true, stderr: true, timestamps: false, tail: LOG_MATCH_LINES };
  const bounds = { maxLines: LOG_MATCH_LINES, maxBytes: LOG_MATCH_BYTES, signal: ctx.signal, tty: doc.Config?.Tty };
  for (;;) {
    const { lines } = await readLogTail(docker, doc.Id, query, bounds);
    for (let i = lines.length - 1; i >= 0; i--) {
      const line = lines[i] as string;
      if (matches(line)) return { met: true, timed_out: false, matched_line: line, status: doc.State?.Status ?? null };
    }
    doc = await inspect(docker, doc.Id, ctx.signal);
    const status = doc.State?.Status ?? null;
    if (ENDED.has(status ?? "")) return { met: false, timed_out: false, matched_line: null, status };
    if (!(await pollAgain(clock, poll, ctx.signal))) return { met: false, timed_out: true, matched_line: null, status };
  }
}

function matcher(pattern: string, regex: boolean): (line: string) => boolean {
  if (!regex) return (line) => line.includes(pattern);
  let compiled: RegExp;
  try {
    compiled = new RegExp(pattern);
  } catch (err) {
    throw new CallerError(`pattern is not a valid regular expression: ${(err as Error).message}`);
  }
  return (line) => compiled.test(line);
}

export const containerWait = defineTool({
  description:
    "Wait until a container is `until`: not-running, next-exit, removed, healthy, or log-match (a recent log line contains `pattern`).",
  input: {
    id_or_name: idOrName,
    until: z.enum(MODES).default("not-running"),
    timeout_seconds: z.number().default(600),
    poll_interval: z.number().default(2).describe("Seconds between checks (healthy, log-match)."),
    pattern: z.string().nullish().describe("log-match: substring to find (a regex with regex=true)."),
    regex: z.boolean().default(false),
  },
  async run(args, ctx) {
    if (args.timeout_seconds < 0) throw new CallerError("timeout_seconds must be >= 0.");
    const polling = args.until === "healthy" || args.until === "log-match";
    if (polling && !(args.poll_interval > 0)) throw new CallerError("poll_interval must be > 0.");
    if (args.until === "log-match" && !args.pattern) {
      throw new CallerError('until="log-match" needs a non-empty pattern.');
    }
    const matches = args.until === "log-match" ? matcher(args.pattern as string, args.regex) : undefined;
    const clock = new Clock(args.timeout_seconds);
    const { docker, doc } = await resolveTarget(ctx, args.id_or_name);
    const result: WaitResult = {
      container: args.id_or_name,
      until: args.until,
      met: false,
      timed_out: false,
      status_code: null,
      error: null,
      health: null,
      status: null,
      matched_line: null,
      waited_seconds: 0,
    };
    if (args.until === "healthy") {
      Object.assign(result, await waitForHealthy(docker, doc, clock, args.poll_interval, ctx));
    } else if (matches) {
      Object.assign(result, await waitForLogMatch(docker, doc, matches, clock, args.poll_interval, ctx));
    } else {
      Object.assign(result, await waitForStop(docker, doc.Id, args.until, args.timeout_seconds, ctx));
    }
    result.waited_seconds = Math.round(clock.elapsed() * 100) / 100;
    return result;
  },
});
