// The service option vocabulary (docker SDK names, snake_case) applied to an Engine ServiceSpec:
// service_create starts from the image and command, service_update from the current spec, so both speak the same
// words. Each option replaces its field; an unknown option is an error, never dropped.

import { CallerError } from "../../base/errors.js";
import { argv, envList, parseDuration, parseSize, pascalKeys } from "../../engine/option-values.js";
import type { ServiceSpec } from "../../engine/services.js";

type Json = Record<string, unknown>;

/** Looks a secret or config up by name or id (the daemon resolves either). */
export type Resolver = (kind: "secret" | "config", ref: string) => Promise<{ ID: string; Name: string }>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function object(value: unknown, option: string): Json {
  if (isObject(value)) return value;
  throw new CallerError(`${option} must be an object.`);
}

function list(value: unknown, option: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw new CallerError(`${option} must be a list.`);
}

function strings(value: unknown, option: string): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value as string[];
  throw new CallerError(`${option} must be a list of strings.`);
}

function stringMap(value: unknown, option: string): Record<string, string> {
  return Object.fromEntries(Object.entries(object(value, option)).map(([key, val]) => [key, String(val)]));
}

function text(value: unknown, option: string): string {
  if (typeof value === "string" && value !== "") return value;
  throw new CallerError(`${option} must be a non-empty string.`);
}

function flag(value: unknown, option: string): boolean {
  if (typeof value === "boolean") return value;
  throw new CallerError(`${option} must be true or false.`);
}

function count(value: unknown, option: string): number {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
  throw new CallerError(`${option} must be a whole number >= 0.`);
}

/** PascalCase keys, with the named duration fields read as nanoseconds or "10s"-style strings. */
function engineObject(value: unknown, option: string, durations: readonly string[] = []): Json {
  const out = pascalKeys(object(value, option));
  for (const key of durations) if (out[key] !== undefined) out[key] = parseDuration(out[key], `${option}.${key}`);
  return out;
}

const CONSTRAINT = /^\s*[A-Za-z0-9_.-]+\s*(==|!=)\s*[^=!\s].*$/;

function constraints(value: unknown): string[] {
  const given = strings(value, "constraints");
  for (const constraint of given) {
    if (!CONSTRAINT.test(constraint)) {
      throw new CallerError(
        `constraints: '${constraint}' is not a placement constraint; write <attribute>==<value> or <attribute>!=<value>, e.g. "node.role==worker" or "node.labels.zone!=a". Nothing was changed.`,
      );
    }
  }
  return given;
}

function mode(value: unknown): ServiceSpec["Mode"] {
  if (value === "global") return { Global: {} };
  if (value === "replicated") return { Replicated: { Replicas: 1 } };
  const given = object(value, "mode");
  const kinds = ["Replicated", "Global", "ReplicatedJob", "GlobalJob"].filter((kind) => given[kind] !== undefined);
  if (kinds.length !== 1) {
    throw new CallerError('mode must be "global", "replicated", {"Replicated":{"Replicas":N}} or {"Global":{}}.');
  }
  return given as ServiceSpec["Mode"];
}

/** "src:dst[:ro]" (a path source is a bind, a name a volume) or an Engine Mount object. */
function mount(value: unknown): Json {
  if (typeof value === "string") {
    const [source, target, options = ""] = value.split(":");
    if (!source || !target) throw new CallerError(`mounts: '${value}' must be "source:target[:ro]" or a Mount object.`);
    return {
      Type: source.startsWith("/") ? "bind" : "volume",
      Source: source,
      Target: target,
      ...(options.split(",").includes("ro") ? { ReadOnly: true } : {}),
    };
  }
  const given = engineObject(value, "mounts[]");
  if (!given.Target) throw new CallerError("mounts[]: a Mount object needs Target.");
  return given;
}

function network(value: unknown): Json {
  if (typeof value === "string" && value) return { Target: value };
  return engineObject(value, "networks[]");
}

function preference(value: unknown): Json {
  const spread = (descriptor: unknown) => ({ Spread: { SpreadDescriptor: text(descriptor, "preferences") } });
  if (typeof value === "string") {
    const [kind, descriptor] = value.split("=");
    if (kind === "spread") return spread(descriptor);
  }
  if (Array.isArray(value) && value[0] === "spread") return spread(value[1]);
  if (isObject(value)) return value;
  throw new CallerError('preferences[] must be "spread=node.labels.zone" or {"Spread":{"SpreadDescriptor":…}}.');
}

function platform(value: unknown): Json {
  if (typeof value === "string" && value.includes("/")) {
    const [os, architecture] = value.split("/");
    return { OS: os, Architecture: architecture };
  }
  if (Array.isArray(value) && value.length === 2) return { Architecture: value[0], OS: value[1] };
  if (isObject(value)) return pascalKeys(value);
  throw new CallerError('platforms[] must be "linux/amd64", [architecture, os] or {"OS","Architecture"}.');
}

