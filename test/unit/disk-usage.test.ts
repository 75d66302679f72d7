// system_df's kind rows from a df document: compact, largest first (unknown sizes last), cut at `limit`.

import { describe, expect, it } from "vitest";
import { kindUsage } from "../../src/tools/system/disk-usage.js";

const doc = {
  Volumes: [
    { Name: "small", Driver: "local", CreatedAt: "2026-01-01T00:00:00Z", UsageData: { Size: 10, RefCount: 0 } },
    { Name: "remote", Driver: "nfs", CreatedAt: "2026-01-02T00:00:00Z", UsageData: { Size: -1, RefCount: 2 } },
    { Name: "big", Driver: "local", CreatedAt: "2026-01-03T00:00:00Z", UsageData: { Size: 500, RefCount: 1 } },
  ],
  Images: [{ Id: "sha256:0123456789abcdef", RepoTags: ["a:1"], Size: 300, SharedSize: 100, Containers: 2, Created: 1 }],
  Containers: [{ Id: "fedcba9876543210", Names: ["/web"], Image: "a:1", SizeRw: 7, State: "running", Created: 2 }],
  BuildCache: null,
};

describe("kindUsage", () => {
  it("volumes: largest first, an uncomputed size (-1) is null and last, total and size over all", () => {
    expect(kindUsage(doc, "volumes", 20)).toEqual({
      kind: "volumes",
      total: 3,
      size_bytes: 510,
      rows: [
        { name: "big", size_bytes: 500, in_use_by: 1, driver: "local", created: "2026-01-03T00:00:00Z" },
        { name: "small", size_bytes: 10, in_use_by: 0, driver: "local", created: "2026-01-01T00:00:00Z" },
        { name: "remote", size_bytes: null, in_use_by: 2, driver: "nfs", created: "2026-01-02T00:00:00Z" },
      ],
    });
  });

  it("limit keeps the largest and counts what it left out", () => {
    const cut = kindUsage(doc, "volumes", 1);
    expect(cut.rows.map((row) => row.name)).toEqual(["big"]);
    expect(cut.omitted).toBe(2);
    expect(cut.size_bytes).toBe(510);
  });

  it("images and containers: short ids, unique size, users, ISO dates; an absent kind is empty", () => {
    expect(kindUsage(doc, "images", 5).rows).toEqual([
      {
        id: "0123456789ab",
        tags: ["a:1"],
        size_bytes: 300,
        unique_bytes: 200,
        in_use_by: 2,
        created: "1970-01-01T00:00:01.000Z",
      },
    ]);
    expect(kindUsage(doc, "containers", 5).rows).toEqual([
      {
        id: "fedcba987654",
        name: "web",
        size_bytes: 7,
        image: "a:1",
        state: "running",
        created: "1970-01-01T00:00:02.000Z",
      },
    ]);
    expect(kindUsage(doc, "build_cache", 5)).toEqual({ kind: "build_cache", total: 0, size_bytes: 0, rows: [] });
  });
});
