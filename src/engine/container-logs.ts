// Container logs read as a stream and kept as a bounded tail of lines: a 1 GiB log with tail=all costs the same
// memory as a short one. Used by container_logs, container_wait(log-match) and the docker-logs:// resource.

import type { IncomingMessage } from "node:http";
import type { Readable } from "node:stream";
import type Docker from "dockerode";
import { engineRequest } from "./api.js";
import { readBounded } from "./bounded-read.js";
import { FrameDemuxer, LineTail } from "./demux.js";
import { EngineError } from "./errors.js";

export interface LogsQuery {
  stdout: boolean;
  stderr: boolean;
  timestamps: boolean;
  tail: number | "all";
  /** Unix seconds. */
  since?: number | null;
  until?: number | null;
}

export interface LogBounds {
  /** Lines kept (the newest). */
  maxLines: number;
  /** Text kept, in bytes. */
  maxBytes: number;
  signal?: AbortSignal;
  /** The container was created with a TTY: its logs are not framed. */
  tty?: boolean;
}

export interface LogTailResult {
  lines: string[];
  /** Lines the daemon sent in total. */
  seen: number;
  /** True when older lines (or the front of a huge line) were dropped to stay within the bounds. */
  cut: boolean;
}

function query(q: LogsQuery, follow: boolean): Record<string, unknown> {
  return {
    follow,
    stdout: q.stdout,
    stderr: q.stderr,
    timestamps: q.timestamps,
    tail: q.tail === "all" ? "all" : String(q.tail),
    ...(q.since !== null && q.since !== undefined ? { since: q.since } : {}),
    ...(!follow && q.until !== null && q.until !== undefined ? { until: q.until } : {}),
  };
}

function openLogs(docker: Docker, id: string, options: Record<string, unknown>, signal?: AbortSignal) {
  return engineRequest<IncomingMessage>(docker, {
    path: `/containers/${encodeURIComponent(id)}/logs`,
    method: "GET",
    query: options,
    stream: true,
    ...(signal ? { signal } : {}),
  });
}

/** The newest lines of a snapshot read (follow=false), streamed through a bounded tail. */
export async function readLogTail(docker: Docker, id: string, q: LogsQuery, bounds: LogBounds): Promise<LogTailResult> {
  return await tailOfStream(await openLogs(docker, id, query(q, false), bounds.signal), bounds);
}

/** Reads a (multiplexed, unless tty) logs response to its end through a bounded tail; also for service logs. */
export async function tailOfStream(stream: Readable, bounds: LogBounds): Promise<LogTailResult> {
  const tail = new LineTail(bounds.maxLines, bounds.maxBytes);
  const demuxer = new FrameDemuxer((kind, payload) => tail.write(kind, payload), bounds.tty);
  const outcome = await readBounded(
    stream,
    (chunk) => {
      demuxer.push(chunk);
      return false;
    },
    { signal: bounds.signal },
  );
  // A snapshot has no partial answer: cut short by the caller it is no answer at all.
  if (outcome === "cancelled") throw new EngineError("The call was cancelled.");
  demuxer.end();
  const lines = tail.finish();
  return { lines, seen: tail.seen, cut: tail.cut };
}

export interface FollowBounds extends LogBounds {
  timeoutMs: number;
}

/**
 * Follows the log until `maxLines` lines arrived, the stream ended (the container exited), the timeout, or
 * cancellation; what arrived is returned in each of those cases. A stream cut before its end is an error.
 */
export async function followLogs(
  docker: Docker,
  id: string,
  q: LogsQuery,
  bounds: FollowBounds,
): Promise<LogTailResult> {
  const stream = await openLogs(docker, id, query(q, true), bounds.signal);
  // Keep every line up to the limit: follow mode returns the first lines that arrive, not the last.
  const tail = new LineTail(Number.MAX_SAFE_INTEGER, bounds.maxBytes);
  const demuxer = new FrameDemuxer((kind, payload) => tail.write(kind, payload), bounds.tty);
  await readBounded(
    stream,
    (chunk) => {
      demuxer.push(chunk);
      return tail.seen >= bounds.maxLines;
    },
    { timeoutMs: bounds.timeoutMs, signal: bounds.signal },
  );
  const lines = tail.finish().slice(0, bounds.maxLines);
  return { lines, seen: tail.seen, cut: tail.cut || tail.seen > bounds.maxLines };
}
