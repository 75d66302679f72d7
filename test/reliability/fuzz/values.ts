// The hostile values the fuzz draws from. Labels name a value in reports (values themselves may be huge or secret).

export interface Labeled<T = unknown> {
  label: string;
  value: T;
}

/** Files that never end, block, or must not be read: a server that reads them unbounded hangs or balloons. */
export const SPECIAL_FILES: ReadonlyArray<Labeled<string>> = [
  { label: "special-file /dev/zero", value: "/dev/zero" },
  { label: "special-file /proc/self/mem", value: "/proc/self/mem" },
  { label: "special-file /dev/stdin", value: "/dev/stdin" },
  { label: "special-file /dev/urandom", value: "/dev/urandom" },
  { label: "special-file /proc/self/fd/0", value: "/proc/self/fd/0" },
];

export const SPECIAL_FILE_VALUES: ReadonlySet<string> = new Set(SPECIAL_FILES.map((file) => file.value));

const huge = new Map<number, string>();

/** One shared instance per size: the cases of every tool hold the same string, not a copy each. */
function hugeString(bytes: number): string {
  const value = huge.get(bytes) ?? "A".repeat(bytes);
  huge.set(bytes, value);
  return value;
}

/** Hostile strings most likely to break something: tried on every string parameter. */
export function coreStrings(hugeBytes: number): Array<Labeled<string>> {
  return [
    { label: "empty string", value: "" },
    { label: "whitespace", value: "  \t " },
    { label: "lone high surrogate", value: "x\uD800y" },
    { label: "lone low surrogate", value: "\uDC00" },
    { label: "NUL byte", value: "a\u0000b" },
    { label: `huge string (${hugeBytes} bytes)`, value: hugeString(hugeBytes) },
    { label: "flag --privileged", value: "--privileged" },
    { label: "flag -v", value: "-v" },
    { label: "shell $(id)", value: "$(id)" },
    { label: "shell ;rm -rf /", value: ";rm -rf /" },
    { label: "CRLF header injection", value: "x\r\nX-Injected: 1" },
    { label: "path traversal", value: "../../../../etc/shadow" },
  ];
}

/** Further hostile strings, tried while the per-tool budget lasts. */
export const MORE_STRINGS: ReadonlyArray<Labeled<string>> = [
  { label: "reversed surrogate pair", value: "\uDC00\uD800" },
  { label: "flag -v=/:/host", value: "-v=/:/host" },
  { label: "flag --rm", value: "--rm" },
  { label: "shell backticks", value: "`id`" },
  { label: "shell pipe", value: "| cat /etc/shadow" },
  { label: "shell &&", value: "&& reboot" },
  { label: "query injection", value: "x?filters=%7B%7D#frag" },
  { label: "percent-encoded traversal", value: "%2e%2e%2f%00" },
  { label: "right-to-left override", value: "\u202Eevil" },
  { label: "byte order mark", value: "\uFEFF" },
  { label: "emoji", value: "🐳\u200d💥" },
  { label: "only a NUL", value: "\u0000" },
  { label: "newline", value: "\n" },
  { label: "JSON-looking", value: '{"__proto__":{"polluted":1}}' },
];

/** Keys that collide with Object.prototype members. */
export const PROTOTYPE_KEYS = [
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "__proto__",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "__defineGetter__",
  "prototype",
] as const;

/** Values of the wrong type (whether they are wrong is decided against each schema). */
export const WRONG_TYPES: ReadonlyArray<Labeled> = [
  { label: "number 12345", value: 12345 },
  { label: "boolean true", value: true },
  { label: "string", value: "dmcp-rel-not-this-type" },
  { label: "empty object", value: {} },
  { label: "empty array", value: [] },
  { label: "array of numbers", value: [12345] },
  { label: "object of numbers", value: { k: 12345 } },
  { label: "fraction 1.5", value: 1.5 },
  { label: "negative -1", value: -1 },
  { label: "zero", value: 0 },
  { label: "1e300", value: 1e300 },
  { label: "array holding null", value: [null] },
  { label: "nested arrays", value: [[["x"]]] },
];

/** Null or empty filter values: each must be refused, never sent as "no filter". */
export const EMPTY_FILTER_VALUES: ReadonlyArray<Labeled> = [
  { label: "null", value: null },
  { label: "[]", value: [] },
  { label: "{}", value: {} },
  { label: "[null]", value: [null] },
];

export const EMPTY_FILTER_KEYS = ["label", "until"] as const;

/** An object with exactly one own key, including "__proto__" as an own key (an object literal would set the prototype). */
export function objectWithKey(key: string, value: unknown): Record<string, unknown> {
  return JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value)}}`) as Record<string, unknown>;
}

/** Deeply nested arrays: a recursion bomb for validators and renderers. */
export function deepNesting(depth: number): unknown {
  return JSON.parse(`${"[".repeat(depth)}${"]".repeat(depth)}`);
}
