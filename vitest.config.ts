import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Greps everything the run's servers wrote for the test secrets when the run ends (test/support/secret-watch.ts).
    globalSetup: ["test/support/secret-watch.global.ts"],
    // Two cores and shared engines: keep parallelism modest and give daemon calls time.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default"],
  },
});
