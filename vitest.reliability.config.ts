// The reliability suite (npm run test:reliability): test/reliability/*.rel.ts, one file at a time in name order
// (fuzz before faults before load, the secrets scan last), never picked up by `npm test`.

import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

class NameOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}

export default defineConfig({
  test: {
    include: ["test/reliability/**/*.rel.ts"],
    globalSetup: ["test/reliability/support/global-setup.ts"],
    fileParallelism: false,
    maxWorkers: 1,
    maxConcurrency: 10,
    testTimeout: 120_000,
    hookTimeout: 600_000,
    sequence: { sequencer: NameOrder },
    reporters: ["default"],
  },
});
