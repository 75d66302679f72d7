// Every prompt the server knows, in catalogue order.

import type { PromptDef } from "../contract/prompt.js";
import { cleanEnvironment, inspectStack, investigateDiskUsage, pruneManaged } from "./cleanup.js";
import { deployComposeProject, deploySwarmStack, planComposeStack, troubleshootComposeProject } from "./compose.js";
import {
  auditContainerSecurity,
  debugContainerNetworking,
  deployContainer,
  migrateContainer,
  monitorContainerFleet,
  triageIncident,
  troubleshootContainer,
} from "./containers.js";
import { lookupDockerDocs, reviewDockerfile, verifyDockerMethod } from "./docs.js";
import { auditDockerContexts, auditSwarmHealth, surveyHosts } from "./hosts.js";
import {
  auditImageCves,
  compareImageVersions,
  createMultiarchManifest,
  findLatestImageTag,
  inspectMultiarchManifest,
  migrateFromDockerManifest,
  planMultiarchBuild,
  recommendBaseImage,
} from "./images.js";
import { backupVolume, restoreVolume } from "./volumes.js";

export const ALL_PROMPTS: readonly PromptDef[] = [
  lookupDockerDocs,
  verifyDockerMethod,
  deployContainer,
  troubleshootContainer,
  monitorContainerFleet,
  triageIncident,
  migrateContainer,
  cleanEnvironment,
  pruneManaged,
  inspectStack,
  planComposeStack,
  deployComposeProject,
  troubleshootComposeProject,
  auditDockerContexts,
  auditSwarmHealth,
  findLatestImageTag,
  planMultiarchBuild,
  auditImageCves,
  compareImageVersions,
  recommendBaseImage,
  inspectMultiarchManifest,
  createMultiarchManifest,
  migrateFromDockerManifest,
  reviewDockerfile,
  auditContainerSecurity,
  debugContainerNetworking,
  investigateDiskUsage,
  backupVolume,
  restoreVolume,
  deploySwarmStack,
  surveyHosts,
];
