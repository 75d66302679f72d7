// A docker CLI failure the caller can act on: missing binary or plugin, a refused argument, a timeout, a
// cancellation, an SSH connect failure, or a parsed-query command that exited non-zero.

import { CallerError } from "../base/errors.js";

export class CliError extends CallerError {
  override name = "CliError";
}
