// Files the docker CLI will read on the caller's behalf (compose files, env files, Dockerfiles, bake and descriptor
// files) are checked before it runs, like every file the server reads itself: a regular file under a size cap. A
// device, FIFO or /proc file handed to the CLI would otherwise be read without end (compose reads an env file whole).

import { isAbsolute, resolve } from "node:path";
import { checkReadSource, type HostFileEnvironment } from "../engine/host-files.js";
import { openRegularFile } from "../engine/regular-file.js";
import { CliError } from "./errors.js";

/** Compose, env, Dockerfile and bake files are text: 16 MiB is far above any real one. */
const CLI_INPUT_MAX_BYTES = 16 * 1024 * 1024;

export interface CliInputFile {
  /** The parameter that named it, for messages. */
  readonly parameter: string;
  readonly path: string;
}

/** Checks each file, relative paths taken from `cwd` (the CLI's working directory) as the CLI will. */
export async function checkCliInputFiles(
  files: readonly CliInputFile[],
  env: HostFileEnvironment,
  cwd: string | undefined,
): Promise<void> {
  for (const { parameter, path } of files) {
    if (path === "-") {
      throw new CliError(`${parameter}='-' (stdin) is not supported: the server never forwards stdin. Pass a file.`);
    }
    // Remote inputs (a bake file or Dockerfile by URL) are the CLI's to fetch.
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) continue;
    const absolute = isAbsolute(path) ? path : resolve(cwd ?? process.cwd(), path);
    const limit = { parameter, maxBytes: CLI_INPUT_MAX_BYTES };
    await checkReadSource(absolute, env, limit);
    // Opened once, never read: the descriptor checks catch what a path's stat cannot (a /proc or /sys file).
    (await openRegularFile(absolute, limit)).stream.destroy();
  }
}
