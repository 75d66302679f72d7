// The one bounded reader behind events, logs and progress streams: our own bounds end it normally, a stream that
// closes or fails before its end is an error.

import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { readBounded } from "../../src/engine/bounded-read.js";
import { EngineError, StreamEndedEarlyError } from "../../src/engine/errors.js";
import { LineSplitter } from "../../src/engine/ndjson.js";
import { collectJsonLines } from "../../src/engine/streams.js";

const collect = (chunks: Buffer[]) => (chunk: Buffer) => {
  chunks.push(chunk);
  return false;
};

describe("readBounded", () => {
  it("reads to a proper end and destroys the stream", async () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    const pending = readBounded(stream, collect(chunks));
    stream.write("a");
    stream.end("b");
    expect(await pending).toBe("end");
    expect(Buffer.concat(chunks).toString()).toBe("ab");
    expect(stream.destroyed).toBe(true);
  });

  it("stops when the consumer has enough", async () => {
    const stream = new PassThrough();
    const pending = readBounded(stream, () => true);
    stream.write("x");
    expect(await pending).toBe("enough");
    expect(stream.destroyed).toBe(true);
  });

  it("stops at its time bound and on cancellation, both normal outcomes", async () => {
    expect(await readBounded(new PassThrough(), () => false, { timeoutMs: 30 })).toBe("timeout");
    const controller = new AbortController();
    const stream = new PassThrough();
    const pending = readBounded(stream, () => false, { signal: controller.signal });
    controller.abort();
    expect(await pending).toBe("cancelled");
    expect(stream.destroyed).toBe(true);
    expect(await readBounded(new PassThrough(), () => false, { signal: AbortSignal.abort() })).toBe("cancelled");
  });

  it("rejects a stream that closes before its end", async () => {
    const stream = new PassThrough();
    const pending = readBounded(stream, () => false);
    stream.write("partial");
    stream.destroy();
    await expect(pending).rejects.toThrow(StreamEndedEarlyError);
    await expect(pending).rejects.toThrow("closed before the operation finished");
  });

  it("rejects a stream that fails, keeping an engine error's own message", async () => {
    const reset = new PassThrough();
    const first = readBounded(reset, () => false);
    reset.destroy(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
    await expect(first).rejects.toThrow(StreamEndedEarlyError);
    await expect(first).rejects.toThrow("(aborted)");

    const named = new PassThrough();
    const second = readBounded(named, () => false);
    named.destroy(new EngineError("host 'a' closed the connection"));
    await expect(second).rejects.toThrow("host 'a' closed the connection");
  });

  it("settles at once for a stream that was already over", async () => {
    const ended = new PassThrough();
    ended.resume();
    ended.end();
    await new Promise((resolve) => ended.once("end", resolve));
    expect(await readBounded(ended, () => false)).toBe("end");
    const destroyed = new PassThrough();
    destroyed.destroy();
    await expect(readBounded(destroyed, () => false)).rejects.toThrow(StreamEndedEarlyError);
  });
});

describe("collectJsonLines", () => {
  it("returns what it has at the deadline, and stops at the limit", async () => {
    const quiet = new PassThrough();
    quiet.write('{"a":1}\n{"a":');
    expect(await collectJsonLines(quiet, { limit: 5, timeoutMs: 50 })).toEqual([{ a: 1 }]);
    const busy = new PassThrough();
    busy.write('{"n":1}\n{"n":2}\n{"n":3}\n');
    expect(await collectJsonLines(busy, { limit: 2, timeoutMs: 5000 })).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it("a stream the daemon ends is a result; one that is cut is an error", async () => {
    const ended = new PassThrough();
    ended.end('{"n":1}\n{"n":2}');
    expect(await collectJsonLines(ended, { limit: 10, timeoutMs: 5000 })).toEqual([{ n: 1 }, { n: 2 }]);
    const cut = new PassThrough();
    const pending = collectJsonLines(cut, { limit: 10, timeoutMs: 5000 });
    cut.write('{"n":1}\n');
    setTimeout(() => cut.destroy(), 10);
    await expect(pending).rejects.toThrow(StreamEndedEarlyError);
  });
});

describe("LineSplitter", () => {
  it("keeps a character split across chunks and drops an over-long line, reporting its head", () => {
    const lines: string[] = [];
    const heads: string[] = [];
    const splitter = new LineSplitter(
      (line) => lines.push(line),
      (head) => heads.push(head),
      8,
    );
    const euro = Buffer.from("€\n");
    splitter.push(euro.subarray(0, 1));
    splitter.push(euro.subarray(1));
    splitter.push("0123456789abc");
    splitter.push("def\nshort\nlast");
    splitter.end();
    expect(lines).toEqual(["€", "short", "last"]);
    expect(heads).toEqual(["0123456789abc"]);
  });
});
