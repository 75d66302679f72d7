// Reading services: inspect, list (compact `docker service ls` rows), ps (tasks with node, states and error text),
// logs (a bounded, demultiplexed tail).

import { z } from "zod";
import { untrusted } from "../../base/untrusted.js";
import { fieldsParam, flag, revealParam } from "../../contract/params.js";
import { defineTool } from "../../contract/tool.js";
import { engineFilters, hasLabelFilter } from "../../engine/filters.js";
import { inspectAnswer } from "../../engine/inspect-shape.js";
import { withManagedFilter } from "../../engine/labels.js";
import {
  declaredReplicas,
  inspectService,
  LOGS_STOPPED_NOTE,
  type PortDoc,
  type ServiceDoc,
  serviceLogTail,
  serviceMode,
  serviceTasks,
  type TaskDoc,
} from "../../engine/services.js";
import { SwarmApi } from "../../engine/swarm.js";
import { serviceRef } from "./manage.js";

const filtersParam = (keys: string) => z.record(z.string(), z.unknown()).nullish().describe(`${keys}.`);

export const serviceInspect = defineTool({
  description:
    "A service's document (Spec, Endpoint, UpdateStatus, PreviousSpec) without null, empty or default fields.",
  input: {
    id_or_name: serviceRef,
    insert_defaults: z.boolean().nullish(),
    fields: fieldsParam(["UpdateStatus"]),
    detail: flag(),
    reveal: revealParam(),
  },
  async run(args, ctx) {
    const query = args.insert_defaults ? { insertDefaults: true } : undefined;
    const doc = await inspectService(await SwarmApi.of(ctx), args.id_or_name, query);
    return inspectAnswer(ctx.redaction.document(doc, args.reveal), args);
  },
});

function portText(port: PortDoc): string {
  const inside = `${port.TargetPort}/${port.Protocol ?? "tcp"}`;
  return port.PublishedPort
    ? `*:${port.PublishedPort}->${inside}${port.PublishMode === "host" ? " (host)" : ""}`
    : inside;
}

export const serviceList = defineTool({
  description: "List services as rows: id, name, mode, replicas running/desired, image, ports, update_state.",
  input: {
    filters: filtersParam("id, name, label, mode"),
    managed_only: z.boolean().default(false),
    detail: z.boolean().default(false),
  },
  async run(args, ctx) {
    const given = engineFilters(args.filters);
    // Validated first, then narrowed: managed_only only ever adds the provenance label.
    const filters = args.managed_only ? withManagedFilter(given) : given;
    const api = await SwarmApi.of(ctx);
    const docs = await api.get<ServiceDoc[]>("/services", { status: true, ...(filters ? { filters } : {}) });
    if (args.detail) return docs;
    // Older daemons (API < 1.41) have no ServiceStatus: count running tasks instead.
    let running: Map<string, number> | undefined;
    if (docs.some((doc) => !doc.ServiceStatus)) {
      const tasks = await api.get<TaskDoc[]>("/tasks", { filters: { "desired-state": ["running"] } });
      running = new Map();
      for (const task of tasks) {
        if (task.Status?.State === "running" && task.ServiceID) {
          running.set(task.ServiceID, (running.get(task.ServiceID) ?? 0) + 1);
        }
      }
    }
    return docs.map((doc) => {
      const status = doc.ServiceStatus;
      const runningTasks = status?.RunningTasks ?? running?.get(doc.ID) ?? 0;
      const desired = status?.DesiredTasks ?? declaredReplicas(doc.Spec);
      const ports = (doc.Endpoint?.Ports ?? []).map(portText);
      return {
        id: doc.ID,
        name: doc.Spec.Name ?? null,
        mode: serviceMode(doc.Spec),
        replicas: `${runningTasks}/${desired ?? "?"}`,
        image: doc.Spec.TaskTemplate?.ContainerSpec?.Image ?? null,
        ...(ports.length ? { ports } : {}),
        ...(doc.UpdateStatus?.State ? { update_state: doc.UpdateStatus.State } : {}),
        ...(hasLabelFilter(filters) ? { labels: doc.Spec.Labels ?? {} } : {}),
      };
    });
  },
});

