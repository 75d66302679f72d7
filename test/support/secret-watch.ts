// The whole test run's secret watch (test/support/secret-watch.global.ts checks it when the run ends): secrets the
// server must never show are registered here, and every server the harness spawns leaves its transcript (stdout
// messages, stderr) and its audit file in the run's watch directory. Outside a full run (no directory) it does nothing.

import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const WATCH_DIR_ENV = "DMCP_SECRET_WATCH_DIR";

const dir = (): string | undefined => process.env[WATCH_DIR_ENV] || undefined;
let files = 0;
const unique = () => `${process.pid}-${Date.now()}-${++files}`;

/** Registers a value no server may ever write (a password in a container's env, a registry password), and returns it. */
export function neverShown(secret: string): string {
  const where = dir();
  if (where && secret.length >= 6) appendFileSync(join(where, "secrets"), `${secret}\n`);
  return secret;
}

/** Keeps what one spawned server wrote, for the end-of-run grep. */
export function keepTranscript(text: string): void {
  const where = dir();
  if (where) writeFileSync(join(where, `transcript-${unique()}.log`), text);
}

/** Environment for a spawned server: an audit file of its own in the watch directory (every mutating call logged). */
export function auditEnv(): Record<string, string> {
  const where = dir();
  return where ? { DOCKER_MCP_SERVER_AUDIT: join(where, `audit-${unique()}.jsonl`) } : {};
}