function resources(value: unknown): Json {
  const given = object(value, "resources");
  const shorthand = ["cpu_limit", "mem_limit", "cpu_reservation", "mem_reservation"].filter((k) => k in given);
  const cpu = (v: unknown, option: string) => {
    if (typeof v === "number" && v >= 0) return v < 1000 ? Math.round(v * 1e9) : Math.round(v);
    throw new CallerError(`resources.${option} must be CPUs (0.5) or NanoCPUs.`);
  };
  if (shorthand.length > 0) {
    const part = (cpuKey: string, memKey: string) => ({
      ...(given[cpuKey] !== undefined ? { NanoCPUs: cpu(given[cpuKey], cpuKey) } : {}),
      ...(given[memKey] !== undefined ? { MemoryBytes: parseSize(given[memKey], `resources.${memKey}`) } : {}),
    });
    const limits = part("cpu_limit", "mem_limit");
    const reservations = part("cpu_reservation", "mem_reservation");
    return {
      ...(Object.keys(limits).length ? { Limits: limits } : {}),
      ...(Object.keys(reservations).length ? { Reservations: reservations } : {}),
    };
  }
  const out: Json = {};
  for (const [key, part] of Object.entries(given)) {
    if (key !== "Limits" && key !== "Reservations") {
      throw new CallerError(
        'resources takes {"Limits":{"NanoCPUs","MemoryBytes"},"Reservations":{…}} or cpu_limit/mem_limit/cpu_reservation/mem_reservation.',
      );
    }
    const limits = { ...object(part, `resources.${key}`) };
    if (limits.MemoryBytes !== undefined) limits.MemoryBytes = parseSize(limits.MemoryBytes, "MemoryBytes");
    out[key] = limits;
  }
  return out;
}

function healthcheck(value: unknown): Json {
  const out = engineObject(value, "healthcheck", ["Interval", "Timeout", "StartPeriod"]);
  if (typeof out.Test === "string") out.Test = ["CMD-SHELL", out.Test];
  return out;
}

function hosts(value: unknown): string[] {
  if (isObject(value)) return Object.entries(value).map(([host, ip]) => `${ip} ${host}`);
  return strings(value, "hosts");
}

function restartPolicy(value: unknown): Json {
  const out = engineObject(value, "restart_policy", ["Delay", "Window"]);
  if (out.Condition !== undefined && !["none", "on-failure", "any"].includes(String(out.Condition))) {
    throw new CallerError(`restart_policy.Condition must be none, on-failure or any (got ${out.Condition}).`);
  }
  return out;
}

/** A secret or config reference: a name, or {source, target, uid, gid, mode} (Engine form accepted too). */
async function references(kind: "secret" | "config", value: unknown, resolve: Resolver): Promise<Json[]> {
  const option = `${kind}s`;
  const out: Json[] = [];
  for (const entry of list(value, option)) {
    const given = typeof entry === "string" ? { source: entry } : object(entry, `${option}[]`);
    const engineName = kind === "secret" ? "SecretName" : "ConfigName";
    const file = isObject(given.File) ? given.File : {};
    const source = given.source ?? given.name ?? given[engineName] ?? given[`${kind}_name`];
    const found = await resolve(kind, text(source, `${option}[].source`));
    const target = given.target ?? given.filename ?? file.Name ?? (kind === "secret" ? found.Name : `/${found.Name}`);
    const rawMode = given.mode ?? file.Mode;
    const fileMode = typeof rawMode === "string" ? Number.parseInt(rawMode, 8) : (rawMode ?? 0o444);
    if (!Number.isInteger(fileMode)) throw new CallerError(`${option}[].mode must be a file mode such as "0400".`);
    out.push({
      [kind === "secret" ? "SecretID" : "ConfigID"]: found.ID,
      [engineName]: found.Name,
      File: {
        Name: text(target, `${option}[].target`),
        UID: String(given.uid ?? file.UID ?? "0"),
        GID: String(given.gid ?? file.GID ?? "0"),
        Mode: fileMode,
      },
    });
  }
  return out;
}

interface Parts {
  spec: ServiceSpec;
  container: Json;
  task: Json;
  placement: () => Json;
  logDriver: () => Json;
}

type Apply = (value: unknown, parts: Parts, resolve: Resolver) => void | Promise<void>;

const container =
  (field: string, read: (value: unknown, option: string) => unknown): Apply =>
  (value, parts) => {
    parts.container[field] = read(value, field);
  };

