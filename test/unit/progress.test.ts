import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { BuildTracker } from "../../src/engine/build-progress.js";
import { decodeBuildkitTrace } from "../../src/engine/buildkit-trace.js";
import { consumeJsonStream, LineTail, StreamFailure, TransferTracker } from "../../src/engine/progress.js";

function streamOf(...chunks: string[]): PassThrough {
  const stream = new PassThrough();
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  return stream;
}

// A tiny protobuf encoder for building trace payloads in tests (varint keys, length-delimited fields).
function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}
function field(num: number, payload: Uint8Array | string): number[] {
  const bytes = typeof payload === "string" ? Buffer.from(payload) : payload;
  return [...varint(num * 8 + 2), ...varint(bytes.length), ...bytes];
}
const timestamp = Uint8Array.from([8, 1]);

describe("consumeJsonStream", () => {
  it("parses lines split across chunks and fails on an error line after the stream ends", async () => {
    const seen: unknown[] = [];
    const stream = streamOf(
      '{"status":"a"}\n{"sta',
      'tus":"b"}\n',
      '{"errorDetail":{"message":"boom"},"error":"boom"}\n',
    );
    await expect(consumeJsonStream(stream, (m) => seen.push(m))).rejects.toThrow(StreamFailure);
    expect(seen).toHaveLength(3);
    expect(stream.destroyed).toBe(true);
  });

  it("ignores non-JSON lines and resolves without an error line", async () => {
    const seen: unknown[] = [];
    await consumeJsonStream(streamOf("garbage\n", '{"status":"ok"}'), (m) => seen.push(m));
    expect(seen).toEqual([{ status: "ok" }]);
  });

  it("rejects with an AbortError when cancelled", async () => {
    const stream = new PassThrough();
    const controller = new AbortController();
    const pending = consumeJsonStream(stream, () => undefined, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(stream.destroyed).toBe(true);
  });
});

describe("consumeJsonStream edge cases", () => {
  it("keeps a multi-byte character split across chunks intact", async () => {
    const bytes = Buffer.from('{"stream":"caf\u00e9 \u2713"}\n');
    const cut = bytes.indexOf(0xa9); // inside the two-byte "é"
    const stream = new PassThrough();
    stream.write(bytes.subarray(0, cut));
    stream.write(bytes.subarray(cut));
    stream.end();
    const seen: unknown[] = [];
    await consumeJsonStream(stream, (m) => seen.push(m));
    expect(seen).toEqual([{ stream: "caf\u00e9 \u2713" }]);
  });

  it("fails on an error line too long to parse, and skips other over-long lines", async () => {
    // Sent in 64 KiB chunks, as a socket delivers it, so the line outgrows the buffer before its newline arrives.
    const chunked = (line: string) => Readable.from([...(line.match(/[\s\S]{1,65536}/g) ?? []), '{"status":"ok"}\n']);
    const huge = "x".repeat(2 * 1024 * 1024);
    const seen: unknown[] = [];
    await consumeJsonStream(chunked(`{"stream":"${huge}"}\n`), (m) => seen.push(m));
    expect(seen).toEqual([{ status: "ok" }]);
    await expect(
      consumeJsonStream(chunked(`{"errorDetail":{"message":"${huge}"}}\n`), () => undefined),
    ).rejects.toThrow(/error line over 1 MiB/);
  });

  it("treats a stream that closes without ending as a failure, not a success", async () => {
    const stream = new PassThrough();
    const pending = consumeJsonStream(stream, () => undefined);
    stream.write('{"status":"Downloading"}\n');
    stream.destroy();
    await expect(pending).rejects.toThrow(StreamFailure);
    await expect(pending).rejects.toThrow("closed before the operation finished");
  });
});

describe("TransferTracker", () => {
  it("counts layers, finds the digest and reports transitions but throttles byte ticks", () => {
    const messages: string[] = [];
    const tracker = new TransferTracker((m) => messages.push(m));
    const layer = "a1b2c3d4e5f6";
    tracker.accept({ status: "Pulling from team/app", id: "1.0" });
    tracker.accept({ status: "Pulling fs layer", id: layer });
    for (let i = 0; i < 50; i++)
      tracker.accept({ status: "Downloading", id: layer, progressDetail: { current: i, total: 50 } });
    tracker.accept({ status: "Pull complete", id: layer });
    tracker.accept({ status: "Already exists", id: "ffffffffffff" });
    tracker.accept({ status: `Digest: sha256:${"a".repeat(64)}` });
    tracker.accept({ status: "Status: Downloaded newer image for team/app:1.0" });
    const summary = tracker.summary();
    expect(summary).toMatchObject({
      digest: `sha256:${"a".repeat(64)}`,
      status: "Downloaded newer image for team/app:1.0",
      layers: 2,
      layers_reused: 1,
    });
    expect(messages.length).toBeLessThan(10);
    expect(messages).toContain(`${layer}: Pull complete (1/1 layers done)`);
  });

  it("reads a push's aux digest and size", () => {
    const tracker = new TransferTracker(() => undefined);
    tracker.accept({ status: "Pushed", id: "0123456789ab" });
    tracker.accept({ aux: { Tag: "1", Digest: `sha256:${"b".repeat(64)}`, Size: 527 } });
    expect(tracker.summary()).toMatchObject({ digest: `sha256:${"b".repeat(64)}`, size: 527, layers: 1 });
  });
});

describe("BuildKit trace decoding", () => {
  it("decodes a real trace payload from Engine 20.10", () => {
    const status = decodeBuildkitTrace(
      "CqMBCkdzaGEyNTY6ZjM5MmYxZDg5MTJlMDI2Nzk2ZjJjNmVjZjgxZWEzM2Q4Mjg4ZTk5OGU1ODAwNWQ4MzI5MGU1NmYxNGM4YjFiYxJHc2hhMjU2OmRjNzMzNWE3M2M2YzgwZmE2MWU3ODQ3Y2ZkY2RmMDIxYTRmNzgzZDBjY2MyYzgzZTBlMGJlYjVlNDcwYTE1NWQaD2NvcHkgL2NvbnRleHQgLw==",
    );
    expect(status.vertexes).toHaveLength(1);
    expect(status.vertexes[0]).toMatchObject({ name: "copy /context /", started: false, error: "" });
    expect(status.vertexes[0]?.digest).toMatch(/^sha256:f392/);
  });

  it("decodes vertexes, logs and warnings; garbage gives an empty status", () => {
    const vertex = [
      ...field(1, "sha256:v1"),
      ...field(3, "[2/3] RUN make"),
      ...field(5, timestamp),
      ...field(7, "exit code: 2"),
    ];
    const log = [...field(1, "sha256:v1"), ...field(4, "compiling\nfailed\n")];
    const warning = [...field(1, "sha256:v1"), ...field(3, "legacy key/value format")];
    const payload = Buffer.from([
      ...field(1, Uint8Array.from(vertex)),
      ...field(3, Uint8Array.from(log)),
      ...field(4, Uint8Array.from(warning)),
    ]);
    const status = decodeBuildkitTrace(payload.toString("base64"));
    expect(status.vertexes[0]).toMatchObject({
      name: "[2/3] RUN make",
      started: true,
      completed: false,
      error: "exit code: 2",
    });
    expect(status.logs[0]).toEqual({ vertex: "sha256:v1", text: "compiling\nfailed\n" });
    expect(status.warnings).toEqual(["legacy key/value format"]);
    expect(decodeBuildkitTrace("!!!not base64")).toEqual({ vertexes: [], logs: [], warnings: [] });
  });
});

describe("BuildTracker", () => {
  it("follows a classic build: steps, cache, id", () => {
    const messages: string[] = [];
    const tracker = new BuildTracker((m) => messages.push(m));
    tracker.accept({ stream: "Step 1/2 : FROM busybox:local\n" });
    tracker.accept({ stream: " ---> Using cache\n" });
    tracker.accept({ stream: "Step 2/2 : RUN true\n" });
    tracker.accept({ aux: { ID: "sha256:abc" } });
    expect(tracker.summary()).toMatchObject({ id: "sha256:abc", steps: 2, cached_steps: 1, error: undefined });
    expect(messages).toEqual(["Step 1/2: FROM busybox:local", "Step 2/2: RUN true"]);
  });

  it("follows a BuildKit build: step names, the failing step's error and its log", () => {
    const tracker = new BuildTracker(() => undefined);
    const vertex = Uint8Array.from([...field(1, "sha256:v2"), ...field(3, "[2/2] RUN exit 3"), ...field(5, timestamp)]);
    const failed = Uint8Array.from([
      ...field(1, "sha256:v2"),
      ...field(3, "[2/2] RUN exit 3"),
      ...field(7, "exit code: 3"),
    ]);
    const log = Uint8Array.from([...field(1, "sha256:v2"), ...field(4, "about to fail\n")]);
    const trace = (bytes: number[]) => ({ id: "moby.buildkit.trace", aux: Buffer.from(bytes).toString("base64") });
    tracker.accept(trace(field(1, vertex)));
    tracker.accept(trace(field(3, log)));
    tracker.accept(trace(field(1, failed)));
    tracker.accept({ errorDetail: { message: "executor failed" }, error: "executor failed" });
    const summary = tracker.summary();
    expect(summary.steps).toBe(1);
    expect(summary.error).toBe("[2/2] RUN exit 3: exit code: 3");
    expect(summary.log_tail).toEqual(["[2/2] about to fail"]);
  });
});

describe("LineTail", () => {
  it("keeps only the last lines, each cut to width", () => {
    const tail = new LineTail(2, 5);
    tail.push("one\ntwo\nthree-long\n");
    expect(tail.get()).toEqual(["two", "three…"]);
  });
});
