// compose_config shows the resolved project, environment included; values of keys that look like secrets are
// replaced (base/redact.ts names them and makes the marker). JSON is walked; YAML is redacted line by line (the
// server parses no YAML), block scalars included.

import { type Redacted, redacted, redactKeyed, redactValue, type SecretNames } from "../../base/redact.js";

/** Every scalar under a secret-looking key (objects and lists under such keys are walked, not hidden). */
export function redactJson(value: unknown, names: SecretNames): Redacted<unknown> {
  return redactKeyed(value, names);
}

// `  KEY: value`, `- KEY: value` (also quoted keys); the value may start a block scalar (| or >).
const MAPPING_LINE = /^(\s*(?:-\s+)?)("?)([^\s:"#][^:"]*?)\2(\s*:\s+)(.*)$/;
// `- KEY=value` (list-form environment)
const LIST_ASSIGNMENT = /^(\s*-\s+)("?)([A-Za-z_][A-Za-z0-9_.-]*)=(.*?)\2\s*$/;
const BLOCK_SCALAR = /^[|>][-+]?\d*\s*$/;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** The marker as a YAML scalar: quoted, since a plain scalar starting with `*` is an alias. */
function yamlMarker(name: string): string {
  return JSON.stringify(redacted(name));
}

export function redactYaml(text: string, names: SecretNames): { text: string; count: number } {
  const lines = text.split("\n");
  const out: string[] = [];
  let count = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const mapping = MAPPING_LINE.exec(line);
    if (mapping && names.matches(mapping[3] as string)) {
      const value = (mapping[5] as string).trim();
      if (value !== "" && value !== "''" && value !== '""') {
        out.push(
          `${mapping[1]}${mapping[2]}${mapping[3]}${mapping[2]}${mapping[4]}${yamlMarker(mapping[3] as string)}`,
        );
        count += 1;
        if (BLOCK_SCALAR.test(value)) {
          // Skip the block's lines: everything indented deeper than the key.
          const keyIndent = indentOf(line) + ((mapping[1] as string).includes("-") ? 2 : 0);
          while (
            i + 1 < lines.length &&
            (lines[i + 1]?.trim() === "" || indentOf(lines[i + 1] as string) > keyIndent)
          ) {
            i += 1;
          }
        }
        continue;
      }
    }
    if (mapping && !names.matches(mapping[3] as string)) {
      // A connection string under any key keeps its password out (`DATABASE_URL: postgres://u:pw@db/app`).
      const one = redactValue(mapping[3] as string, mapping[5] as string, names);
      if (one.count > 0) {
        out.push(`${mapping[1]}${mapping[2]}${mapping[3]}${mapping[2]}${mapping[4]}${one.value}`);
        count += one.count;
        continue;
      }
    }
    const assignment = LIST_ASSIGNMENT.exec(line);
    if (assignment?.[4]) {
      const name = assignment[3] as string;
      const one = redactValue(name, assignment[4], names);
      if (one.count > 0) {
        out.push(`${assignment[1]}${assignment[2]}${name}=${one.value}${assignment[2]}`);
        count += one.count;
        continue;
      }
    }
    out.push(line);
  }
  return { text: out.join("\n"), count };
}
