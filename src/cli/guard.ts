// The flag-injection guard. No shell does not stop the CLI from parsing a value that
// starts with `-` as an option, so every value appended as a positional is checked; a value passed as a flag's value
// (`--tag <x>`) is not. The one deliberate exception, the trailing `command` of compose_run / compose_exec (the
// container's own argv), never goes through here.

import { CliError } from "./errors.js";

/** Returns `value` when it cannot be read as a flag; otherwise refuses before anything runs. */
export function positional(kind: string, value: string): string {
  if (value.startsWith("-")) {
    const why = value === "-" ? "(stdin/stdout streaming is not supported)" : "would be read as an option";
    throw new CliError(
      `Refused ${kind}=${JSON.stringify(value)}: it parses as a flag ${why}. A ${kind} cannot start with '-'; nothing was run.`,
    );
  }
  return value;
}

/** Each item of an optional list, guarded; null/undefined → []. */
export function positionals(kind: string, values: readonly string[] | null | undefined): string[] {
  return (values ?? []).map((value) => positional(kind, value));
}

/** A value embedded in a comma-separated `key=value` list (context_create --docker) must not add pairs of its own. */
export function noComma(kind: string, value: string): string {
  if (value.includes(",")) {
    throw new CliError(
      `Refused ${kind}=${JSON.stringify(value)}: a comma would inject extra key=value pairs into the endpoint spec. Nothing was run.`,
    );
  }
  return value;
}
