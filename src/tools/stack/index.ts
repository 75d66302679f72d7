// Domain `stack`: declared (keywords, documentation sections) before its tools are built; the table fills as
// they land.

import { defineDomain } from "../../contract/domain.js";
import { externalSection } from "../../docs/sections.js";

export const stackDomain = defineDomain({
  name: "stack",
  keywords: "Compose on Swarm: deploy, ls, ps, rm, services; via the docker CLI",
  traits: ["cli"],
  docs: [
    externalSection("stack", "https://docs.docker.com/engine/swarm/stack-deploy/"),
    externalSection("stack-cli", "https://docs.docker.com/reference/cli/docker/stack/"),
  ],
  tools: {},
});
