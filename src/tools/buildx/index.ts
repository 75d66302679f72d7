// Domain `buildx`: declared (keywords, documentation sections) before its tools are built; the table fills as
// they land.

import { defineDomain } from "../../contract/domain.js";
import { externalSection } from "../../docs/sections.js";

export const buildxDomain = defineDomain({
  name: "buildx",
  keywords: "multi-arch builds; imagetools (the successor of `docker manifest`); build history; via the docker CLI",
  traits: ["cli"],
  docs: [
    externalSection("buildx", "https://docs.docker.com/build/builders/"),
    externalSection("buildx-cli", "https://docs.docker.com/reference/cli/docker/buildx/"),
    externalSection("buildx-bake", "https://docs.docker.com/build/bake/reference/"),
  ],
  tools: {},
});
