// Every resource definition the server knows.

import type { ResourceDef } from "./define-resource.js";
import { docsContentsResource, docsSectionResource } from "./docs.js";
import { hostsResource, toolCatalogResource } from "./server-info.js";

export const ALL_RESOURCES: readonly ResourceDef[] = [
  docsContentsResource,
  docsSectionResource,
  toolCatalogResource,
  hostsResource,
];
