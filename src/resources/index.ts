// Every resource definition the server knows.

import { containerResources } from "./containers.js";
import type { ResourceDef } from "./define-resource.js";
import { docsContentsResource, docsSectionResource } from "./docs.js";
import { hostsResource, toolCatalogResource } from "./server-info.js";

export const ALL_RESOURCES: readonly ResourceDef[] = [
  docsContentsResource,
  docsSectionResource,
  toolCatalogResource,
  hostsResource,
  ...containerResources,
];
