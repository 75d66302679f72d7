// Container logs read as a stream and kept as a bounded tail of lines: a 1 GiB log with tail=all costs the same
// memory as a short one. Used by container_logs, container_wait(log-match) and the docker-logs:// resource.

import type { IncomingMessage } from "node:http";
import type { Readable } from "node:stream";
import type Docker from "dockerode";
import { engineRequest } from "./api.js";
import { FrameDemuxer, LineTail } from "./demux.js";

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
  try {
    for await (const chunk of stream) demuxer.push(chunk as Buffer);
    demuxer.end();
  } finally {
    stream.destroy();
  }
  const lines = tail.finish();
  return { lines, seen: tail.seen, cut: tail.cut };
}

export interface FollowBounds extends LogBounds {
  timeoutMs: number;
}

/**
 * Follows the log until `maxLines` lines arrived, the stream ended (the container exited), the timeout, or
 * cancellation. What arrived is returned in every case; errors while closing are ignored.
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
  return await new Promise<LogTailResult>((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      bounds.signal?.removeEventListener("abort", finish);
      stream.removeAllListeners("data");
      stream.on("error", () => undefined);
      stream.destroy();
      const lines = tail.finish().slice(0, bounds.maxLines);
      resolve({ lines, seen: tail.seen, cut: tail.cut || tail.seen > bounds.maxLines });
    };
    const demuxer = new FrameDemuxer((kind, payload) => tail.write(kind, payload), bounds.tty);
    const timer = setTimeout(finish, bounds.timeoutMs);
    bounds.signal?.addEventListener("abort", finish, { once: true });
    stream.on("data", (chunk: Buffer) => {
      demuxer.push(chunk);
      if (tail.seen >= bounds.maxLines) finish();
    });
    stream.on("end", finish);
    stream.on("close", finish);
    stream.on("error", finish);
  });
}
