// Redaction of secrets in what the server shows: values of secret-looking environment variables, registry auth,
// swarm join tokens and unlock keys. Pure: the result path, tools that know their shape (compose_config) and the
// audit log share it. A redacted value says what it hid ("***redacted (DB_PASSWORD)***"), so the reader knows it
// exists.

import { isSecretName } from "./quote.js";

/** Name fragments (matched case-insensitively anywhere in a name) whose values are treated as secret. */
export const DEFAULT_SECRET_NAMES: readonly string[] = [
  "PASSWORD",
  "PASSWD",
  "PASSPHRASE",
  "SECRET",
  "TOKEN",
  "KEY",
  "CREDENTIAL",
  "AUTH",
  "PRIVATE",
];

/** A fragment of a name: letters, digits, `_`, `-` and `.` (what environment and compose keys are made of). */
export const SECRET_NAME_FRAGMENT = /^[A-Za-z0-9_.-]+$/;

export class SecretNames {
  readonly fragments: readonly string[];

  constructor(fragments: readonly string[] = DEFAULT_SECRET_NAMES) {
    this.fragments = [...new Set(fragments.map((fragment) => fragment.toUpperCase()))];
  }

  matches(name: string): boolean {
    const upper = name.toUpperCase();
    return this.fragments.some((fragment) => upper.includes(fragment));
  }
}

/** The marker that replaces a secret value. */
export function redacted(name: string): string {
  return `***redacted (${name})***`;
}

export interface Redacted<T> {
  readonly value: T;
  /** How many values were hidden. */
  readonly count: number;
}

// `scheme://user:password@` anywhere in a value: a connection string carries its password whatever the name says.
// Found from each "://" outwards with bounded patterns, so the cost is linear in the value's length: a regex scanning
// for the scheme from every position was quadratic on a long run of letters (a 44 MB base64 archive_put argument
// stalled the call for minutes).
const SCHEME_BEFORE = /[a-z][a-z0-9+.-]{0,31}$/i;
const USER_AND_PASSWORD = /([^\s:@/]{0,256}:)([^\s@/]{1,512})@/y;

/** A value of the variable `name`: the whole value when the name looks secret, else only a URL's password. */
export function redactValue(name: string, value: string, names: SecretNames): Redacted<string> {
  if (value === "") return { value, count: 0 };
  if (names.matches(name)) return { value: redacted(name), count: 1 };
  let count = 0;
  let out = "";
  let copied = 0;
  for (let at = value.indexOf("://"); at >= 0; at = value.indexOf("://", at + 3)) {
    if (at < copied || !SCHEME_BEFORE.test(value.slice(Math.max(0, at - 32), at))) continue;
    USER_AND_PASSWORD.lastIndex = at + 3;
    const match = USER_AND_PASSWORD.exec(value);
    if (!match) continue;
    const passwordStart = at + 3 + (match[1] as string).length;
    out += `${value.slice(copied, passwordStart)}${redacted(name)}@`;
    copied = USER_AND_PASSWORD.lastIndex;
    count += 1;
  }
  return { value: count > 0 ? out + value.slice(copied) : value, count };
}

/** One `NAME=value` entry of an environment list; a bare `NAME` (passes the host's value) has nothing to hide. */
export function redactEnvEntry(entry: string, names: SecretNames): Redacted<string> {
  const equals = entry.indexOf("=");
  if (equals <= 0) return { value: entry, count: 0 };
  const name = entry.slice(0, equals);
  const value = redactValue(name, entry.slice(equals + 1), names);
  return { value: `${name}=${value.value}`, count: value.count };
}

/** Which values the calling tool exists to return, and so keeps. */
export interface DocumentKeeps {
  readonly joinTokens?: boolean;
  readonly unlockKey?: boolean;
}

/** Keys of registry auth (an AuthConfig or its headers) whose string values are credentials. */
const REGISTRY_AUTH_KEYS = new Set([
  "password",
  "auth",
  "identitytoken",
  "registrytoken",
  "x-registry-auth",
  "x-registry-config",
  "registryauth",
]);

type Path = readonly string[];

/** Arrays and plain objects (JSON as parsed); anything else (a Buffer, a class instance) is passed as is. */
export function isWalkable(node: unknown): node is object {
  if (Array.isArray(node)) return true;
  if (node === null || typeof node !== "object") return false;
  const proto = Object.getPrototypeOf(node);
  return proto === Object.prototype || proto === null;
}

function at(path: Path, fromEnd: number): string | undefined {
  return path[path.length - fromEnd];
}

/** The marker for a string at `path`, or undefined when it is not a secret. */
function secretAt(path: Path, value: string, names: SecretNames, keeps: DocumentKeeps): Redacted<string> | undefined {
  const last = at(path, 1) ?? "";
  if (at(path, 2) === "Env" && /^\d+$/.test(last)) return redactEnvEntry(value, names);
  if (value === "") return undefined;
  if (at(path, 2) === "JoinTokens" && (last === "Worker" || last === "Manager")) {
    return keeps.joinTokens ? undefined : { value: redacted(`JoinTokens.${last}`), count: 1 };
  }
  if (last === "UnlockKey") return keeps.unlockKey ? undefined : { value: redacted("UnlockKey"), count: 1 };
  if (REGISTRY_AUTH_KEYS.has(last.toLowerCase())) return { value: redacted(last), count: 1 };
  return undefined;
}

