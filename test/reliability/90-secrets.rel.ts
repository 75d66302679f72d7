// Last: every stdout and stderr byte any server of this run wrote (captured by the suite's transport) is searched for
// the test bed's secrets and every password a test passed. Reported by label only.

import { describe, expect, it } from "vitest";
import { figure } from "./support/figures.js";
import { runDir, runPath } from "./support/run.js";
import { notedSecrets, scanCaptures, testbedSecrets } from "./support/secrets.js";

describe("secrets", () => {
  it("no captured stdout or stderr of the run holds a password or key", () => {
    const secrets = [...testbedSecrets(), ...notedSecrets(runDir())];
    const result = scanCaptures(runPath("captures"), secrets);
    figure("secrets.hits", result.hits.length);
    figure("secrets.files", result.files);
    expect(
      secrets.some((s) => s.label === "REGISTRY_PASSWORD"),
      "the test bed's password is among the needles",
    ).toBe(true);
    expect(result.files, "capture files to scan").toBeGreaterThan(0);
    expect(result.hits.map((hit) => `${hit.label} in ${hit.file}`)).toEqual([]);
  });
});
