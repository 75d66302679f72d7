// Reads a response body as decoded bytes under a cap: the count is taken after
// content-encoding is undone, so a small gzip bomb fails as soon as it inflates past the limit.

import { pipeline, type Readable } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { HttpsError } from "./errors.js";
import { discard } from "./transport.js";

export const RESPONSE_CAP_BYTES = 16 * 1024 * 1024;

function decoderFor(encoding: string | undefined): NodeJS.ReadWriteStream | undefined {
  switch ((encoding ?? "").trim().toLowerCase()) {
    case "":
    case "identity":
      return undefined;
    case "gzip":
    case "x-gzip":
      return createGunzip();
    case "deflate":
      return createInflate();
    case "br":
      return createBrotliDecompress();
    default:
      throw new HttpsError(`Unsupported Content-Encoding '${encoding}' in the response.`);
  }
}

/**
 * Collects `body` (decoding `encoding`) and fails with `overflow(cap)`'s message once more than `cap` decoded bytes
 * arrive. The source is destroyed on every early exit.
 */
export async function readCapped(
  body: Readable,
  encoding: string | undefined,
  cap: number,
  overflow: (cap: number) => Error,
): Promise<Buffer> {
  let decoder: NodeJS.ReadWriteStream | undefined;
  try {
    decoder = decoderFor(encoding);
  } catch (err) {
    discard(body);
    throw err;
  }
  // pipeline() rather than pipe(): a failing source must fail the decoder too, or the read would hang.
  const source: AsyncIterable<Buffer> = decoder
    ? (pipeline(body, decoder, () => undefined) as unknown as AsyncIterable<Buffer>)
    : body;
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of source) {
      total += chunk.length;
      if (total > cap) throw overflow(cap);
      chunks.push(chunk);
    }
  } catch (err) {
    if (decoder && (err as { code?: string }).code?.startsWith("Z_")) {
      throw new HttpsError(`Could not decode the ${encoding} response body: ${(err as Error).message}`);
    }
    throw err;
  } finally {
    discard(body);
    (decoder as unknown as Readable | undefined)?.destroy();
  }
  return Buffer.concat(chunks, total);
}

export function registryOverflow(url: string): (cap: number) => Error {
  return (cap) =>
    new HttpsError(
      `Response from ${url} exceeds ${cap} bytes after decoding; refusing to buffer a response this large.`,
    );
}
