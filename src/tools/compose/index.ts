// Domain `compose`: declared (keywords, documentation sections) before its tools are built; the table fills as
// they land.

import { defineDomain } from "../../contract/domain.js";
import { externalSection } from "../../docs/sections.js";

export const composeDomain = defineDomain({
  name: "compose",
  keywords: "Compose v2 projects: up, down, ps, logs, build, run, exec, …; via the docker CLI",
  traits: ["cli"],
  docs: [
    externalSection("compose", "https://docs.docker.com/compose/intro/compose-application-model/"),
    externalSection("compose-cli", "https://docs.docker.com/reference/cli/docker/compose/"),
    externalSection("compose-file", "https://docs.docker.com/reference/compose-file/"),
  ],
  tools: {},
});
