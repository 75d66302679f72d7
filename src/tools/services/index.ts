// Domain `services`: declared (keywords, documentation sections) before its tools are built; the table fills as
// they land.

import { defineDomain } from "../../contract/domain.js";
import { sdkSection } from "../../docs/sections.js";

export const servicesDomain = defineDomain({
  name: "services",
  keywords: "Swarm services: create, scale, update, rollback, logs, tasks; needs a manager node",
  traits: ["managed_only", "swarm"],
  docs: [sdkSection("services")],
  tools: {},
});
