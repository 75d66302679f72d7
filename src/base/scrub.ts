// Arguments as a record may show them (the audit log, previews): values under secret-looking names replaced by a
// marker that names what was hidden, `NAME=value` strings with a secret-looking NAME cut after the `=`, and long
// strings shortened so a 32 MiB base64 payload never lands in a log line.

import { isSecretName, shorten } from "./quote.js";

const MAX_STRING = 200;
const MAX_DEPTH = 8;
const MAX_ITEMS = 50;

/** Names that hold key material without saying "secret": swarm_unlock's `key`, `tls_key`, `ssh_key`. */
function isKeyName(name: string): boolean {
  return /(^|_)key$/i.test(name);
}

export function looksSecret(name: string): boolean {
  return isSecretName(name) || isKeyName(name);
}

export function redactedMarker(name: string): string {
  return `***redacted (${shorten(name, 60)})***`;
}

/** `DB_PASSWORD=hunter2` → `DB_PASSWORD=***redacted (DB_PASSWORD)***`; anything else unchanged. */
function scrubAssignment(text: string): string {
  const eq = text.indexOf("=");
  if (eq <= 0) return text;
  const name = text.slice(0, eq);
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name) && looksSecret(name) ? `${name}=${redactedMarker(name)}` : text;
}

function scrubValue(value: unknown, depth: number, secretKeys: ReadonlySet<string>): unknown {
  if (typeof value === "string") return shorten(scrubAssignment(value), MAX_STRING);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "…(nested too deep)";
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => scrubValue(item, depth + 1, secretKeys));
    if (value.length > MAX_ITEMS) items.push(`…(${value.length - MAX_ITEMS} more items)`);
    return items;
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (item === undefined) continue;
    out[key] =
      (looksSecret(key) || secretKeys.has(key)) && item !== null && item !== ""
        ? redactedMarker(key)
        : scrubValue(item, depth + 1, secretKeys);
  }
  return out;
}

/**
 * A bounded copy of `args` with secrets replaced. `secretKeys` names further top-level keys that hold a secret in
 * this tool (secret_create's `data`).
 */
export function scrubArguments(
  args: Record<string, unknown>,
  secretKeys: readonly string[] = [],
): Record<string, unknown> {
  return scrubValue(args, 0, new Set(secretKeys)) as Record<string, unknown>;
}
