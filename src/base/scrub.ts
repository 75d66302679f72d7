// Arguments as a record may show them (the audit log, previews): values under secret-looking names replaced by a
// marker that names what was hidden, `NAME=value` strings with a secret-looking NAME cut after the `=`, and long
// strings shortened so a 32 MiB base64 payload never lands in a log line.

import { isSecretName, shorten } from "./quote.js";
import { redacted, redactValue, SecretNames } from "./redact.js";

const MAX_STRING = 200;
const MAX_DEPTH = 8;
const MAX_ITEMS = 50;

/** Names that hold key material without saying "secret": swarm_unlock's `key`, `tls_key`, `ssh_key`. */
function isKeyName(name: string): boolean {
  return /(^|_)key$/i.test(name);
}

/** The configured secret names (DOCKER_MCP_SERVER_REDACT_NAMES included), the built-in list and key material. */
function looksSecret(name: string, names: SecretNames): boolean {
  return names.matches(name) || isSecretName(name) || isKeyName(name);
}

function redactedMarker(name: string): string {
  return redacted(shorten(name, 60));
}

/**
 * `DB_PASSWORD=hunter2` → `DB_PASSWORD=***redacted (DB_PASSWORD)***`; the password of a `scheme://user:password@`
 * value hidden under any name (redact.ts's rule); anything else unchanged.
 */
function scrubString(text: string, key: string, names: SecretNames): string {
  const eq = text.indexOf("=");
  const name = eq > 0 ? text.slice(0, eq) : "";
  if (/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) {
    if (looksSecret(name, names)) return `${name}=${redactedMarker(name)}`;
    return `${name}=${redactValue(name, text.slice(eq + 1), names).value}`;
  }
  return redactValue(key, text, names).value;
}

function scrubValue(
  value: unknown,
  key: string,
  depth: number,
  secretKeys: ReadonlySet<string>,
  names: SecretNames,
): unknown {
  if (typeof value === "string") return shorten(scrubString(value, key, names), MAX_STRING);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "…(nested too deep)";
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => scrubValue(item, key, depth + 1, secretKeys, names));
    if (value.length > MAX_ITEMS) items.push(`…(${value.length - MAX_ITEMS} more items)`);
    return items;
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (item === undefined) continue;
    out[key] =
      (looksSecret(key, names) || secretKeys.has(key)) && item !== null && item !== ""
        ? redactedMarker(key)
        : scrubValue(item, key, depth + 1, secretKeys, names);
  }
  return out;
}

/**
 * A bounded copy of `args` with secrets replaced. `secretKeys` names further top-level keys that hold a secret in
 * this tool (secret_create's `data`); `names` the configured secret names (default: the built-in list).
 */
export function scrubArguments(
  args: Record<string, unknown>,
  secretKeys: readonly string[] = [],
  names: SecretNames = new SecretNames(),
): Record<string, unknown> {
  return scrubValue(args, "value", 0, new Set(secretKeys), names) as Record<string, unknown>;
}
