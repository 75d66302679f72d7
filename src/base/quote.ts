// Echoing a caller's input in an error: bounded, so a 1 MiB name comes back as a readable sentence, not 1 MiB.

/** `text` cut to `max` characters with "…(N more chars)"; never splits a surrogate pair. */
export function shorten(text: string, max = 200): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…(${text.length - end} more chars)`;
}

/** A value as an error shows it: a string in single quotes, anything else as JSON; both shortened. */
export function quote(value: unknown, max = 200): string {
  if (typeof value === "string") return `'${shorten(value, max)}'`;
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  return shorten(json ?? String(value), max);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `text` holds a lone surrogate: it cannot be encoded as UTF-8 (URIs, JSON to the daemon, file names). */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** Names of parameters whose values are never echoed, even in an error: a password passed wrongly is still secret. */
const SECRET_NAME = /pass(word|wd|phrase)?|secret|token|auth|credential|api_?key|private_?key/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** The sentence for a string with a lone surrogate, naming where it came from (its value only when not secret). */
export function loneSurrogateMessage(where: string, text: string): string {
  const shown = isSecretName(where)
    ? ""
    : ` '${shorten(text.replace(new RegExp(LONE_SURROGATE.source, "g"), "\uFFFD"), 80)}'`;
  return (
    `${where}${shown} contains invalid Unicode (a lone surrogate, shown as \uFFFD): it cannot be sent as UTF-8. ` +
    "Pass the text as valid Unicode (check how it was escaped or cut)."
  );
}
