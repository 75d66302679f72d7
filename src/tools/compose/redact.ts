// compose_config shows the resolved project, environment included; values of keys that look like secrets are
// replaced unless the caller asks for them. JSON is walked; YAML is redacted line by line (the server parses no
// YAML), block scalars included.

export const REDACTED = "<redacted>";

/** Key names whose values are treated as secret. */
export const SECRET_KEY = /PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|KEY|CREDENTIAL|AUTH/i;

/** Replaces every scalar value under a secret-looking key (objects and lists under such keys are walked, not hidden). */
export function redactJson(value: unknown): { value: unknown; count: number } {
  let count = 0;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== "object") return node;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      if (SECRET_KEY.test(key) && child !== null && typeof child !== "object" && child !== "") {
        out[key] = REDACTED;
        count += 1;
      } else {
        out[key] = walk(child);
      }
    }
    return out;
  };
  return { value: walk(value), count };
}

// `  KEY: value`, `- KEY: value` (also quoted keys); the value may start a block scalar (| or >).
const MAPPING_LINE = /^(\s*(?:-\s+)?)("?)([^\s:"#][^:"]*?)\2(\s*:\s+)(.*)$/;
// `- KEY=value` (list-form environment)
const LIST_ASSIGNMENT = /^(\s*-\s+)("?)([A-Za-z_][A-Za-z0-9_.-]*)=(.*?)\2\s*$/;
const BLOCK_SCALAR = /^[|>][-+]?\d*\s*$/;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

export function redactYaml(text: string): { text: string; count: number } {
  const lines = text.split("\n");
  const out: string[] = [];
  let count = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const mapping = MAPPING_LINE.exec(line);
    if (mapping && SECRET_KEY.test(mapping[3] as string)) {
      const value = (mapping[5] as string).trim();
      if (value !== "" && value !== "''" && value !== '""') {
        out.push(`${mapping[1]}${mapping[2]}${mapping[3]}${mapping[2]}${mapping[4]}${REDACTED}`);
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
    const assignment = LIST_ASSIGNMENT.exec(line);
    if (assignment && SECRET_KEY.test(assignment[3] as string) && assignment[4]) {
      out.push(`${assignment[1]}${assignment[2]}${assignment[3]}=${REDACTED}${assignment[2]}`);
      count += 1;
      continue;
    }
    out.push(line);
  }
  return { text: out.join("\n"), count };
}
