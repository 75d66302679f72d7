import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  checkMaxBytes,
  collectBytes,
  DEFAULT_MAX_BYTES,
  decodeBase64,
  decodeInbandTar,
  encodeBase64,
  INBAND_INPUT_MAX_BYTES,
} from "../../src/engine/inband.js";

function chunked(...sizes: number[]): Readable & { destroyedCalls: number } {
  const stream = Readable.from(sizes.map((size, i) => Buffer.alloc(size, 97 + i))) as Readable & {
    destroyedCalls: number;
  };
  stream.destroyedCalls = 0;
  const destroy = stream.destroy.bind(stream);
  stream.destroy = (err?: Error) => {
    stream.destroyedCalls += 1;
    return destroy(err);
  };
  return stream;
}

describe("in-band accumulation", () => {
  it("defaults to 32 MiB", () => expect(DEFAULT_MAX_BYTES).toBe(33_554_432));

  it("returns every byte and closes the source", async () => {
    const source = chunked(3, 4);
    const bytes = await collectBytes(source, 100);
    expect(bytes.toString()).toBe("aaabbbb");
    expect(source.destroyed).toBe(true);
  });

  it("allows a total exactly equal to max_bytes", async () => {
    expect((await collectBytes(chunked(5, 5), 10)).length).toBe(10);
  });

  it("fails before appending the chunk that would exceed, and closes the source", async () => {
    const source = chunked(5, 5, 1);
    await expect(collectBytes(source, 10)).rejects.toThrow("exceeded max_bytes=10");
    expect(source.destroyed).toBe(true);
  });

  it("max_bytes=0 allows only an empty stream", async () => {
    expect((await collectBytes(chunked(), 0)).length).toBe(0);
    await expect(collectBytes(chunked(1), 0)).rejects.toThrow("exceeded max_bytes=0");
  });

  it("rejects a negative max_bytes before reading", async () => {
    const source = chunked(1);
    await expect(collectBytes(source, -1)).rejects.toThrow("max_bytes must be non-negative");
    expect(() => checkMaxBytes(-5)).toThrow("max_bytes must be non-negative");
  });

  it("closes the source when the call is cancelled", async () => {
    const controller = new AbortController();
    const source = new Readable({ read() {} });
    const pending = collectBytes(source, 100, controller.signal);
    source.push(Buffer.from("x"));
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toThrow("cancelled");
    expect(source.destroyed).toBe(true);
  });
});

describe("base64 inputs", () => {
  it("round-trips binary bytes", () => {
    const bytes = Buffer.from([0, 255, 1, 254, 10, 13]);
    expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
    expect(decodeBase64("aGVs\nbG8=")).toEqual(Buffer.from("hello"));
  });

  it("rejects text that is not base64, naming the parameter", () => {
    expect(() => decodeBase64("not base64!", "data")).toThrow("data is not valid base64");
    expect(() => decodeBase64("abc=d")).toThrow("not valid base64");
    expect(() => decodeBase64("a")).toThrow("not valid base64");
  });
});

describe("in-band tar inputs", () => {
  const limit = INBAND_INPUT_MAX_BYTES;

  it("accepts exactly the limit (whitespace aside) and refuses one byte more, from the length alone", () => {
    const atLimit = Buffer.alloc(limit, 7).toString("base64");
    expect(decodeInbandTar(`${atLimit} \r\n`, "data", "Use from_file.").length).toBe(limit);
    // The last group (2 bytes, padded) made a full 3: one byte over. "!" is not base64: only the length can refuse it.
    expect(() => decodeInbandTar(`${atLimit.slice(0, -4)}!!!!`, "data", "Use from_file.")).toThrow(
      `data decodes to ${limit + 1} bytes, over the in-band limit of ${limit} bytes (32 MiB); nothing was sent. Use from_file.`,
    );
    expect(decodeInbandTar("aGVs\nbG8=", "data", "")).toEqual(Buffer.from("hello"));
    expect(() => decodeInbandTar("%%%%", "data", "")).toThrow("data is not valid base64");
  });
});
