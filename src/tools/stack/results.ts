// Compact results of stack deploy / rm: what changed, parsed from the CLI's own "Creating service web" lines, and
// the lines worth reading, without the convergence chatter `--detach=false` prints every few hundred milliseconds.
// The one refusal every stack tool shares, "not a swarm manager", reads as the swarm family's sentence.

import { actionResult } from "../../cli/results.js";
import type { CliResult } from "../../cli/runner.js";
import { NOT_MANAGER } from "../../engine/swarm.js";

// `Creating network app_default`, `Updating service app_web (id: 3f…)`, `Removing secret app_token`
const OBJECT_EVENT = /^(Creating|Updating|Removing) (network|service|secret|config) (.+?)(?: \(id: \w+\))?\s*$/;
const DONE: Readonly<Record<string, string>> = { Creating: "Created", Updating: "Updated", Removing: "Removed" };
// `overall progress: 1 out of 2 tasks`, `verify: Waiting 4 seconds to verify …`
const CHATTER = /^(overall progress: |verify: Waiting )/;
// `1/2: running   [====>  ]`: a task's state; worth reading only when the command failed.
const TASK_STATE = /^\d+\/\d+:(\s|$)/;
const NOT_A_MANAGER = /not a swarm manager/i;

/** A line naming an object the CLI is creating, updating or removing (always worth a progress notification). */
export function isObjectEvent(line: string): boolean {
  return OBJECT_EVENT.test(line.trim());
}

function lines(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line.trim().length > 0);
}

/**
 * The last state of each object the CLI said it was working on. The CLI announces an object before acting on it, so
 * when the command failed the last one announced keeps its "-ing" state: it may not have happened.
 */
export function stackChanges(result: CliResult): Record<string, string> {
  const events = lines(`${result.stdout}\n${result.stderr}`)
    .map((line) => OBJECT_EVENT.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null);
  const changed: Record<string, string> = {};
  events.forEach((match, index) => {
    const [, verb = "", kind = "", name = ""] = match;
    const unsure = result.returncode !== 0 && index === events.length - 1;
    changed[`${kind[0]?.toUpperCase()}${kind.slice(1)} ${name}`] = unsure ? verb : (DONE[verb] ?? verb);
  });
  return changed;
}

/** "Host 'a': this daemon is not a swarm manager: …" when that is why the command failed. */
export function notManager(host: string, result: CliResult): string | undefined {
  if (result.returncode === 0 || !NOT_A_MANAGER.test(`${result.stderr}\n${result.stdout}`)) return undefined;
  return `Host '${host}': ${NOT_MANAGER}.`;
}

export function stackActionResult(result: CliResult, host: string) {
  const ok = result.returncode === 0;
  // Convergence chatter always goes; task states and object lines (which `changed` sums up) go on success.
  const keep = (line: string) => {
    const text = line.trim();
    return !CHATTER.test(text) && !(ok && (OBJECT_EVENT.test(text) || TASK_STATE.test(text)));
  };
  const quiet = (text: string) => lines(text).filter(keep).join("\n");
  const base = actionResult({ ...result, stdout: quiet(result.stdout), stderr: quiet(result.stderr) });
  const changed = stackChanges(result);
  const refusal = notManager(host, result);
  const { exit_code, note, ...rest } = base;
  return {
    exit_code,
    ...(Object.keys(changed).length > 0 ? { changed } : {}),
    ...rest,
    ...(refusal || note ? { note: [refusal, note].filter(Boolean).join(" ") } : {}),
  };
}
