// Domain `context`: declared (keywords, documentation sections) before its tools are built; the table fills as
// they land.

import { defineDomain } from "../../contract/domain.js";
import { externalSection } from "../../docs/sections.js";

export const contextDomain = defineDomain({
  name: "context",
  keywords: "docker CLI contexts; via the docker CLI",
  traits: ["cli"],
  hostless: true,
  docs: [
    externalSection("context", "https://docs.docker.com/engine/manage-resources/contexts/"),
    externalSection("context-cli", "https://docs.docker.com/reference/cli/docker/context/"),
  ],
  tools: {},
});
