// Every tool definition the server knows, domain by domain. Adding a domain = adding its array here.

import type { ToolDef } from "../server/define-tool.js";
import { containerTools } from "./containers/index.js";
import { docsTools } from "./docs.js";
import { imageTools } from "./images.js";
import { networkTools } from "./networks.js";
import { registryTools } from "./registry.js";
import { systemTools } from "./system.js";
import { volumeTools } from "./volumes.js";

export const ALL_TOOLS: readonly ToolDef[] = [
  ...systemTools,
  ...containerTools,
  ...imageTools,
  ...networkTools,
  ...volumeTools,
  ...registryTools,
  ...docsTools,
];