export const servicePs = defineTool({
  description: "A service's tasks, newest first per slot: node, desired and current state, error text, container_id.",
  input: {
    id_or_name: serviceRef,
    filters: filtersParam("id, name, node, desired-state (running|shutdown|accepted), label"),
    detail: z.boolean().default(false),
  },
  async run(args, ctx) {
    // Bad filters are refused before any request, manager or not.
    const filters = engineFilters(args.filters) ?? {};
    const api = await SwarmApi.of(ctx);
    const service = await inspectService(api, args.id_or_name);
    const tasks = await serviceTasks(api, service.ID, filters);
    tasks.sort(
      (a, b) =>
        (a.Slot ?? 0) - (b.Slot ?? 0) ||
        (a.NodeID ?? "").localeCompare(b.NodeID ?? "") ||
        (b.CreatedAt ?? "").localeCompare(a.CreatedAt ?? ""),
    );
    if (args.detail) return tasks;
    const nodes = await api.get<Array<{ ID: string; Description?: { Hostname?: string } }>>("/nodes");
    const hostname = new Map(nodes.map((node) => [node.ID, node.Description?.Hostname ?? node.ID]));
    const name = service.Spec.Name ?? service.ID;
    return tasks.map((task) => {
      const status = task.Status ?? {};
      const exitCode = status.ContainerStatus?.ExitCode;
      return {
        id: task.ID,
        name: task.Slot ? `${name}.${task.Slot}` : `${name}.${task.NodeID ?? ""}`,
        image: task.Spec?.ContainerSpec?.Image ?? null,
        node: task.NodeID ? (hostname.get(task.NodeID) ?? task.NodeID) : null,
        desired_state: task.DesiredState ?? null,
        state: status.State ?? null,
        since: status.Timestamp ?? null,
        ...(status.Err ? { error: status.Err } : {}),
        ...(status.Message && status.Message !== status.State ? { message: status.Message } : {}),
        ...(status.ContainerStatus?.ContainerID ? { container_id: status.ContainerStatus.ContainerID } : {}),
        ...(exitCode ? { exit_code: exitCode } : {}),
      };
    });
  },
});

/** Text kept per call, so the 64 KiB result cap never cuts the newest lines off. */
const LOG_TEXT_BYTES = 60 * 1024;

export const serviceLogs = defineTool({
  description: "The newest `tail` log lines of all of a service's tasks (stdout+stderr), never following.",
  input: {
    id_or_name: serviceRef,
    tail: z
      .union([z.number().int().min(0), z.literal("all")])
      .default(200)
      .describe('Lines, or "all".'),
    since: z.number().int().min(0).nullish().describe("Unix timestamp."),
    timestamps: z.boolean().default(false),
    details: z.boolean().default(false),
    stdout: z.boolean().default(true),
    stderr: z.boolean().default(true),
  },
  async run(args, ctx) {
    const api = await SwarmApi.of(ctx);
    const service = await inspectService(api, args.id_or_name);
    const maxLines = args.tail === "all" ? Number.MAX_SAFE_INTEGER : args.tail;
    const result = await serviceLogTail(api, service, args, { maxLines, maxBytes: LOG_TEXT_BYTES });
    const notes = [
      ...(result.stopped ? [LOGS_STOPPED_NOTE] : []),
      ...(result.cut
        ? [
            `[older output dropped: showing the last ${result.lines.length} of ${result.seen} lines (${LOG_TEXT_BYTES} bytes max); narrow with since or a smaller tail]`,
          ]
        : []),
    ];
    return [...notes, untrusted("service logs", result.lines.join("\n"))].join("\n");
  },
});
