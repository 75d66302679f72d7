// Translates the docker SDK's snake_case `run`/`create` options (what container_run's named parameters and
// `extra_kwargs` speak) into an Engine API create body. Unknown options are an error, never dropped.

import { CallerError } from "../../base/errors.js";
import { quote, shorten } from "../../base/quote.js";
import { argv, envList, parseDuration, parseSize, pascalKeys, splitCommand } from "../../engine/option-values.js";

export { envList, parseDuration, parseSize, splitCommand };

type Json = Record<string, unknown>;

export interface CreateBody extends Json {
  HostConfig: Json;
}

export interface CreateRequest {
  /** Query parameters of POST /containers/create. */
  name?: string;
  platform?: string;
  body: CreateBody;
}

function stringMap(value: unknown, option: string): Record<string, string> {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, String(v)]));
  }
  throw new CallerError(`${option} must be an object of string values.`);
}

function object(value: unknown, option: string): Json {
  if (value && typeof value === "object" && !Array.isArray(value)) return value as Json;
  throw new CallerError(`${option} must be an object.`);
}

/** Renames snake_case keys of a small object to the Engine's PascalCase (`maximum_retry_count` → `MaximumRetryCount`). */
export function restartPolicy(value: unknown): Json {
  const policy = pascalKeys(object(value, "restart_policy"));
  const allowed = ["no", "always", "on-failure", "unless-stopped", ""];
  if (policy.Name !== undefined && !allowed.includes(String(policy.Name))) {
    throw new CallerError(
      `restart_policy.Name must be one of no, always, on-failure, unless-stopped (got ${quote(policy.Name)}).`,
    );
  }
  return policy;
}

type PortBinding = { HostIp: string; HostPort: string };

function portBinding(value: unknown): PortBinding {
  if (value === null || value === undefined) return { HostIp: "", HostPort: "" };
  if (typeof value === "number" || typeof value === "string") return { HostIp: "", HostPort: String(value) };
  if (Array.isArray(value) && value.length >= 1 && value.length <= 2) {
    return { HostIp: String(value[0]), HostPort: value[1] === undefined || value[1] === null ? "" : String(value[1]) };
  }
  throw new CallerError(
    `A port binding must be a host port, null (random), [ip, port] or a list of these (got ${quote(value)}).`,
  );
}

/** An [ip, port] tuple (the first element is an address, not a port) is one binding; any other list is several. */
function isIpTuple(value: unknown[]): boolean {
  return value.length === 2 && typeof value[0] === "string" && !/^\d+$/.test(value[0]) && !Array.isArray(value[1]);
}

function applyPorts(value: unknown, body: CreateBody): void {
  const exposed: Json = {};
  const bindings: Record<string, PortBinding[]> = {};
  for (const [rawPort, target] of Object.entries(object(value, "ports"))) {
    const port = rawPort.includes("/") ? rawPort : `${rawPort}/tcp`;
    exposed[port] = {};
    const list = Array.isArray(target) && !isIpTuple(target) ? target : [target];
    bindings[port] = list.map(portBinding);
  }
  body.ExposedPorts = { ...(body.ExposedPorts as Json | undefined), ...exposed };
  body.HostConfig.PortBindings = { ...(body.HostConfig.PortBindings as Json | undefined), ...bindings };
}

function applyVolumes(value: unknown, body: CreateBody): void {
  const binds: string[] = [];
  const anonymous: Json = {};
  if (Array.isArray(value)) {
    for (const entry of value) {
      const spec = String(entry);
      if (spec.includes(":")) binds.push(spec);
      else anonymous[spec] = {};
    }
  } else {
    for (const [source, target] of Object.entries(object(value, "volumes"))) {
      if (typeof target === "string") binds.push(`${source}:${target}`);
      else {
        const where = `volumes[${JSON.stringify(shorten(source, 100))}]`;
        const { bind, mode } = object(target, where) as { bind?: unknown; mode?: unknown };
        if (typeof bind !== "string") throw new CallerError(`${where} needs a "bind" path inside the container.`);
        binds.push(`${source}:${bind}${mode ? `:${mode}` : ""}`);
      }
    }
  }
  if (binds.length) body.HostConfig.Binds = [...((body.HostConfig.Binds as string[] | undefined) ?? []), ...binds];
  if (Object.keys(anonymous).length) body.Volumes = { ...(body.Volumes as Json | undefined), ...anonymous };
}

