// The end-of-run secret watch's grep (test/support/secret-watch.global.ts): it must find a planted secret and a
// malformed audit line, or the whole-run check could pass by finding nothing.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { inspectWatch } from "../support/secret-watch.global.js";

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the secret watch", () => {
  it("names the file that holds a registered or extra secret, and a non-JSON audit line, without printing them", () => {
    dir = mkdtempSync(join(tmpdir(), "dmcp-watch-test-"));
    writeFileSync(join(dir, "secrets"), "pw-planted-123\nshort\n");
    writeFileSync(join(dir, "transcript-1.log"), '{"result":"DB_PASSWORD=pw-planted-123"}\n');
    writeFileSync(join(dir, "transcript-2.log"), "registry password hunter-registry\n");
    writeFileSync(join(dir, "audit-1.jsonl"), '{"tool":"container_remove","outcome":"ok"}\nnot json\n');
    const found = inspectWatch(dir, ["hunter-registry"]);
    expect(found.transcripts).toBe(2);
    expect(found.auditLines).toBe(2);
    expect(found.problems).toEqual([
      expect.stringMatching(/^audit-1\.jsonl: not JSON/),
      "transcript-1.log holds the secret pw-p…",
      "transcript-2.log holds the secret hunt…",
    ]);
    expect(found.problems.join("\n")).not.toContain("pw-planted-123");
  });

  it("finds nothing in clean transcripts and well-formed audit lines", () => {
    dir = mkdtempSync(join(tmpdir(), "dmcp-watch-test-"));
    writeFileSync(join(dir, "secrets"), "pw-planted-123\n");
    writeFileSync(join(dir, "transcript-1.log"), "DB_PASSWORD=***redacted (DB_PASSWORD)***\n");
    writeFileSync(join(dir, "audit-1.jsonl"), '{"tool":"volume_prune","outcome":"not_performed"}\n');
    expect(inspectWatch(dir).problems).toEqual([]);
  });
});
