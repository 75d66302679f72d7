// Values the Engine's option vocabularies share (container create, service specs): sizes, Go durations, shell-split
// commands, environment lists, snake_case → PascalCase keys. Each refuses what it cannot read, naming the option.

import { CallerError } from "../base/errors.js";
import { quote, shorten } from "../base/quote.js";

type Json = Record<string, unknown>;

const SIZE = /^(\d+(?:\.\d+)?)\s*([bkmgt]?)(?:i?b)?$/i;
const UNITS: Record<string, number> = { "": 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** 512, "512m", "1g", "1.5GiB" → bytes (1024-based, like `docker run -m`). */
export function parseSize(value: unknown, option: string): number {
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return Math.floor(value);
  const match = typeof value === "string" ? SIZE.exec(value.trim()) : null;
  if (!match) throw new CallerError(`${option} must be bytes or a size like "512m" or "1g" (got ${quote(value)}).`);
  return Math.floor(Number(match[1]) * (UNITS[(match[2] ?? "").toLowerCase()] ?? 1));
}

const DURATION = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
const NANOS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Nanoseconds, or a Go-style duration string ("1s", "500ms", "1m30s") → nanoseconds. */
export function parseDuration(value: unknown, option: string): number {
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return Math.floor(value);
  if (typeof value === "string" && /^((\d+(\.\d+)?)(ns|us|µs|ms|s|m|h))+$/.test(value.trim())) {
    let total = 0;
    for (const match of value.trim().matchAll(DURATION)) total += Number(match[1]) * (NANOS[match[2] as string] ?? 0);
    return Math.round(total);
  }
  throw new CallerError(`${option} must be nanoseconds or a duration like "2s" or "1m30s" (got ${quote(value)}).`);
}

/** Splits a command string the way a POSIX shell would tokenise it (quotes, backslashes), without expanding. */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  let current = "";
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i] as string;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else current += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === "\\" && i + 1 < command.length && '"\\$`'.includes(command[i + 1] as string))
        current += command[++i];
      else current += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === "\\" && i + 1 < command.length) {
      current += command[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = "";
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote)
    throw new CallerError(
      `Unbalanced ${quote} quote in command ${shorten(command)}. Pass the command as an array instead.`,
    );
  if (inWord) words.push(current);
  return words;
}

export function argv(value: unknown, option: string): string[] {
  if (typeof value === "string") return splitCommand(value);
  if (Array.isArray(value) && value.every((part) => typeof part === "string")) return value as string[];
  throw new CallerError(`${option} must be a string or an array of strings.`);
}

export function envList(value: unknown, option = "environment"): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (value && typeof value === "object") {
    return Object.entries(value as Json).map(([key, val]) => (val === null ? key : `${key}=${val}`));
  }
  throw new CallerError(`${option} must be an object {"KEY": "value"} or a list of "KEY=value" strings.`);
}

/** Renames snake_case keys of a small object to the Engine's PascalCase (`maximum_retry_count` → `MaximumRetryCount`). */
export function pascalKeys(value: Json): Json {
  return Object.fromEntries(
    Object.entries(value).map(([key, val]) => [
      key.replace(/(^|_)([a-z])/g, (_, __, ch: string) => ch.toUpperCase()),
      val,
    ]),
  );
}
