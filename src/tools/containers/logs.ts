// container_logs: a bounded snapshot (the newest lines, streamed so a huge log never sits in memory) or a bounded
// live follow.

import { z } from "zod";
import { untrusted } from "../../base/untrusted.js";
import { defineTool } from "../../contract/tool.js";
import { followLogs, type LogTailResult, readLogTail } from "../../engine/container-logs.js";
import { idOrName, resolveTarget } from "./common.js";

/** Text kept per call, so the 64 KiB result cap never cuts the newest lines off. */
export const LOG_TEXT_BYTES = 60 * 1024;

export const tailParam = z
  .union([z.number().int().min(0), z.literal("all")])
  .default(200)
  .describe('Newest lines to return, or "all".');

function render(result: LogTailResult, follow: boolean): string {
  const text = untrusted("container logs", result.lines.join("\n"));
  if (!result.cut) return text;
  const note = follow
    ? `[stopped after ${result.lines.length} lines; raise limit_lines or narrow with since]`
    : `[older output dropped: showing the last ${result.lines.length} of ${result.seen} lines (${LOG_TEXT_BYTES} bytes max); page with since/until or a smaller tail]`;
  return `${note}\n${text}`;
}

export const containerLogs = defineTool({
  description:
    "A container's newest `tail` log lines, or with follow=true the lines that arrive until limit_lines, exit or timeout_seconds.",
  input: {
    id_or_name: idOrName,
    stdout: z.boolean().default(true),
    stderr: z.boolean().default(true),
    timestamps: z.boolean().default(false),
    tail: tailParam,
    since: z.number().nullish().describe("Unix timestamp."),
    until: z.number().nullish().describe("Unix timestamp (snapshot only)."),
    follow: z.boolean().default(false),
    limit_lines: z.number().int().min(1).default(200).describe("Follow only."),
    timeout_seconds: z.number().min(0).max(3600).default(30).describe("Follow only."),
  },
  async run(args, ctx) {
    const { docker, doc } = await resolveTarget(ctx, args.id_or_name);
    const query = {
      stdout: args.stdout,
      stderr: args.stderr,
      timestamps: args.timestamps,
      tail: args.tail,
      since: args.since,
      until: args.until,
    };
    const tty = doc.Config?.Tty === true;
    if (args.follow) {
      const followed = await followLogs(docker, doc.Id, query, {
        maxLines: args.limit_lines,
        maxBytes: LOG_TEXT_BYTES,
        timeoutMs: args.timeout_seconds * 1000,
        signal: ctx.signal,
        tty,
      });
      return render(followed, true);
    }
    const maxLines = args.tail === "all" ? Number.MAX_SAFE_INTEGER : args.tail;
    return render(
      await readLogTail(docker, doc.Id, query, { maxLines, maxBytes: LOG_TEXT_BYTES, signal: ctx.signal, tty }),
      false,
    );
  },
});
