// Swarm observability resources: the service index with links to each service's log tail
// and task summary, and the node index. Same host forms as the container resources; hidden when the `services` /
// `nodes` domain is disabled. A daemon that is not a manager gets the swarm family's one sentence.

import { untrusted } from "../base/untrusted.js";
import type { HostEntry } from "../config/hosts.js";
import type { Domain } from "../contract/domains.js";
import { defineResource, type ResourceContext, type ResourceDef } from "../contract/resource.js";
import {
  declaredReplicas,
  inspectService,
  LOGS_STOPPED_NOTE,
  type ServiceDoc,
  serviceLogTail,
  serviceMode,
  taskSummary,
} from "../engine/services.js";
import { SwarmApi } from "../engine/swarm.js";
import { childUri, type Form, formOf, hostFor, hostModeOf, withDocker } from "./host-forms.js";

const LOG_LINES = 200;
const LOG_BYTES = 1024 * 1024;

type Reader = (ctx: ResourceContext, host: HostEntry, form: Form, ref: string) => Promise<string>;

async function onManager<T>(ctx: ResourceContext, host: HostEntry, use: (api: SwarmApi) => Promise<T>): Promise<T> {
  return await withDocker(ctx, host, (docker) => use(new SwarmApi(docker, host.label, ctx.signal)));
}

const serviceIndex: Reader = (ctx, host, form) =>
  onManager(ctx, host, async (api) => {
    const docs = await api.get<ServiceDoc[]>("/services");
    const services = docs.map((doc) => {
      const ref = doc.Spec.Name || doc.ID.slice(0, 12);
      return {
        id: doc.ID.slice(0, 12),
        name: doc.Spec.Name ?? null,
        image: doc.Spec.TaskTemplate?.ContainerSpec?.Image ?? null,
        mode: serviceMode(doc.Spec),
        desired_replicas: declaredReplicas(doc.Spec),
        logs: childUri("service-logs", form, ref),
        tasks: childUri("service-tasks", form, ref),
      };
    });
    return JSON.stringify({ services }, null, 2);
  });

const serviceLogs: Reader = (ctx, host, _form, ref) =>
  onManager(ctx, host, async (api) => {
    const service = await inspectService(api, ref);
    const query = { stdout: true, stderr: true, timestamps: false, details: false, tail: LOG_LINES };
    const tail = await serviceLogTail(api, service, query, { maxLines: LOG_LINES, maxBytes: LOG_BYTES });
    const text = untrusted("service logs", tail.lines.join("\n"));
    return tail.stopped ? `${LOGS_STOPPED_NOTE}\n${text}` : text;
  });

const serviceTasks: Reader = (ctx, host, _form, ref) =>
  onManager(ctx, host, async (api) => JSON.stringify(await taskSummary(api, await inspectService(api, ref)), null, 2));

interface NodeDoc {
  ID: string;
  Spec?: { Role?: string; Availability?: string };
  Description?: { Hostname?: string };
  Status?: { State?: string };
  ManagerStatus?: { Reachability?: string } | null;
}

const nodeIndex: Reader = (ctx, host) =>
  onManager(ctx, host, async (api) => {
    const nodes = (await api.get<NodeDoc[]>("/nodes")).map((doc) => ({
      id: doc.ID.slice(0, 12),
      hostname: doc.Description?.Hostname ?? null,
      state: doc.Status?.State ?? null,
      availability: doc.Spec?.Availability ?? null,
      role: doc.Spec?.Role ?? null,
      manager_reachability: doc.ManagerStatus?.Reachability ?? null,
    }));
    return JSON.stringify({ nodes }, null, 2);
  });

const SERVICES = "Every swarm service with links to its log tail and task summary.";
const LOGS = "The last 200 log lines of a service's tasks.";
const TASKS = "A service's running/desired tasks, failed tasks with their errors, and rollout state.";
const NODES = "Every swarm node: hostname, state, availability, role, manager reachability.";

function resource(
  address: string,
  name: string,
  description: string,
  mimeType: string,
  domain: Domain,
  read: Reader,
): ResourceDef {
  const templated = address.includes("{");
  const suffix = address.includes(":///")
    ? " Default host."
    : address.includes("{host}")
      ? " One configured host."
      : "";
  return defineResource({
    ...(templated ? { uriTemplate: address } : { uri: address }),
    name,
    description: `${description}${suffix}`,
    mimeType,
    domain,
    hostMode: hostModeOf(address),
    async read(uri, params, ctx) {
      return await read(ctx, hostFor(ctx, params.host), formOf(params, uri), params.id_or_name ?? "");
    },
  });
}

const JSON_TYPE = "application/json";

export const swarmResources: readonly ResourceDef[] = [
  resource("docker://services", "services", SERVICES, JSON_TYPE, "services", serviceIndex),
  resource("docker:///services", "services", SERVICES, JSON_TYPE, "services", serviceIndex),
  resource("docker://{host}/services", "host-services", SERVICES, JSON_TYPE, "services", serviceIndex),
  resource("service-logs://{id_or_name}", "service-logs", LOGS, "text/plain", "services", serviceLogs),
  resource("service-logs:///{id_or_name}", "service-logs", LOGS, "text/plain", "services", serviceLogs),
  resource("service-logs://{host}/{id_or_name}", "host-service-logs", LOGS, "text/plain", "services", serviceLogs),
  resource("service-tasks://{id_or_name}", "service-tasks", TASKS, JSON_TYPE, "services", serviceTasks),
  resource("service-tasks:///{id_or_name}", "service-tasks", TASKS, JSON_TYPE, "services", serviceTasks),
  resource("service-tasks://{host}/{id_or_name}", "host-service-tasks", TASKS, JSON_TYPE, "services", serviceTasks),
  resource("docker://nodes", "nodes", NODES, JSON_TYPE, "nodes", nodeIndex),
  resource("docker:///nodes", "nodes", NODES, JSON_TYPE, "nodes", nodeIndex),
  resource("docker://{host}/nodes", "host-nodes", NODES, JSON_TYPE, "nodes", nodeIndex),
];
