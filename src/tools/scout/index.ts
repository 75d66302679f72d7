// Domain `scout`: declared (keywords, documentation sections) before its tools are built; the table fills as
// they land.

import { defineDomain } from "../../contract/domain.js";
import { externalSection } from "../../docs/sections.js";

export const scoutDomain = defineDomain({
  name: "scout",
  keywords: "CVE scanning, SBOMs, base-image advice; via the docker CLI",
  traits: ["cli"],
  docs: [
    externalSection("scout", "https://docs.docker.com/scout/"),
    externalSection("scout-cli", "https://docs.docker.com/reference/cli/docker/scout/"),
  ],
  tools: {},
});
