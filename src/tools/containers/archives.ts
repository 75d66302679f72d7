// Moving files out of and into containers as tar archives: in band (base64, capped by max_bytes) or
// through the one host-file writer/reader.

import type { IncomingMessage } from "node:http";
import type { Readable } from "node:stream";
import type Docker from "dockerode";
import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { defineTool } from "../../contract/tool.js";
import { engineRequest } from "../../engine/api.js";
import { checkWriteDestination, openHostFile, writeHostFile } from "../../engine/host-files.js";
import {
  checkMaxBytes,
  collectBytes,
  DEFAULT_MAX_BYTES,
  decodeInbandTar,
  encodeBase64,
  InbandResult,
} from "../../engine/inband.js";
import { guardBody } from "../../engine/request-body.js";
import { idOrName, resolveTarget } from "./common.js";

const maxBytes = z.number().int().default(DEFAULT_MAX_BYTES);
const destPath = z.string().min(1);
const overwrite = z.boolean().default(false);

async function exportStream(docker: Docker, id: string, signal: AbortSignal): Promise<Readable> {
  return (await docker.getContainer(id).export({ abortSignal: signal } as object)) as unknown as Readable;
}

export const containerExport = defineTool({
  description: "A container's filesystem as a flat tar: in band, or to dest_path.",
  input: { id_or_name: idOrName, dest_path: destPath.nullish(), overwrite, max_bytes: maxBytes },
  async run({ id_or_name, dest_path, overwrite: replace, max_bytes }, ctx) {
    const fileOptions = { ...ctx.hostFiles, overwrite: replace, signal: ctx.signal };
    // Refused up front, before the daemon is asked for anything.
    if (dest_path) await checkWriteDestination(dest_path, fileOptions);
    else checkMaxBytes(max_bytes);
    const { docker, doc } = await resolveTarget(ctx, id_or_name);
    if (dest_path) return await writeHostFile(dest_path, () => exportStream(docker, doc.Id, ctx.signal), fileOptions);
    const tar = await collectBytes(await exportStream(docker, doc.Id, ctx.signal), max_bytes, ctx.signal);
    return new InbandResult({ archive: encodeBase64(tar), encoding: "base64", bytes: tar.length });
  },
});

/** The daemon's X-Docker-Container-Path-Stat header: base64 JSON {name, size, mode, mtime, linkTarget}. */
function pathStat(response: IncomingMessage): unknown {
  const header = response.headers["x-docker-container-path-stat"];
  if (typeof header !== "string") return null;
  try {
    return JSON.parse(Buffer.from(header, "base64").toString("utf8"));
  } catch {
    return null;
  }
}

function archiveStream(docker: Docker, id: string, path: string, signal: AbortSignal): Promise<IncomingMessage> {
  return engineRequest<IncomingMessage>(docker, {
    path: `/containers/${encodeURIComponent(id)}/archive`,
    method: "GET",
    query: { path },
    stream: true,
    signal,
  });
}

export const containerArchiveGet = defineTool({
  description: "A file or directory of a container as a tar in band: {archive (base64), stat}.",
  input: { id_or_name: idOrName, path: z.string().min(1).describe("Path inside the container."), max_bytes: maxBytes },
  async run({ id_or_name, path, max_bytes }, ctx) {
    checkMaxBytes(max_bytes);
    const { docker, doc } = await resolveTarget(ctx, id_or_name);
    const response = await archiveStream(docker, doc.Id, path, ctx.signal);
    const stat = pathStat(response);
    const tar = await collectBytes(response, max_bytes, ctx.signal);
    return new InbandResult({ archive: encodeBase64(tar), encoding: "base64", bytes: tar.length, stat });
  },
});

export const containerArchiveGetToFile = defineTool({
  description: "A file or directory of a container as a tar streamed to dest_path (kept unless overwrite=true).",
  input: { id_or_name: idOrName, path: z.string().min(1), dest_path: destPath, overwrite },
  async run({ id_or_name, path, dest_path, overwrite: replace }, ctx) {
    const fileOptions = { ...ctx.hostFiles, overwrite: replace, signal: ctx.signal };
    await checkWriteDestination(dest_path, fileOptions);
    const { docker, doc } = await resolveTarget(ctx, id_or_name);
    let stat: unknown = null;
    const written = await writeHostFile(
      dest_path,
      async () => {
        const response = await archiveStream(docker, doc.Id, path, ctx.signal);
        stat = pathStat(response);
        return response;
      },
      fileOptions,
    );
    return { ...written, stat };
  },
});

export const containerArchivePut = defineTool({
  description: "Extract a tar into an existing directory of a container: exactly one of data or from_file.",
  input: {
    id_or_name: idOrName,
    path: z.string().min(1),
    data: z.string().nullish(),
    from_file: z.string().nullish(),
  },
  async run({ id_or_name, path, data, from_file }, ctx) {
    const given = [data, from_file].filter((value) => value !== null && value !== undefined).length;
    if (given !== 1) throw new CallerError("Give exactly one of data (base64 tar) or from_file.");
    let body: Buffer | Readable;
    if (typeof data === "string") {
      body = decodeInbandTar(data, "data", "Put the tar on the server's host and use from_file.");
    } else {
      body = (await openHostFile(from_file as string, ctx.hostFiles)).stream;
    }
    const guard = guardBody(body, ctx.signal);
    try {
      const { docker, doc } = await resolveTarget(ctx, id_or_name);
      await engineRequest<unknown>(docker, {
        path: `/containers/${encodeURIComponent(doc.Id)}/archive`,
        method: "PUT",
        query: { path },
        file: body,
        signal: guard.signal,
      });
      return true;
    } catch (err) {
      throw guard.failure(err);
    } finally {
      if (!Buffer.isBuffer(body)) body.destroy();
    }
  },
});
