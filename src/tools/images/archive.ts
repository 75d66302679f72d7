// image_save and image_load: `docker save` tarballs in-band (base64, capped by max_bytes) or through a file on the
// server host (the shared host-file writer and reader check).

import type { Readable } from "node:stream";
import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { defineTool, type ToolContext } from "../../contract/tool.js";
import { engineRequest } from "../../engine/api.js";
import { openHostFile, writeHostFile } from "../../engine/host-files.js";
import {
  checkMaxBytes,
  collectBytes,
  DEFAULT_MAX_BYTES,
  decodeInbandTar,
  encodeBase64,
  InbandResult,
} from "../../engine/inband.js";
import { consumeJsonStream, StreamFailure } from "../../engine/progress.js";
import { guardBody } from "../../engine/request-body.js";
import { imagePath, onImage } from "./store.js";
import { describeArchive } from "./tar-check.js";

export const imageSave = defineTool({
  description: "An image as a `docker save` tar: in band, or to dest_path.",
  input: {
    id_or_name: z.string().min(1),
    dest_path: z.string().nullish().describe("Returns {path, bytes_written}."),
    named: z.boolean().default(false).describe("Keep the repo:tag names in the archive."),
    overwrite: z.boolean().default(false),
    max_bytes: z.number().int().default(DEFAULT_MAX_BYTES),
  },
  async run(args, ctx) {
    checkMaxBytes(args.max_bytes);
    const docker = await ctx.docker();
    // Unnamed saves go by id, so the archive carries no repo:tag (what `named=false` means).
    const inspected = await onImage(ctx, args.id_or_name, () =>
      engineRequest<{ Id: string }>(docker, {
        method: "GET",
        path: `/images/${imagePath(args.id_or_name)}/json`,
        signal: ctx.signal,
      }),
    );
    const source = args.named ? args.id_or_name : inspected.Id;
    const openSource = () =>
      engineRequest<Readable>(docker, {
        method: "GET",
        path: `/images/${imagePath(source)}/get`,
        stream: true,
        signal: ctx.signal,
      });
    if (args.dest_path) {
      return await writeHostFile(args.dest_path, openSource, {
        ...ctx.hostFiles,
        overwrite: args.overwrite,
        signal: ctx.signal,
      });
    }
    const bytes = await collectBytes(await openSource(), args.max_bytes, ctx.signal);
    return new InbandResult({ id: inspected.Id, bytes: bytes.length, encoding: "base64", data: encodeBase64(bytes) });
  },
});

/** Lines like "Loaded image: name:tag" / "Loaded image ID: sha256:…"; more than this many is not a real archive. */
const MAX_LOADED = 1000;
const MAX_INSPECTED = 50;

async function loadStream(ctx: ToolContext, body: Buffer | Readable, origin: string): Promise<string[]> {
  const loaded: string[] = [];
  const guard = guardBody(body, ctx.signal);
  try {
    const stream = await engineRequest<Readable>(await ctx.docker(), {
      method: "POST",
      path: "/images/load",
      query: { quiet: true },
      file: body,
      stream: true,
      signal: guard.signal,
    });
    await consumeJsonStream(
      stream,
      (message) => {
        const text = typeof message.stream === "string" ? message.stream : "";
        for (const match of text.matchAll(/^Loaded image(?: ID)?: (\S+)/gm)) {
          if (match[1] && loaded.length < MAX_LOADED) loaded.push(match[1]);
        }
      },
      guard.signal,
    );
  } catch (caught) {
    const err = guard.failure(caught);
    if (err instanceof StreamFailure) throw new CallerError(`Loading ${origin} failed: ${err.message}`);
    throw err;
  } finally {
    if (!Buffer.isBuffer(body)) body.destroy();
  }
  return loaded;
}

export const imageLoad = defineTool({
  description: "Load images from a `docker save` tar: exactly one of `data` or `from_file`.",
  input: {
    data: z.string().nullish(),
    from_file: z.string().nullish(),
  },
  async run(args, ctx) {
    const hasData = args.data !== undefined && args.data !== null;
    if (hasData === Boolean(args.from_file)) {
      throw new CallerError("Pass exactly one of `data` (base64 tar) or `from_file` (a path on the server host).");
    }
    let body: Buffer | Readable;
    let origin: string;
    if (hasData) {
      const bytes = decodeInbandTar(args.data as string, "data", "Put the tar on the server host and use from_file.");
      const problem = describeArchive(bytes);
      if (problem) throw new CallerError(`data is not a \`docker save\` archive: ${problem}`);
      body = bytes;
      origin = "the in-band archive";
    } else {
      const file = await openHostFile(args.from_file as string, ctx.hostFiles);
      try {
        const problem = describeArchive(await file.head(512));
        if (problem) throw new CallerError(`${file.path} is not a \`docker save\` archive: ${problem}`);
      } catch (err) {
        file.stream.destroy();
        throw err;
      }
      body = file.stream;
      origin = file.path;
    }
    const names = await loadStream(ctx, body, origin);
    if (names.length === 0)
      throw new CallerError(`Loading ${origin} reported no image: is it a \`docker save\` archive?`);
    const docker = await ctx.docker();
    const loaded = [];
    for (const name of names.slice(0, MAX_INSPECTED)) {
      const image = await engineRequest<{ Id: string; RepoTags?: string[] | null; Size?: number }>(docker, {
        method: "GET",
        path: `/images/${imagePath(name)}/json`,
        signal: ctx.signal,
      });
      loaded.push({ name, id: image.Id, tags: image.RepoTags ?? [], size: image.Size });
    }
    return { loaded, ...(names.length > MAX_INSPECTED ? { more: names.length - MAX_INSPECTED } : {}) };
  },
});
