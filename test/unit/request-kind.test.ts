// Which requests only need their first byte in time (streams, long polls, uploads) and which must finish in time.

import { describe, expect, it } from "vitest";
import { describeRequest, requestDeadline } from "../../src/engine/request-kind.js";

const firstByte = (method: string, path: string, upgrade = false) =>
  requestDeadline(method, path, upgrade, 60_000).firstByteOnly;

describe("requestDeadline", () => {
  it("gives streams and long polls a first-byte deadline", () => {
    for (const [method, path] of [
      ["GET", "/events?since=1"],
      ["GET", "/containers/abc/logs?follow=1&stdout=1"],
      ["GET", "/containers/abc/stats?stream=true"],
      ["GET", "/containers/abc/export"],
      ["GET", "/containers/abc/archive?path=%2Fetc"],
      ["PUT", "/containers/abc/archive?path=%2Ftmp"],
      ["POST", "/containers/abc/wait?condition=not-running"],
      ["POST", "/containers/abc/attach?stream=1"],
      ["POST", "/exec/123/start"],
      ["POST", "/images/create?fromImage=busybox"],
      ["POST", "/images/localhost:5000/team/svc/push?tag=1"],
      ["POST", "/images/load?quiet=1"],
      ["GET", "/images/get?names=a"],
      ["GET", "/images/sha256%3Aabc/get"],
      ["POST", "/build?t=x"],
      ["POST", "/session"],
      ["GET", "/v1.41/events"],
    ] as const) {
      expect(firstByte(method, path), `${method} ${path}`).toBe(true);
    }
  });

  it("any request asking for a protocol upgrade is a stream", () => {
    expect(firstByte("POST", "/anything", true)).toBe(true);
  });

  it("everything else must be answered whole, including same-named paths with other methods", () => {
    for (const [method, path] of [
      ["GET", "/_ping"],
      ["GET", "/version"],
      ["GET", "/containers/abc/json"],
      ["HEAD", "/containers/abc/archive?path=%2Fetc"],
      ["DELETE", "/images/team/push"],
      ["GET", "/images/get/json"],
      ["POST", "/containers/create?name=x"],
      ["POST", "/images/prune"],
    ] as const) {
      expect(firstByte(method, path), `${method} ${path}`).toBe(false);
    }
  });

  it("gives stop and restart their grace period on top", () => {
    expect(requestDeadline("POST", "/containers/abc/stop?t=30", false, 60_000)).toEqual({
      firstByteOnly: false,
      ms: 90_000,
    });
    expect(requestDeadline("POST", "/v1.45/containers/abc/restart", false, 2000).ms).toBe(12_000);
    expect(requestDeadline("POST", "/containers/abc/stop?t=-1", false, 2000).ms).toBe(Number.POSITIVE_INFINITY);
    expect(requestDeadline("POST", "/containers/abc/kill", false, 2000).ms).toBe(2000);
  });

  it("describes a request without its version prefix or query", () => {
    expect(describeRequest("get", "/v1.41/containers/abc/logs?follow=1")).toBe("GET /containers/abc/logs");
  });
});
