// Every resource definition the server knows.

import type { ResourceDef } from "../contract/resource.js";
import { containerResources } from "./containers.js";
import { docsContentsResource, docsSectionResource } from "./docs.js";
import { hostsResource, toolCatalogResource } from "./server-info.js";
import { swarmResources } from "./swarm.js";

export const ALL_RESOURCES: readonly ResourceDef[] = [
  docsContentsResource,
  docsSectionResource,
  toolCatalogResource,
  hostsResource,
  ...containerResources,
  ...swarmResources,
];
