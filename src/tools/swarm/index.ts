// Domain `swarm`: declared (keywords, documentation sections) before its tools are built; the table fills as
// they land.

import { defineDomain } from "../../contract/domain.js";
import { sdkSection } from "../../docs/sections.js";

export const swarmDomain = defineDomain({
  name: "swarm",
  keywords: "init, join, leave, unlock, join tokens; needs a manager node",
  traits: ["swarm"],
  docs: [sdkSection("swarm")],
  tools: {},
});
