// container_exec: run a command in a running container and collect its output, bounded in memory.

import type { Duplex } from "node:stream";
import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { untrusted } from "../../base/untrusted.js";
import { defineTool } from "../../contract/tool.js";
import { FrameDemuxer, TailBuffer } from "../../engine/demux.js";
import { isLocalSocket, stopExecProcess } from "../../engine/exec-stop.js";
import { idOrName } from "./common.js";
import { envList, splitCommand } from "./create-options.js";

/** Output kept per call: the result must fit the 64 KiB text cap with room for the JSON around it. */
const OUTPUT_BYTES = 60 * 1024;
/** JSON escaping (\n, \u0000) can grow text up to 6x; keep the escaped form under this. */
const ESCAPED_BUDGET = 62 * 1024;

/** Drops the oldest characters until the JSON-escaped text fits the budget. */
function fitEscaped(text: string, budget: number): string {
  let out = text;
  for (let over = JSON.stringify(out).length - budget; over > 0; over = JSON.stringify(out).length - budget) {
    out = out.slice(over);
  }
  return out;
}

function truncationNote(kept: number, total: number): string {
  return (
    `output truncated: kept the last ${kept} of ${total} bytes. Narrow the command, or write the output to a file ` +
    "in the container and fetch it with container_archive_get."
  );
}

async function drain(stream: Duplex, signal: AbortSignal, onChunk: (chunk: Buffer) => void): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      stream.destroy();
      reject(
        new CallerError(
          "The call was cancelled; the command may still be running in the container (the Engine API cannot stop an exec on a remote daemon).",
        ),
      );
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    const done = () => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    };
    stream.on("data", onChunk);
    stream.once("end", done);
    stream.once("close", done);
    stream.once("error", (err) => {
      signal.removeEventListener("abort", onAbort);
      reject(err);
    });
  });
}

/** The daemon's 409 for an exec in a container that is not running, as advice; anything else is not ours to word. */
function notRunnable(err: unknown, name: string): CallerError | undefined {
  const failure = err as { statusCode?: number; json?: { message?: string } | null; message?: string };
  if (failure?.statusCode !== 409) return undefined;
  const said = failure.json?.message ?? failure.message ?? "";
  if (/paused/i.test(said)) {
    return new CallerError(`Container ${name} is paused; unpause it before running a command in it.`);
  }
  if (/restarting/i.test(said)) {
    return new CallerError(`Container ${name} is restarting; wait until it is running (container_wait), then retry.`);
  }
  return new CallerError(`Container ${name} is not running; start it first (the daemon said: ${said.trim()}).`);
}

export const containerExec = defineTool({
  description:
    "Run a command in a running container: {exit_code, output} (demux=true: [stdout, stderr]). A cmd string is split like a shell's; pass an argv array for untrusted parts.",
  input: {
    id_or_name: idOrName,
    cmd: z.union([z.string().min(1), z.array(z.string()).min(1)]),
    stdout: z.boolean().default(true),
    stderr: z.boolean().default(true),
    stdin: z.boolean().default(false).describe("Attach stdin; it is closed at once (the command reads EOF)."),
    tty: z.boolean().default(false),
    privileged: z.boolean().default(false),
    user: z.string().default(""),
    detach: z.boolean().default(false).describe("Start it and return at once (exit_code null)."),
    environment: z.union([z.record(z.string(), z.string()), z.array(z.string())]).nullish(),
    workdir: z.string().nullish(),
    demux: z.boolean().default(false),
  },
  async run(args, ctx) {
    const cmd = typeof args.cmd === "string" ? splitCommand(args.cmd) : args.cmd;
    if (cmd.length === 0) throw new CallerError("cmd is empty.");
    // No inspect first: the daemon refuses an exec in a stopped or paused container itself (409), and that answer is
    // turned into the same advice, one round trip sooner.
    const docker = await ctx.docker();
    const exec = await docker
      .getContainer(args.id_or_name)
      .exec({
        Cmd: cmd,
        AttachStdout: args.stdout && !args.detach,
        AttachStderr: args.stderr && !args.detach,
        AttachStdin: args.stdin && !args.detach,
        Tty: args.tty,
        Privileged: args.privileged,
        User: args.user,
        ...(args.environment ? { Env: envList(args.environment) } : {}),
        ...(args.workdir ? { WorkingDir: args.workdir } : {}),
        abortSignal: ctx.signal,
      })
      .catch((err: unknown) => {
        throw notRunnable(err, args.id_or_name) ?? err;
      });
    if (args.detach) {
      await exec.start({ Detach: true, abortSignal: ctx.signal } as object);
      return { exit_code: null, output: null, exec_id: exec.id };
    }
    const stream = (await exec.start({ hijack: true, stdin: args.stdin, abortSignal: ctx.signal } as object)) as Duplex;
    if (args.stdin) stream.end();
    const combined = new TailBuffer(OUTPUT_BYTES);
    const parts = { stdout: new TailBuffer(OUTPUT_BYTES / 2), stderr: new TailBuffer(OUTPUT_BYTES / 2) };
    const demuxer = new FrameDemuxer((kind, payload) => {
      if (args.demux) parts[kind].write(payload);
      else combined.write(payload);
    }, args.tty);
    try {
      await drain(stream, ctx.signal, (chunk) => demuxer.push(chunk));
    } catch (err) {
      // Cancelled: the command would run on in the container; stop it where that is possible.
      if (ctx.signal.aborted && isLocalSocket(ctx.host) && (await stopExecProcess(exec))) {
        throw new CallerError("The call was cancelled; the command was stopped.");
      }
      throw err;
    }
    demuxer.end();
    const info = (await exec.inspect({ abortSignal: ctx.signal } as object)) as { ExitCode?: number | null };
    const exitCode = info.ExitCode ?? null;
    if (!args.demux) {
      return {
        exit_code: exitCode,
        output: untrusted("exec output", fitEscaped(combined.text(), ESCAPED_BUDGET)),
        ...(combined.dropped > 0 ? { note: truncationNote(OUTPUT_BYTES, combined.total) } : {}),
      };
    }
    const text = (part: TailBuffer, wanted: boolean) =>
      wanted && part.total > 0 ? untrusted("exec output", fitEscaped(part.text(), ESCAPED_BUDGET / 2)) : null;
    const dropped = parts.stdout.dropped + parts.stderr.dropped;
    return {
      exit_code: exitCode,
      output: [text(parts.stdout, args.stdout), text(parts.stderr, args.stderr)],
      ...(dropped > 0
        ? { note: truncationNote(OUTPUT_BYTES / 2, Math.max(parts.stdout.total, parts.stderr.total)) }
        : {}),
    };
  },
});
