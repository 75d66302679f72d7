// Swarm services as the services tools and the service resources read them: the documents, the task summary
// (service_wait, service-tasks://) and the bounded log tail.

import type { IncomingMessage } from "node:http";
import { PassThrough } from "node:stream";
import { type LogTailResult, tailOfStream } from "./container-logs.js";
import { notFound, objectPath, type SwarmApi } from "./swarm.js";

type Json = Record<string, unknown>;

export interface ServiceSpec extends Json {
  Name?: string;
  Labels?: Record<string, string> | null;
  TaskTemplate?: Json & {
    ContainerSpec?: Json & { Image?: string; TTY?: boolean };
    ForceUpdate?: number;
  };
  Mode?: { Replicated?: { Replicas?: number }; Global?: Json; ReplicatedJob?: Json; GlobalJob?: Json };
  EndpointSpec?: Json;
}

export interface ServiceDoc {
  ID: string;
  Version: { Index: number };
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec: ServiceSpec;
  PreviousSpec?: ServiceSpec | null;
  Endpoint?: { Ports?: PortDoc[] | null } & Json;
  UpdateStatus?: { State?: string; Message?: string } | null;
  ServiceStatus?: { RunningTasks?: number; DesiredTasks?: number } | null;
}

export interface PortDoc {
  Protocol?: string;
  TargetPort?: number;
  PublishedPort?: number;
  PublishMode?: string;
}

export interface TaskDoc {
  ID: string;
  Slot?: number;
  NodeID?: string;
  ServiceID?: string;
  DesiredState?: string;
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec?: { ContainerSpec?: { Image?: string } };
  Status?: {
    State?: string;
    Message?: string;
    Err?: string;
    Timestamp?: string;
    ContainerStatus?: { ContainerID?: string; ExitCode?: number };
  };
}

export async function inspectService(api: SwarmApi, ref: string, query?: Json): Promise<ServiceDoc> {
  return await api.get<ServiceDoc>(objectPath("service", ref), query, notFound("service", ref, api.host));
}

export function serviceMode(spec: ServiceSpec): string | null {
  const mode = spec.Mode ?? {};
  if (mode.Global) return "global";
  if (mode.ReplicatedJob) return "replicated-job";
  if (mode.GlobalJob) return "global-job";
  return mode.Replicated || !spec.Mode ? "replicated" : null;
}

/** Replicas a replicated service declares; null for every other mode. */
export function declaredReplicas(spec: ServiceSpec): number | null {
  const replicas = spec.Mode?.Replicated?.Replicas;
  return typeof replicas === "number" ? replicas : null;
}

export async function serviceTasks(api: SwarmApi, serviceId: string, filters: Json = {}): Promise<TaskDoc[]> {
  const all = { ...filters, service: [serviceId] };
  return await api.get<TaskDoc[]>("/tasks", { filters: all });
}

const FAILED = new Set(["failed", "rejected"]);

export interface FailedTask {
  id: string;
  node_id: string | null;
  state: string | null;
  err: string | null;
  message: string | null;
}

export interface TaskSummary {
  service: string;
  mode: string | null;
  running_tasks: number;
  desired_tasks: number;
  failed_tasks: FailedTask[];
  update_state: string | null;
}

/** Tasks meant to run, how many do, which failed, and the rollout state (the service_wait computation). */
export async function taskSummary(api: SwarmApi, service: ServiceDoc): Promise<TaskSummary> {
  const tasks = await serviceTasks(api, service.ID, { "desired-state": ["running"] });
  const running = tasks.filter((task) => task.Status?.State === "running").length;
  return {
    service: service.Spec.Name ?? service.ID,
    mode: serviceMode(service.Spec),
    running_tasks: running,
    desired_tasks: declaredReplicas(service.Spec) ?? tasks.length,
    failed_tasks: tasks
      .filter((task) => FAILED.has(task.Status?.State ?? "") || Boolean(task.Status?.Err))
      .map((task) => ({
        id: task.ID,
        node_id: task.NodeID ?? null,
        state: task.Status?.State ?? null,
        err: task.Status?.Err ?? null,
        message: task.Status?.Message ?? null,
      })),
    update_state: service.UpdateStatus?.State ?? null,
  };
}

/** How long a service log read waits for the nodes that ran its tasks. */
export const SERVICE_LOGS_DEADLINE_MS = 20_000;

export const LOGS_STOPPED_NOTE = `[stopped after ${SERVICE_LOGS_DEADLINE_MS / 1000} s: a node that ran a task did not answer (node_list shows which); showing what arrived]`;

export interface ServiceLogsQuery {
  stdout: boolean;
  stderr: boolean;
  timestamps: boolean;
  details: boolean;
  tail: number | "all";
  /** Unix seconds. */
  since?: number | null;
}

/** The newest lines of a service's aggregated task logs (never following), bounded in lines and bytes. */
export async function serviceLogTail(
  api: SwarmApi,
  service: ServiceDoc,
  q: ServiceLogsQuery,
  bounds: { maxLines: number; maxBytes: number; deadlineMs?: number },
): Promise<LogTailResult & { stopped: boolean }> {
  const stream = await api.request<IncomingMessage>({
    method: "GET",
    path: `/services/${encodeURIComponent(service.ID)}/logs`,
    query: {
      follow: false,
      stdout: q.stdout,
      stderr: q.stderr,
      timestamps: q.timestamps,
      details: q.details,
      tail: q.tail === "all" ? "all" : String(q.tail),
      ...(q.since ? { since: q.since } : {}),
    },
    stream: true,
  });
  const tty = service.Spec.TaskTemplate?.ContainerSpec?.TTY === true;
  // The manager waits for every node that ran a task; one that does not answer would hold the call forever.
  const piped = new PassThrough();
  stream.pipe(piped);
  let stopped = false;
  const timer = setTimeout(() => {
    stopped = true;
    stream.unpipe(piped);
    stream.destroy();
    piped.end();
  }, bounds.deadlineMs ?? SERVICE_LOGS_DEADLINE_MS);
  stream.on("error", (err) => {
    if (!stopped) piped.destroy(err);
  });
  try {
    const result = await tailOfStream(piped, { ...bounds, signal: api.signal, tty });
    return { ...result, stopped };
  } finally {
    clearTimeout(timer);
    stream.destroy();
  }
}
