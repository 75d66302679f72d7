// The working directory a CLI tool runs in (stack deploy's cwd), checked before anything runs: a missing one would
// otherwise surface as spawn's ENOENT, which reads like a missing docker binary.

import { statSync } from "node:fs";
import { CliError } from "./errors.js";

/** `dir` verbatim when it is a directory on the server's machine; null/undefined/"" → undefined (the server's cwd). */
export function workingDir(parameter: string, dir: string | null | undefined): string | undefined {
  if (dir === null || dir === undefined || dir === "") return undefined;
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    throw new CliError(
      `${parameter} ${JSON.stringify(dir)} is not a directory on the server's machine. Pass an existing directory (paths are taken verbatim: no ~ expansion); nothing was run.`,
    );
  }
  return dir;
}