/** An `Env` list: `NAME=value` strings, or `{Name, Value}` objects (plugin settings). */
function redactEnvList(list: readonly unknown[], names: SecretNames): Redacted<unknown[]> {
  let count = 0;
  const value = list.map((entry) => {
    if (typeof entry === "string") {
      const one = redactEnvEntry(entry, names);
      count += one.count;
      return one.value;
    }
    if (entry !== null && typeof entry === "object" && !Array.isArray(entry)) {
      const { Name, Value } = entry as { Name?: unknown; Value?: unknown };
      if (typeof Name === "string" && typeof Value === "string") {
        const one = redactValue(Name, Value, names);
        count += one.count;
        return one.count > 0 ? { ...(entry as object), Value: one.value } : entry;
      }
    }
    return entry;
  });
  return { value, count };
}

/**
 * A document as a tool returns it (inspect documents, rows, echoes), with secrets hidden: `Env` lists (also under
 * projected keys such as "Config.Env" or "Spec.TaskTemplate.ContainerSpec.Env.0"), swarm `JoinTokens` and
 * `UnlockKey`, and registry auth. The input is not changed.
 */
export function redactDocument(document: unknown, names: SecretNames, keeps: DocumentKeeps = {}): Redacted<unknown> {
  let count = 0;
  const walk = (node: unknown, path: Path): unknown => {
    if (typeof node === "string") {
      const hit = secretAt(path, node, names, keeps);
      if (!hit) return node;
      count += hit.count;
      return hit.value;
    }
    if (!isWalkable(node)) return node;
    if (Array.isArray(node)) {
      if (at(path, 1) === "Env") {
        const env = redactEnvList(node, names);
        count += env.count;
        return env.value;
      }
      return node.map((child, index) => walk(child, [...path, String(index)]));
    }
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      // Entries, not assignment: a key "__proto__" stays a key.
      Object.defineProperty(out, key, {
        value: walk(child, [...path, ...key.split(".")]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  const value = walk(document, []);
  return { value, count };
}

/**
 * Every scalar under a secret-looking key, anywhere (compose config, tool arguments for the audit log): the key's
 * name decides, and `NAME=value` strings in lists are read as environment entries. The input is not changed.
 */
export function redactKeyed(document: unknown, names: SecretNames): Redacted<unknown> {
  let count = 0;
  const walk = (node: unknown, key: string | undefined): unknown => {
    if (Array.isArray(node)) {
      return node.map((child) => {
        if (typeof child !== "string") return walk(child, undefined);
        const one = redactEnvEntry(child, names);
        count += one.count;
        return one.value;
      });
    }
    if (isWalkable(node)) {
      const out: Record<string, unknown> = {};
      for (const [childKey, child] of Object.entries(node as Record<string, unknown>)) {
        Object.defineProperty(out, childKey, {
          value: walk(child, childKey),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    if (key === undefined || node === null || node === undefined || node === "") return node;
    if (typeof node !== "string" && !names.matches(key)) return node;
    const one = redactValue(key, String(node), names);
    count += one.count;
    return one.count > 0 ? one.value : node;
  };
  return { value: walk(document, undefined), count };
}

/** Values shorter than this are not scrubbed from free text: "1" or "yes" would hit everywhere. */
const SCRUB_MIN_LENGTH = 4;

/** Parameters that carry a secret under a plain name (swarm_unlock's key, secret_create's data). */
const SECRET_PARAMETERS = new Set(["key", "data"]);

/**
 * The secret strings among a call's arguments: values of secret-named parameters (isSecretName), and of
 * secret-looking variables in environment maps and `NAME=value` lists. Free text of the same call that may echo
 * them (an error, a daemon's message) is scrubbed with `scrubText`.
 */
export function secretStrings(args: unknown, names: SecretNames): string[] {
  const found = new Set<string>();
  const collect = (node: unknown, key: string | undefined, inMap: boolean): void => {
    if (Array.isArray(node)) {
      for (const child of node) {
        if (typeof child === "string") {
          const equals = child.indexOf("=");
          if (equals > 0 && names.matches(child.slice(0, equals))) found.add(child.slice(equals + 1));
        } else collect(child, undefined, false);
      }
      return;
    }
    if (node !== null && typeof node === "object") {
      for (const [childKey, child] of Object.entries(node as Record<string, unknown>)) {
        collect(child, childKey, key !== undefined);
      }
      return;
    }
    if (key === undefined || typeof node !== "string") return;
    if (isSecretName(key) || SECRET_PARAMETERS.has(key) || (inMap && names.matches(key))) found.add(node);
  };
  collect(args, undefined, false);
  return [...found].filter((value) => value.length >= SCRUB_MIN_LENGTH).sort((a, b) => b.length - a.length);
}

/** `text` with every occurrence of the given secrets replaced by the marker. */
export function scrubText(text: string, secrets: readonly string[], name = "secret"): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && out.includes(secret)) out = out.split(secret).join(redacted(name));
  }
  return out;
}
