// Tool name → what it would do, for DOCKER_MCP_SERVER_CONFIRM. main.ts hands this table to the server. Tools not
// listed (context_remove, buildx_prune, buildx_remove) get the server's generic preview: the tool, host and arguments.

import type { PreviewTable } from "../../contract/preview.js";
import { composeDownPreview, composeKillPreview, stackRemovePreview } from "./projects.js";
import { containerPrunePreview, imagePrunePreview, networkPrunePreview, volumePrunePreview } from "./prune.js";
import {
  containerKillPreview,
  containerRemovePreview,
  imageRemovePreview,
  networkRemovePreview,
  volumeRemovePreview,
} from "./removals.js";
import {
  configRemovePreview,
  nodeRemovePreview,
  pluginRemovePreview,
  secretRemovePreview,
  serviceRemovePreview,
  swarmLeavePreview,
} from "./swarm.js";

export const ALL_PREVIEWS: PreviewTable = {
  container_prune: containerPrunePreview,
  container_kill: containerKillPreview,
  container_remove: containerRemovePreview,
  image_remove: imageRemovePreview,
  image_prune: imagePrunePreview,
  network_prune: networkPrunePreview,
  network_remove: networkRemovePreview,
  volume_prune: volumePrunePreview,
  volume_remove: volumeRemovePreview,
  config_remove: configRemovePreview,
  secret_remove: secretRemovePreview,
  node_remove: nodeRemovePreview,
  service_remove: serviceRemovePreview,
  swarm_leave: swarmLeavePreview,
  plugin_remove: pluginRemovePreview,
  compose_down: composeDownPreview,
  compose_kill: composeKillPreview,
  stack_remove: stackRemovePreview,
};

/** Destructive tools whose preview is the generic one (a test keeps this list and the table complete). */
export const GENERIC_PREVIEW = ["context_remove", "buildx_prune", "buildx_remove"] as const;
