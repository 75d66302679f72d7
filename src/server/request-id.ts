// Recovers the id of an oversized request from the first and last few KiB of its line, so the error answers the
// request the client is waiting for. Only top-level members with scalar values are read: forwards from the start
// until the first nested value (Python clients write jsonrpc, id, method first), backwards from the end until the
// last nested value (the TypeScript SDK writes method and params first, then jsonrpc and id). The id is used only
// when a string `method` was seen too, so a response is never mistaken for a request.

export type RequestId = string | number;

type Members = Map<string, unknown>;

const WHITESPACE = new Set([" ", "\t", "\r", "\n"]);
const SCALAR_CHAR = /[-+.0-9eEa-z]/;

function skipWhitespace(text: string, at: number, step: 1 | -1): number {
  let i = at;
  while (i >= 0 && i < text.length && WHITESPACE.has(text[i] as string)) i += step;
  return i;
}

/** Index just past the closing quote of the string opening at `at`, or -1 when it does not end in `text`. */
function stringEnd(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i + 1;
  }
  return -1;
}

/** Index of the opening quote of the string closing at `at`: the first quote before it not escaped by a backslash. */
function stringStart(text: string, at: number): number {
  for (let i = at - 1; i >= 0; i--) {
    if (text[i] !== '"') continue;
    let backslashes = 0;
    while (i - 1 - backslashes >= 0 && text[i - 1 - backslashes] === "\\") backslashes++;
    if (backslashes % 2 === 0) return i;
  }
  return -1;
}

function parseScalar(token: string): { value: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(token);
    return typeof value === "object" && value !== null ? undefined : { value };
  } catch {
    return undefined;
  }
}

/** Scalar members from the start of an object, up to the first nested value or the end of the text. */
function leadingMembers(text: string): Members {
  const members: Members = new Map();
  let i = skipWhitespace(text, 0, 1);
  if (text[i] !== "{") return members;
  for (i = skipWhitespace(text, i + 1, 1); text[i] === '"'; ) {
    const keyEnd = stringEnd(text, i);
    if (keyEnd === -1) break;
    const key = parseScalar(text.slice(i, keyEnd))?.value;
    i = skipWhitespace(text, keyEnd, 1);
    if (text[i] !== ":") break;
    const valueStart = skipWhitespace(text, i + 1, 1);
    let valueEnd = valueStart;
    if (text[valueStart] === '"') valueEnd = stringEnd(text, valueStart);
    else while (valueEnd < text.length && SCALAR_CHAR.test(text[valueEnd] as string)) valueEnd++;
    // A nested value, or one cut off by the end of the kept text (the next character must say it ended).
    const after = valueEnd === -1 ? -1 : skipWhitespace(text, valueEnd, 1);
    if (valueEnd <= valueStart || (text[after] !== "," && text[after] !== "}")) break;
    const scalar = parseScalar(text.slice(valueStart, valueEnd));
    if (!scalar || typeof key !== "string") break;
    members.set(key, scalar.value);
    if (text[after] === "}") break;
    i = skipWhitespace(text, after + 1, 1);
  }
  return members;
}

/** Scalar members from the end of an object, back to the last nested value or the start of the text. */
function trailingMembers(text: string): Members {
  const members: Members = new Map();
  let i = skipWhitespace(text, text.length - 1, -1);
  if (text[i] !== "}") return members;
  for (i = skipWhitespace(text, i - 1, -1); i >= 0; ) {
    let valueStart = i;
    if (text[i] === '"') valueStart = stringStart(text, i);
    else while (valueStart > 0 && SCALAR_CHAR.test(text[valueStart - 1] as string)) valueStart--;
    if (valueStart < 0 || (text[i] !== '"' && !SCALAR_CHAR.test(text[i] as string))) break;
    const scalar = parseScalar(text.slice(valueStart, i + 1));
    const colon = skipWhitespace(text, valueStart - 1, -1);
    if (!scalar || text[colon] !== ":") break;
    const keyEnd = skipWhitespace(text, colon - 1, -1);
    if (text[keyEnd] !== '"') break;
    const keyStart = stringStart(text, keyEnd);
    const key = keyStart < 0 ? undefined : parseScalar(text.slice(keyStart, keyEnd + 1))?.value;
    if (typeof key !== "string") break;
    members.set(key, scalar.value);
    const before = skipWhitespace(text, keyStart - 1, -1);
    if (text[before] !== ",") break;
    i = skipWhitespace(text, before - 1, -1);
  }
  return members;
}

/** What the SDK accepts as an id: a string or a safe integer. */
export function isRequestId(value: unknown): value is RequestId {
  return typeof value === "string" || (typeof value === "number" && Number.isSafeInteger(value));
}

/** The request's id when its kept edges show a top-level string `method` and a valid id; null otherwise. */
export function recoverRequestId(head: Buffer, tail: Buffer): RequestId | null {
  const leading = leadingMembers(head.toString("utf8"));
  const trailing = trailingMembers(tail.toString("utf8"));
  const method = trailing.get("method") ?? leading.get("method");
  const id = trailing.has("id") ? trailing.get("id") : leading.get("id");
  return typeof method === "string" && isRequestId(id) ? id : null;
}
