// The test bed's facts (scripts/testbed.sh writes them to $DMCP_TESTBED_DIR/env). Integration tests need it up:
// a missing test bed is a failure, never a skip.

import { readFileSync } from "node:fs";
import { join } from "node:path";

export const TESTBED_DIR = process.env.DMCP_TESTBED_DIR ?? "/var/lib/dmcp-testbed";

let cached: Record<string, string> | undefined;

export function testbed(): Record<string, string> {
  if (cached) return cached;
  let text: string;
  try {
    text = readFileSync(join(TESTBED_DIR, "env"), "utf8");
  } catch {
    throw new Error(`The test bed is not up (no ${join(TESTBED_DIR, "env")}): run scripts/testbed.sh first.`);
  }
  const env: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match?.[1]) env[match[1]] = (match[2] ?? "").replace(/^"(.*)"$/, "$1");
  }
  cached = env;
  return env;
}

export function tb(name: string): string {
  const value = testbed()[name];
  if (value === undefined) throw new Error(`The test bed env has no ${name}; re-run scripts/testbed.sh.`);
  return value;
}
