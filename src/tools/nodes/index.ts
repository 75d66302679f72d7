// Domain `nodes`: declared (keywords, documentation sections) before its tools are built; the table fills as
// they land.

import { defineDomain } from "../../contract/domain.js";
import { sdkSection } from "../../docs/sections.js";

export const nodesDomain = defineDomain({
  name: "nodes",
  keywords: "Swarm nodes: list, inspect, update, remove; needs a manager node",
  traits: ["swarm"],
  docs: [sdkSection("nodes")],
  tools: {},
});
