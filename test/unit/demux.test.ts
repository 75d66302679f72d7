import { describe, expect, it } from "vitest";
import { demuxBuffer, FrameDemuxer, LineTail, type StreamKind, TailBuffer } from "../../src/engine/demux.js";

function frame(kind: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = kind;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe("frame demultiplexing", () => {
  it("splits stdout and stderr frames", () => {
    const { stdout, stderr } = demuxBuffer(Buffer.concat([frame(1, "out1\n"), frame(2, "err\n"), frame(1, "out2\n")]));
    expect(stdout.toString()).toBe("out1\nout2\n");
    expect(stderr.toString()).toBe("err\n");
  });

  it("handles headers and payloads split across arbitrary chunk boundaries", () => {
    const whole = Buffer.concat([frame(1, "hello world"), frame(2, "oops"), frame(1, "")]);
    for (let size = 1; size <= whole.length; size++) {
      const got: Array<[StreamKind, string]> = [];
      const demuxer = new FrameDemuxer((kind, payload) => got.push([kind, payload.toString()]));
      for (let i = 0; i < whole.length; i += size) demuxer.push(whole.subarray(i, i + size));
      demuxer.end();
      expect(
        got
          .filter(([k]) => k === "stdout")
          .map(([, t]) => t)
          .join(""),
      ).toBe("hello world");
      expect(
        got
          .filter(([k]) => k === "stderr")
          .map(([, t]) => t)
          .join(""),
      ).toBe("oops");
    }
  });

  it("passes a TTY (unframed) stream through as stdout", () => {
    const { stdout, stderr } = demuxBuffer(Buffer.from("plain tty output\n"));
    expect(stdout.toString()).toBe("plain tty output\n");
    expect(stderr.length).toBe(0);
  });
});

describe("bounded sinks", () => {
  it("TailBuffer keeps only the last bytes and counts the dropped ones", () => {
    const tail = new TailBuffer(5);
    for (const piece of ["abc", "defg", "hi"]) tail.write(Buffer.from(piece));
    expect(tail.text()).toBe("efghi");
    expect(tail.total).toBe(9);
    expect(tail.dropped).toBe(4);
  });

  it("LineTail keeps the last N lines and never mixes stdout and stderr", () => {
    const tail = new LineTail(2, 1000);
    tail.write("stdout", Buffer.from("one\ntw"));
    tail.write("stderr", Buffer.from("E1\n"));
    tail.write("stdout", Buffer.from("o\nthree"));
    expect(tail.finish()).toEqual(["two", "three"]);
    expect(tail.seen).toBe(4);
    expect(tail.cut).toBe(true);
  });

  it("LineTail stays within its byte budget even for one huge line", () => {
    const tail = new LineTail(10, 100);
    tail.write("stdout", Buffer.alloc(10_000, 120));
    tail.write("stdout", Buffer.from("\nlast\n"));
    const lines = tail.finish();
    expect(lines).toEqual(["last"]);
    expect(tail.cut).toBe(true);
  });
});
