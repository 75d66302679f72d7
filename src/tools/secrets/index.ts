// Domain `secrets`: declared (keywords, documentation sections) before its tools are built; the table fills as
// they land.

import { defineDomain } from "../../contract/domain.js";
import { sdkSection } from "../../docs/sections.js";

export const secretsDomain = defineDomain({
  name: "secrets",
  keywords: "Swarm secrets; needs a manager node",
  traits: ["swarm"],
  docs: [sdkSection("secrets")],
  tools: {},
});
