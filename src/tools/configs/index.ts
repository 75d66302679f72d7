// Domain `configs`: declared (keywords, documentation sections) before its tools are built; the table fills as
// they land.

import { defineDomain } from "../../contract/domain.js";
import { sdkSection } from "../../docs/sections.js";

export const configsDomain = defineDomain({
  name: "configs",
  keywords: "Swarm configs; needs a manager node",
  traits: ["swarm"],
  docs: [sdkSection("configs")],
  tools: {},
});
