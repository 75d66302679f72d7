// Binary payloads carried in the protocol itself: tar bytes out are accumulated
// under a per-call cap and returned base64; tar bytes in arrive base64 and are decoded strictly.

import type { Readable } from "node:stream";
import { EngineError } from "./errors.js";

/** 32 MiB: the default in-band cap. */
export const DEFAULT_MAX_BYTES = 33_554_432;

export function checkMaxBytes(maxBytes: number): void {
  if (!Number.isFinite(maxBytes) || maxBytes < 0) {
    throw new EngineError(`max_bytes must be non-negative (got ${maxBytes}).`);
  }
}

export class InbandOverflowError extends EngineError {
  constructor(readonly maxBytes: number) {
    super(
      `The payload exceeded max_bytes=${maxBytes}; nothing was returned. Raise max_bytes, narrow the path, ` +
        "or use the dest_path / _to_file variant to write it to a file on the server host.",
    );
  }
}

/**
 * Reads `source` into one Buffer. Fails before appending a chunk that would take the total above `maxBytes` (exactly
 * `maxBytes` is allowed). The source is destroyed on success, overflow, error and abort.
 */
export async function collectBytes(source: Readable, maxBytes: number, signal?: AbortSignal): Promise<Buffer> {
  checkMaxBytes(maxBytes);
  const chunks: Buffer[] = [];
  let total = 0;
  const onAbort = () => source.destroy(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
  try {
    signal?.throwIfAborted();
    signal?.addEventListener("abort", onAbort, { once: true });
    for await (const chunk of source) {
      const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
      if (total + buffer.length > maxBytes) throw new InbandOverflowError(maxBytes);
      chunks.push(buffer);
      total += buffer.length;
    }
    return Buffer.concat(chunks, total);
  } catch (err) {
    if (signal?.aborted && !(err instanceof InbandOverflowError)) throw new EngineError("The call was cancelled.");
    throw err;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    source.destroy();
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The most bytes an in-band tar input may decode to: 32 MiB, as for in-band outputs. */
export const INBAND_INPUT_MAX_BYTES = DEFAULT_MAX_BYTES;

/** What base64 text of this length (whitespace removed) decodes to, from the length and padding alone. */
function decodedLength(compact: string): number {
  const padding = compact.endsWith("==") ? 2 : compact.endsWith("=") ? 1 : 0;
  return Math.floor((compact.length * 3) / 4) - padding;
}

/**
 * Decodes an in-band tar input, refusing it from its length alone — before any decoding — when it would decode to
 * more than INBAND_INPUT_MAX_BYTES. `instead` says what to do with a larger archive.
 */
export function decodeInbandTar(text: string, parameter: string, instead: string): Buffer {
  const compact = text.replace(/\s+/g, "");
  const bytes = decodedLength(compact);
  if (bytes > INBAND_INPUT_MAX_BYTES) {
    throw new EngineError(
      `${parameter} decodes to ${bytes} bytes, over the in-band limit of ${INBAND_INPUT_MAX_BYTES} bytes (32 MiB); nothing was sent. ${instead}`,
    );
  }
  return decodeBase64(compact, parameter);
}

/** Decodes standard base64 (whitespace ignored); anything else is a clear error naming the parameter. */
export function decodeBase64(text: string, parameter = "data"): Buffer {
  const compact = text.replace(/\s+/g, "");
  if (!BASE64.test(compact) || compact.length % 4 === 1 || (compact.includes("=") && compact.length % 4 !== 0)) {
    throw new EngineError(
      `${parameter} is not valid base64. Send the tar archive's bytes base64-encoded (standard alphabet, e.g. \`base64 -w0 file.tar\`).`,
    );
  }
  return Buffer.from(compact, "base64");
}

export function encodeBase64(bytes: Buffer): string {
  return bytes.toString("base64");
}

/**
 * Marks a tool result that carries an in-band payload: it is already bounded by `max_bytes`, and cutting base64 at
 * the 64 KiB text cap would only corrupt it, so the renderer passes it through whole.
 */
export class InbandResult {
  constructor(readonly value: unknown) {}
}
