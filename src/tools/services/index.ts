// Domain `services`: swarm services over the Engine API, on a manager.

import { defineDomain, destructive, mutating, readOnly } from "../../contract/domain.js";
import { sdkSection } from "../../docs/sections.js";
import { serviceCreate, serviceRemove, serviceRollback, serviceScale, serviceUpdate } from "./manage.js";
import { serviceInspect, serviceList, serviceLogs, servicePs } from "./query.js";
import { serviceWait } from "./wait.js";

export const servicesDomain = defineDomain({
  name: "services",
  keywords: "Swarm services: create, scale, update, rollback, logs, tasks; needs a manager node",
  traits: ["managed_only", "swarm"],
  docs: [sdkSection("services")],
  tools: {
    service_create: mutating(serviceCreate),
    service_inspect: readOnly(serviceInspect),
    service_list: readOnly(serviceList),
    service_update: mutating(serviceUpdate),
    service_remove: destructive(serviceRemove),
    service_ps: readOnly(servicePs),
    service_logs: readOnly(serviceLogs),
    service_scale: mutating(serviceScale),
    service_rollback: mutating(serviceRollback),
    service_wait: readOnly(serviceWait),
  },
});