function healthcheck(value: unknown): Json {
  const spec = pascalKeys(object(value, "healthcheck"));
  const out: Json = {};
  if (spec.Test !== undefined) {
    out.Test = typeof spec.Test === "string" ? ["CMD-SHELL", spec.Test] : argv(spec.Test, "healthcheck.test");
  }
  for (const key of ["Interval", "Timeout", "StartPeriod", "StartInterval"]) {
    if (spec[key] !== undefined) out[key] = parseDuration(spec[key], `healthcheck.${key}`);
  }
  if (spec.Retries !== undefined) out.Retries = Number(spec.Retries);
  const unknown = Object.keys(spec).filter(
    (key) => !["Test", "Interval", "Timeout", "StartPeriod", "StartInterval", "Retries"].includes(key),
  );
  if (unknown.length)
    throw new CallerError(
      `Unknown healthcheck keys: ${unknown.map((key) => shorten(key, 60)).join(", ")} (use test, interval, timeout, retries, start_period).`,
    );
  return out;
}

function devices(value: unknown): Json[] {
  if (!Array.isArray(value)) throw new CallerError('devices must be a list like ["/dev/fuse:/dev/fuse:rwm"].');
  return value.map((entry) => {
    if (entry && typeof entry === "object") return pascalKeys(entry as Json);
    const [host, inside, perms] = String(entry).split(":");
    return { PathOnHost: host, PathInContainer: inside || host, CgroupPermissions: perms || "rwm" };
  });
}

function tmpfs(value: unknown): Record<string, string> {
  if (Array.isArray(value)) {
    return Object.fromEntries(
      value.map((entry) => {
        const [path, options] = String(entry).split(/:(.*)/s);
        return [path as string, options ?? ""];
      }),
    );
  }
  return stringMap(value, "tmpfs");
}

function extraHosts(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return Object.entries(object(value, "extra_hosts")).map(([host, ip]) => `${host}:${ip}`);
}

function links(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return Object.entries(object(value, "links")).map(([name, alias]) => `${name}:${alias}`);
}

function listOfObjects(value: unknown, option: string): Json[] {
  if (!Array.isArray(value)) throw new CallerError(`${option} must be a list of objects.`);
  return value.map((entry) => pascalKeys(object(entry, option)));
}

/** A string option the caller set: blank would silently mean the daemon's default, so it is refused. */
function nonBlank(value: unknown, option: string, what: string): string {
  const text = String(value);
  if (text.trim() === "") throw new CallerError(`${option} is empty: give ${what}, or leave it out.`);
  return text;
}

type Apply = (value: unknown, body: CreateBody, request: CreateRequest) => void;

const config = (key: string, convert: (value: unknown, option: string) => unknown = (v) => v): [Apply, string] => [
  (value, body) => {
    body[key] = convert(value, key);
  },
  key,
];
const host = (key: string, convert: (value: unknown, option: string) => unknown = (v) => v): [Apply, string] => [
  (value, body) => {
    body.HostConfig[key] = convert(value, key);
  },
  key,
];
const size = (value: unknown, option: string) => parseSize(value, option);

