import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { EngineError, toEngineError } from "../../src/engine/errors.js";
import { pickFields } from "../../src/engine/fields.js";
import { collectJsonLines } from "../../src/engine/streams.js";
import { capText, RESULT_TEXT_CAP, renderResult } from "../../src/server/render.js";
import { summarizeDiskUsage } from "../../src/tools/system/index.js";

describe("result rendering", () => {
  it("renders compact JSON and strings verbatim, with structured output for data", () => {
    expect(renderResult({ a: 1 })).toEqual({
      content: [{ type: "text", text: '{"a":1}' }],
      structuredContent: { a: 1 },
    });
    expect(renderResult([1, 2]).structuredContent).toEqual({ result: [1, 2] });
    expect(renderResult("plain")).toEqual({ content: [{ type: "text", text: "plain" }] });
    expect(renderResult(true).structuredContent).toBeUndefined();
  });

  it("a cut result carries no structured output", () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({ id: i, name: "x".repeat(20) }));
    const result = renderResult(rows);
    expect(result.content[0]?.text).toContain("[truncated:");
    expect(result.structuredContent).toBeUndefined();
  });

  it("cuts text above 64 KiB with a note saying how to ask for less", () => {
    const big = "x".repeat(RESULT_TEXT_CAP + 10);
    const out = capText(big);
    expect(out.startsWith("x".repeat(1000))).toBe(true);
    expect(out).toContain(`showing the first ${RESULT_TEXT_CAP} of ${RESULT_TEXT_CAP + 10} bytes`);
    expect(out).toContain("fields");
    expect(capText("small")).toBe("small");
  });
});

describe("bounded NDJSON collection", () => {
  it("stops at the limit and destroys the stream", async () => {
    const stream = new PassThrough();
    const done = collectJsonLines(stream, { limit: 2, timeoutMs: 5000 });
    stream.write('{"a":1}\n{"a"');
    stream.write(':2}\n{"a":3}\n');
    expect(await done).toEqual([{ a: 1 }, { a: 2 }]);
    expect(stream.destroyed).toBe(true);
  });

  it("returns what it collected when the deadline passes", async () => {
    const stream = new PassThrough();
    const done = collectJsonLines(stream, { limit: 10, timeoutMs: 100 });
    stream.write('{"a":1}\n');
    expect(await done).toEqual([{ a: 1 }]);
  });

  it("stops on cancellation", async () => {
    const stream = new PassThrough();
    const controller = new AbortController();
    const done = collectJsonLines(stream, { limit: 10, timeoutMs: 60_000, signal: controller.signal });
    controller.abort();
    expect(await done).toEqual([]);
  });
});

describe("error mapping", () => {
  it("keeps the daemon's message and status", () => {
    const err = Object.assign(new Error("(HTTP code 404) no such container"), {
      statusCode: 404,
      json: { message: "No such container: x" },
    });
    const mapped = toEngineError(err, "a", "unix:///s");
    expect(mapped).toBeInstanceOf(EngineError);
    expect(mapped.message).toContain("No such container: x");
  });

  it("names the host and endpoint when the daemon cannot be reached", () => {
    const err = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    expect(toEngineError(err, "prod", "tcp://127.0.0.1:1").message).toContain(
      "Cannot reach the Docker daemon for host 'prod' at tcp://127.0.0.1:1",
    );
  });
});

describe("projection and disk usage", () => {
  it("picks dotted paths and maps missing ones to null", () => {
    expect(pickFields({ a: { b: 1 }, c: [1] }, ["a.b", "a.x", "c"])).toEqual({ "a.b": 1, "a.x": null, c: [1] });
  });

  it("summarises system df like the docker CLI", () => {
    const summary = summarizeDiskUsage({
      LayersSize: 1000,
      Images: [
        { Size: 600, SharedSize: 0, Containers: 1 },
        { Size: 400, SharedSize: 0, Containers: 0 },
      ],
      Containers: [
        { SizeRw: 10, State: "running" },
        { SizeRw: 5, State: "exited" },
      ],
      Volumes: [{ UsageData: { Size: 50, RefCount: 0 } }, { UsageData: { Size: -1, RefCount: 1 } }],
      BuildCache: null,
    });
    expect(summary.Images).toEqual({ total: 2, active: 1, size_bytes: 1000, reclaimable_bytes: 400 });
    expect(summary.Containers).toEqual({ total: 2, active: 1, size_bytes: 15, reclaimable_bytes: 5 });
    expect(summary.Volumes).toEqual({ total: 2, active: 1, size_bytes: 50, reclaimable_bytes: 50 });
    expect(summary.BuildCache.total).toBe(0);
  });
});
