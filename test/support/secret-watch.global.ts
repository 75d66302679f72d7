// vitest globalSetup: makes the run's watch directory (secret-watch.ts) and, when the run ends, greps everything the
// spawned servers wrote — transcripts and audit lines — for every registered secret and the test bed's registry
// password. A hit, or an audit line that is not one JSON object, fails the run (the files are kept to look at).

import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WATCH_DIR_ENV } from "./secret-watch.js";
import { testbed } from "./testbed.js";

export interface WatchFindings {
  readonly transcripts: number;
  readonly auditLines: number;
  readonly problems: string[];
}

/** What the watch directory shows: leaked secrets (named by file and a prefix, never printed whole), bad audit lines. */
export function inspectWatch(dir: string, extraSecrets: readonly string[] = []): WatchFindings {
  const names = readdirSync(dir);
  const registered = names.includes("secrets") ? readFileSync(join(dir, "secrets"), "utf8").split("\n") : [];
  const secrets = [...new Set([...registered, ...extraSecrets].filter((secret) => secret.length >= 6))];
  const problems: string[] = [];
  let transcripts = 0;
  let auditLines = 0;
  for (const name of names) {
    if (name === "secrets") continue;
    const text = readFileSync(join(dir, name), "utf8");
    if (name.startsWith("transcript-")) transcripts += 1;
    if (name.startsWith("audit-")) {
      for (const line of text.split("\n")) {
        if (line === "") continue;
        auditLines += 1;
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          if (typeof entry.tool !== "string" || typeof entry.outcome !== "string") problems.push(`${name}: ${line}`);
        } catch {
          problems.push(`${name}: not JSON: ${line.slice(0, 200)}`);
        }
      }
    }
    for (const secret of secrets) {
      if (text.includes(secret)) problems.push(`${name} holds the secret ${secret.slice(0, 4)}…`);
    }
  }
  return { transcripts, auditLines, problems };
}

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "dmcp-secret-watch-"));
  process.env[WATCH_DIR_ENV] = dir;
  return () => {
    let registryPassword: string[] = [];
    try {
      registryPassword = [testbed().REGISTRY_PASSWORD ?? ""];
    } catch {
      // no test bed: unit-only runs
    }
    const found = inspectWatch(dir, registryPassword);
    if (found.problems.length > 0) {
      // vitest reports an error thrown here but still exits 0: the run's exit code is set on the way out too.
      process.on("exit", () => {
        process.exitCode = 1;
      });
      throw new Error(
        `The secret watch found ${found.problems.length} problem(s) in what the servers of this run wrote (kept in ${dir}):\n${found.problems.slice(0, 20).join("\n")}`,
      );
    }
    process.stderr.write(
      `secret watch: ${found.transcripts} server transcripts and ${found.auditLines} audit lines hold no test secret\n`,
    );
    rmSync(dir, { recursive: true, force: true });
  };
}
