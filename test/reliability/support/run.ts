// The run's identity and scratch directory, handed to every test file by the global setup (vitest provide/inject).

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    relRunDir: string;
    relRunId: string;
  }
}

/** Label key put on every object the suite creates on an engine, value = the run id. */
export const RUN_LABEL = "dmcp-rel.run";

export function runId(): string {
  return inject("relRunId");
}

/** `dmcp-rel-<run id>`: in the name of every object this run creates, so a leak is attributable. */
export function marker(): string {
  return `dmcp-rel-${runId()}`;
}

export function runDir(): string {
  return inject("relRunDir");
}

/** A directory under the run directory (created). */
export function runPath(...parts: string[]): string {
  const path = join(inject("relRunDir"), ...parts);
  mkdirSync(path, { recursive: true });
  return path;
}
