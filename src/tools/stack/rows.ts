// The stack CLI's `{{json .}}` rows, shaped like the server's other list results (snake_case, empty fields dropped).

import { parseRows } from "../../cli/parse.js";

type Raw = Record<string, unknown>;

/** A field the CLI prints as "" when there is nothing to say is left out. */
function present(key: string, value: unknown): Raw {
  return value === undefined || value === null || value === "" ? {} : { [key]: value };
}

function rows(stdout: string, truncated: boolean, what: string): Raw[] {
  return parseRows(stdout, truncated, what) as Raw[];
}

/** `stack ls`: Name, Services (a number printed as text; older CLIs add Orchestrator/Namespace). */
export function stackRows(stdout: string, truncated: boolean) {
  return rows(stdout, truncated, "stack ls output").map((row) => {
    const count = Number(row.Services);
    return { name: row.Name, services: Number.isInteger(count) ? count : row.Services };
  });
}

/** `stack services`: ID, Name (`<stack>_<service>`), Mode, Replicas ("running/desired"), Image, Ports. */
export function serviceRows(stdout: string, truncated: boolean) {
  return rows(stdout, truncated, "stack services output").map((row) => ({
    name: row.Name,
    id: row.ID,
    mode: row.Mode,
    replicas: row.Replicas,
    image: row.Image,
    ...present("ports", row.Ports),
  }));
}

/** `stack ps`: ID, Name (`<service>.<slot>`), Image, Node, DesiredState, CurrentState, Error, Ports. */
export function taskRows(stdout: string, truncated: boolean) {
  return rows(stdout, truncated, "stack ps output").map((row) => ({
    name: row.Name,
    id: row.ID,
    image: row.Image,
    node: row.Node,
    desired_state: row.DesiredState,
    current_state: row.CurrentState,
    ...present("error", row.Error),
    ...present("ports", row.Ports),
  }));
}
