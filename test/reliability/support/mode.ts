// Short and full mode: one place that says how much work each part of the suite does.
// RELIABILITY_SHORT=1 is the CI mode (under 3 minutes on the 2-core test machine).

const truthy = /^(1|true|yes|on)$/i;

export const SHORT = truthy.test(process.env.RELIABILITY_SHORT ?? "");

export const budget = {
  /** Malformed argument sets per tool (the brief asks for at least 50). */
  fuzzCasesPerTool: SHORT ? 50 : 140,
  /** A fuzz call with no answer by then counts as a hang (and is cancelled). */
  fuzzCallTimeoutMs: SHORT ? 8_000 : 15_000,
  /** Fuzz calls in flight at once on one server (special-file cases always run alone). */
  fuzzConcurrency: 8,
  /** The "huge string" value. Both sizes are far above the error cap. */
  hugeStringBytes: SHORT ? 256 * 1024 : 1024 * 1024,
  /** Load: calls measured after the warm-up. */
  loadCalls: SHORT ? 4_000 : 10_000,
  /** The warm-up lasts this many major collections (RSS drops), at most the cap in calls. */
  loadWarmupCollections: SHORT ? 1 : 2,
  loadWarmupMaxCalls: SHORT ? 9_000 : 24_000,
  loadInFlight: 32,
} as const;

/** Fixed limits the assertions use (the same in both modes). */
export const limits = {
  /** Largest acceptable error text, in UTF-8 bytes. */
  errorCapBytes: 8 * 1024,
  /** The deadline the server is told to apply to daemon requests (DOCKER_MCP_SERVER_REQUEST_TIMEOUT, seconds). */
  requestTimeoutSeconds: 3,
  /** A call against a broken daemon must be answered within this. */
  answerWithinMs: 15_000,
  /** A call against a hanging registry must be answered within this (the registry client's own limit is 30 s). */
  registryAnswerWithinMs: 60_000,
  /** A server above this resident size is killed by the suite's watchdog (a runaway read must not starve the box). */
  rssKillBytes: 1024 * 1024 * 1024,
  /** The RSS peak during the load may exceed the warm-up's last peak by at most this fraction. */
  rssGrowth: 0.1,
} as const;
