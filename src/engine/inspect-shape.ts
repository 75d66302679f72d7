// The default answer of the inspect tools: the Engine's document without what carries no information — null,
// empty strings, lists and maps, the zero time, off switches and the Engine's own defaults. `detail=true` returns
// the document untouched and `fields` picks exact paths from it, so nothing is out of reach.

import { pickFields } from "./fields.js";

/** The zero `time.Time` the Engine prints for "never" (FinishedAt of a running container, LastTagTime, …). */
const ZERO_TIME = "0001-01-01T00:00:00Z";

/** Off switches whose `false` is still news: a stopped container, a disabled plugin. */
const FALSE_THAT_SAYS_SOMETHING = new Set(["Running", "Enabled"]);

/** Counters and limits whose 0 means "not set" (HostConfig's resource limits, the restart policy, IPv6 prefixes). */
const ZERO_MEANS_UNSET = new Set([
  "BlkioWeight",
  "CpuCount",
  "CpuPercent",
  "CpuPeriod",
  "CpuQuota",
  "CpuRealtimePeriod",
  "CpuRealtimeRuntime",
  "CpuShares",
  "GlobalIPv6PrefixLen",
  "IOMaximumBandwidth",
  "IOMaximumIOps",
  "KernelMemory",
  "KernelMemoryTCP",
  "LinkLocalIPv6PrefixLen",
  "MaximumRetryCount",
  "Memory",
  "MemoryReservation",
  "MemorySwap",
  "NanoCpus",
  "OomScoreAdj",
  "RestartCount",
]);

/** Values the Engine fills in when nothing was asked for. */
const ENGINE_DEFAULTS: ReadonlyMap<string, readonly unknown[]> = new Map<string, readonly unknown[]>([
  ["ShmSize", [67108864]],
  ["Runtime", ["runc"]],
  ["ConsoleSize", [[0, 0]]],
  ["NetworkMode", ["default"]],
  ["IpcMode", ["private"]],
  [
    "RestartPolicy",
    [
      { Name: "no", MaximumRetryCount: 0 },
      { Name: "", MaximumRetryCount: 0 },
    ],
  ],
]);

/**
 * The paths a default container masks or mounts read-only (the union over Engine versions). A list made only of
 * them is the default; an empty list is not (it means `systempaths=unconfined`), so it is kept.
 */
const DEFAULT_SYSTEM_PATHS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  [
    "MaskedPaths",
    new Set([
      "/proc/acpi",
      "/proc/asound",
      "/proc/interrupts",
      "/proc/kcore",
      "/proc/keys",
      "/proc/latency_stats",
      "/proc/sched_debug",
      "/proc/scsi",
      "/proc/timer_list",
      "/proc/timer_stats",
      "/sys/devices/virtual/powercap",
      "/sys/firmware",
    ]),
  ],
  ["ReadonlyPaths", new Set(["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"])],
]);

/**
 * Maps keyed by the user's own names, where an entry is data whatever its value: a label `a=""`, an exposed port
 * `{"80/tcp": {}}`, an unpublished port `{"80/tcp": null}`, a volume `{"/data": {}}`. Their entries are never
 * dropped (an empty map still is).
 */
const KEYED_BY_USER = new Set([
  "Labels",
  "ExposedPorts",
  "Volumes",
  "Ports",
  "PortBindings",
  "Options",
  "DriverOpts",
  "Containers",
  "Networks",
]);

/** Payloads kept even when an empty string: an empty config is still its content. */
const ALWAYS_KEPT = new Set(["Data"]);

const DROP = Symbol("drop");

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]))
    );
  }
  return false;
}

function isEngineDefault(key: string, value: unknown): boolean {
  if (value === false) return !FALSE_THAT_SAYS_SOMETHING.has(key);
  if (value === 0) return ZERO_MEANS_UNSET.has(key);
  const systemPaths = DEFAULT_SYSTEM_PATHS.get(key);
  if (systemPaths && Array.isArray(value)) {
    return value.length > 0 && value.every((path) => typeof path === "string" && systemPaths.has(path));
  }
  return ENGINE_DEFAULTS.get(key)?.some((fallback) => deepEqual(value, fallback)) ?? false;
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === "" || value === ZERO_TIME) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

function shapeMember(key: string, value: unknown): unknown {
  if (ALWAYS_KEPT.has(key) && typeof value === "string") return value;
  // An empty list of system paths is a choice (unconfined), not a default.
  if (DEFAULT_SYSTEM_PATHS.has(key) && Array.isArray(value) && value.length === 0) return value;
  if (isEmpty(value) || isEngineDefault(key, value)) return DROP;
  const shaped = KEYED_BY_USER.has(key) && isPlainObject(value) ? shapeUserMap(value) : withoutDefaults(value);
  return isEmpty(shaped) ? DROP : shaped;
}

/** A user-keyed map: every entry stays; the values that are documents themselves are shaped. */
function shapeUserMap(map: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(map).map(([key, value]) => [key, isPlainObject(value) ? withoutDefaults(value) : value]),
  );
}

/** The document without null, empty and Engine-default members, recursively. Pure: the input is not changed. */
export function withoutDefaults(doc: unknown): unknown {
  if (Array.isArray(doc)) return doc.map((item) => withoutDefaults(item));
  if (!isPlainObject(doc)) return doc;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    const shaped = shapeMember(key, value);
    // defineProperty, not assignment: a key "__proto__" in a document must stay a plain key.
    if (shaped !== DROP)
      Object.defineProperty(out, key, { value: shaped, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export interface InspectView {
  /** Dotted paths to return from the whole document. */
  readonly fields?: readonly string[] | null;
  /** The whole document, defaults and all. */
  readonly detail?: boolean | null;
}

/** What an inspect tool answers: the picked `fields`, the whole document with `detail`, else the shaped document. */
export function inspectAnswer(doc: unknown, view: InspectView): unknown {
  if (view.fields && view.fields.length > 0) return pickFields(doc, view.fields);
  return view.detail ? doc : withoutDefaults(doc);
}