const VOCABULARY: Record<string, Apply> = {
  // service level
  name: (value, { spec }) => {
    spec.Name = text(value, "name");
  },
  labels: (value, { spec }) => {
    spec.Labels = stringMap(value, "labels");
  },
  mode: (value, { spec }) => {
    spec.Mode = mode(value);
  },
  replicas: (value, { spec }) => {
    spec.Mode = { Replicated: { Replicas: count(value, "replicas") } };
  },
  update_config: (value, { spec }) => {
    spec.UpdateConfig = engineObject(value, "update_config", ["Delay", "Monitor"]);
  },
  rollback_config: (value, { spec }) => {
    spec.RollbackConfig = engineObject(value, "rollback_config", ["Delay", "Monitor"]);
  },
  endpoint_spec: (value, { spec }) => {
    const given = engineObject(value, "endpoint_spec");
    if (given.Ports !== undefined)
      given.Ports = list(given.Ports, "endpoint_spec.Ports").map((p) => pascalKeys(object(p, "Ports[]")));
    spec.EndpointSpec = given;
  },
  // container spec
  args: container("Args", argv),
  cap_add: container("CapabilityAdd", strings),
  cap_drop: container("CapabilityDrop", strings),
  command: container("Command", argv),
  configs: async (value, parts, resolve) => {
    parts.container.Configs = await references("config", value, resolve);
  },
  dns_config: container("DNSConfig", (value, option) => engineObject(value, option)),
  env: container("Env", (value, option) => envList(value, option)),
  groups: container("Groups", strings),
  healthcheck: container("Healthcheck", healthcheck),
  hostname: container("Hostname", text),
  hosts: container("Hosts", hosts),
  image: container("Image", text),
  init: container("Init", flag),
  isolation: container("Isolation", text),
  mounts: container("Mounts", (value, option) => list(value, option).map(mount)),
  open_stdin: container("OpenStdin", flag),
  privileges: container("Privileges", object),
  read_only: container("ReadOnly", flag),
  secrets: async (value, parts, resolve) => {
    parts.container.Secrets = await references("secret", value, resolve);
  },
  stop_grace_period: container("StopGracePeriod", parseDuration),
  stop_signal: container("StopSignal", text),
  tty: container("TTY", flag),
  user: container("User", text),
  workdir: container("Dir", text),
  sysctls: container("Sysctls", stringMap),
  container_labels: container("Labels", stringMap),
  // task template
  networks: (value, { task }) => {
    task.Networks = list(value, "networks").map(network);
  },
  resources: (value, { task }) => {
    task.Resources = resources(value);
  },
  restart_policy: (value, { task }) => {
    task.RestartPolicy = restartPolicy(value);
  },
  constraints: (value, { placement }) => {
    placement().Constraints = constraints(value);
  },
  preferences: (value, { placement }) => {
    placement().Preferences = list(value, "preferences").map(preference);
  },
  platforms: (value, { placement }) => {
    placement().Platforms = list(value, "platforms").map(platform);
  },
  maxreplicas: (value, { placement }) => {
    placement().MaxReplicas = count(value, "maxreplicas");
  },
  log_driver: (value, { logDriver }) => {
    logDriver().Name = text(value, "log_driver");
  },
  log_driver_options: (value, { logDriver }) => {
    logDriver().Options = stringMap(value, "log_driver_options");
  },
};

/** `parent[key]` as an object, created when missing. */
function child(parent: Json, key: string): Json {
  if (!isObject(parent[key])) parent[key] = {};
  return parent[key] as Json;
}

export const SERVICE_OPTIONS = Object.keys(VOCABULARY);

/** Applies `options` to a copy of `base`; refuses unknown options (all of them named) before changing anything. */
export async function applyOptions(base: ServiceSpec, options: Json, resolve: Resolver): Promise<ServiceSpec> {
  const unknown = Object.keys(options).filter((key) => !(key in VOCABULARY));
  if (unknown.length > 0) {
    throw new CallerError(`Unknown service option(s): ${unknown.join(", ")}. Known: ${SERVICE_OPTIONS.join(", ")}.`);
  }
  if (options.mode !== undefined && options.replicas !== undefined && mode(options.mode)?.Global) {
    throw new CallerError("replicas does not apply to a global service (one task per node).");
  }
  const spec = structuredClone(base);
  const task = child(spec, "TaskTemplate");
  const parts: Parts = {
    spec,
    container: child(task, "ContainerSpec"),
    task,
    placement: () => child(task, "Placement"),
    logDriver: () => child(task, "LogDriver"),
  };
  // mode before replicas, so {"mode":"replicated","replicas":3} keeps the count
  const keys = Object.keys(options).sort((a, b) => Number(b === "mode") - Number(a === "mode"));
  for (const key of keys) {
    const value = options[key];
    if (value === undefined || value === null) continue;
    await (VOCABULARY[key] as Apply)(value, parts, resolve);
  }
  return spec;
}