/** Every option the SDK's run/create accept (minus what the tool itself handles: image, detach, remove). */
const OPTION_TABLE: Record<string, [Apply, string]> = {
  command: config("Cmd", argv),
  entrypoint: config("Entrypoint", argv),
  environment: config("Env", (v) => envList(v)),
  hostname: config("Hostname"),
  domainname: config("Domainname"),
  user: config("User", String),
  working_dir: config("WorkingDir"),
  tty: config("Tty", Boolean),
  stdin_open: [
    (value, body) => {
      body.OpenStdin = Boolean(value);
      body.AttachStdin = Boolean(value);
    },
    "OpenStdin",
  ],
  network_disabled: config("NetworkDisabled", Boolean),
  mac_address: config("MacAddress"),
  stop_signal: config("StopSignal"),
  stop_timeout: config("StopTimeout", Number),
  labels: config("Labels"),
  healthcheck: config("Healthcheck", healthcheck),
  ports: [applyPorts, "PortBindings"],
  volumes: [applyVolumes, "Binds"],
  name: [
    (value, _body, request) => {
      request.name = nonBlank(value, "name", "a container name");
    },
    "name",
  ],
  platform: [
    (value, _body, request) => {
      request.platform = String(value);
    },
    "platform",
  ],
  network: [
    (value, body) => {
      const network = nonBlank(value, "network", "a network name or id (network_list shows them)");
      body.HostConfig.NetworkMode = network;
      body.NetworkingConfig = { EndpointsConfig: { [network]: {} } };
    },
    "NetworkMode",
  ],
  networking_config: [
    (value, body) => {
      const given = object(value, "networking_config");
      body.NetworkingConfig = "EndpointsConfig" in given ? given : { EndpointsConfig: given };
    },
    "NetworkingConfig",
  ],
  auto_remove: host("AutoRemove", Boolean),
  blkio_weight: host("BlkioWeight", Number),
  blkio_weight_device: host("BlkioWeightDevice", listOfObjects),
  cap_add: host("CapAdd"),
  cap_drop: host("CapDrop"),
  cgroup_parent: host("CgroupParent"),
  cgroupns: host("CgroupnsMode"),
  cpu_count: host("CpuCount", Number),
  cpu_percent: host("CpuPercent", Number),
  cpu_period: host("CpuPeriod", Number),
  cpu_quota: host("CpuQuota", Number),
  cpu_rt_period: host("CpuRealtimePeriod", Number),
  cpu_rt_runtime: host("CpuRealtimeRuntime", Number),
  cpu_shares: host("CpuShares", Number),
  cpuset_cpus: host("CpusetCpus", String),
  cpuset_mems: host("CpusetMems", String),
  device_cgroup_rules: host("DeviceCgroupRules"),
  device_read_bps: host("BlkioDeviceReadBps", listOfObjects),
  device_read_iops: host("BlkioDeviceReadIOps", listOfObjects),
  device_write_bps: host("BlkioDeviceWriteBps", listOfObjects),
  device_write_iops: host("BlkioDeviceWriteIOps", listOfObjects),
  device_requests: host("DeviceRequests", listOfObjects),
  devices: host("Devices", devices),
  dns: host("Dns"),
  dns_opt: host("DnsOptions"),
  dns_search: host("DnsSearch"),
  extra_hosts: host("ExtraHosts", extraHosts),
  group_add: host("GroupAdd", (v) => (Array.isArray(v) ? v.map(String) : [String(v)])),
  init: host("Init", Boolean),
  ipc_mode: host("IpcMode"),
  isolation: host("Isolation"),
  kernel_memory: host("KernelMemory", size),
  links: host("Links", links),
  log_config: host("LogConfig", (v) => pascalKeys(object(v, "log_config"))),
  mem_limit: host("Memory", size),
  mem_reservation: host("MemoryReservation", size),
  mem_swappiness: host("MemorySwappiness", Number),
  memswap_limit: host("MemorySwap", (v, o) => (v === -1 || v === "-1" ? -1 : parseSize(v, o))),
  mounts: host("Mounts", listOfObjects),
  nano_cpus: host("NanoCpus", Number),
  network_mode: host("NetworkMode", (v) =>
    nonBlank(v, "network_mode", 'a mode such as "bridge", "host" or "container:<name>"'),
  ),
  oom_kill_disable: host("OomKillDisable", Boolean),
  oom_score_adj: host("OomScoreAdj", Number),
  pid_mode: host("PidMode"),
  pids_limit: host("PidsLimit", Number),
  privileged: host("Privileged", Boolean),
  publish_all_ports: host("PublishAllPorts", Boolean),
  read_only: host("ReadonlyRootfs", Boolean),
  restart_policy: host("RestartPolicy", restartPolicy),
  runtime: host("Runtime"),
  security_opt: host("SecurityOpt"),
  shm_size: host("ShmSize", size),
  storage_opt: host("StorageOpt", stringMap),
  sysctls: host("Sysctls", stringMap),
  tmpfs: host("Tmpfs", tmpfs),
  ulimits: host("Ulimits", listOfObjects),
  userns_mode: host("UsernsMode"),
  uts_mode: host("UTSMode"),
  volume_driver: host("VolumeDriver"),
  volumes_from: host("VolumesFrom"),
};

/** Looked up by the caller's key: a Map, so "constructor" or "toString" never finds a member of Object. */
const OPTIONS = new Map(Object.entries(OPTION_TABLE));

export const KNOWN_OPTIONS: readonly string[] = [...OPTIONS.keys()].sort();

/**
 * Builds the create request from SDK-style options; null/undefined values are not forwarded (the daemon default
 * applies). `options` is applied in key order, so callers put extra_kwargs last to let it override.
 */
export function buildCreateRequest(image: string, options: Json): CreateRequest {
  const body: CreateBody = { Image: image, HostConfig: {} };
  const request: CreateRequest = { body };
  for (const [key, value] of Object.entries(options)) {
    if (value === null || value === undefined) continue;
    const option = OPTIONS.get(key);
    if (!option) {
      throw new CallerError(
        `Unknown container option ${quote(key, 100)}. Use the docker SDK's snake_case run/create option names: ${KNOWN_OPTIONS.join(", ")}.`,
      );
    }
    option[0](value, body, request);
  }
  return request;
}
