// Domain `plugins`: declared (keywords, documentation sections) before its tools are built; the table fills as
// they land.

import { defineDomain } from "../../contract/domain.js";
import { sdkSection } from "../../docs/sections.js";

export const pluginsDomain = defineDomain({
  name: "plugins",
  keywords: "plugin lifecycle: install, enable, disable, configure, upgrade, remove",
  docs: [sdkSection("plugins")],
  tools: {},
});
