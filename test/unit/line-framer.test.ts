import { describe, expect, it } from "vitest";
import { type Frame, KEPT_EDGE_BYTES, LineFramer } from "../../src/server/line-framer.js";

function frames(framer: LineFramer, ...chunks: string[]): Frame[] {
  const out: Frame[] = [];
  for (const chunk of chunks) framer.push(Buffer.from(chunk), (frame) => out.push(frame));
  return out;
}

const lines = (out: Frame[]) => out.map((frame) => (frame.kind === "line" ? frame.bytes.toString() : frame.kind));

describe("LineFramer", () => {
  it("splits on newlines across chunk boundaries, keeping empty lines and a final partial line", () => {
    const framer = new LineFramer(100);
    expect(lines(frames(framer, '{"a"', ':1}\n\n{"b":2}\n{"c"'))).toEqual(['{"a":1}', "", '{"b":2}']);
    expect(lines(frames(framer, ":3}\n"))).toEqual(['{"c":3}']);
  });

  it("a line of exactly the cap passes; one byte more is oversized, and the next line is whole", () => {
    const framer = new LineFramer(10);
    expect(lines(frames(framer, "0123456789\n"))).toEqual(["0123456789"]);
    const out = frames(framer, "01234", "567890", "\nnext\n");
    expect(out[0]).toMatchObject({ kind: "oversized", size: 11 });
    expect(lines(out.slice(1))).toEqual(["next"]);
  });

  it("keeps only the edges of an oversized line, however long it grows", () => {
    const framer = new LineFramer(1024);
    const out: Frame[] = [];
    framer.push(Buffer.from(`HEAD${"x".repeat(5000)}`), (frame) => out.push(frame));
    for (let i = 0; i < 200; i++) framer.push(Buffer.alloc(64 * 1024, "y"), (frame) => out.push(frame));
    framer.push(Buffer.from("TAIL\n"), (frame) => out.push(frame));
    const frame = out[0];
    if (frame?.kind !== "oversized") throw new Error("expected an oversized frame");
    expect(frame.size).toBe(4 + 5000 + 200 * 64 * 1024 + 4);
    expect(frame.head.length).toBe(KEPT_EDGE_BYTES);
    expect(frame.head.subarray(0, 4).toString()).toBe("HEAD");
    expect(frame.tail.length).toBe(KEPT_EDGE_BYTES);
    expect(frame.tail.subarray(-4).toString()).toBe("TAIL");
  });

  it("reset drops a partial line", () => {
    const framer = new LineFramer(100);
    frames(framer, "partial");
    framer.reset();
    expect(lines(frames(framer, "whole\n"))).toEqual(["whole"]);
  });
});
