// Every domain the server knows, in the order tools/list shows their tools (contract/domains.ts), then the
// domain-less docs tool. Adding a domain = adding its declaration here.

import type { DomainDecl } from "../contract/domain.js";
import { buildxDomain } from "./buildx/index.js";
import { composeDomain } from "./compose/index.js";
import { configsDomain } from "./configs/index.js";
import { containersDomain } from "./containers/index.js";
import { contextDomain } from "./context/index.js";
import { docsDomain } from "./docs/index.js";
import { imagesDomain } from "./images/index.js";
import { networksDomain } from "./networks/index.js";
import { nodesDomain } from "./nodes/index.js";
import { pluginsDomain } from "./plugins/index.js";
import { registryDomain } from "./registry/index.js";
import { scoutDomain } from "./scout/index.js";
import { secretsDomain } from "./secrets/index.js";
import { servicesDomain } from "./services/index.js";
import { stackDomain } from "./stack/index.js";
import { swarmDomain } from "./swarm/index.js";
import { systemDomain } from "./system/index.js";
import { volumesDomain } from "./volumes/index.js";

export const ALL_DOMAINS: readonly DomainDecl[] = [
  systemDomain,
  containersDomain,
  imagesDomain,
  networksDomain,
  volumesDomain,
  configsDomain,
  secretsDomain,
  nodesDomain,
  servicesDomain,
  swarmDomain,
  pluginsDomain,
  composeDomain,
  contextDomain,
  stackDomain,
  registryDomain,
  buildxDomain,
  scoutDomain,
  docsDomain,
];
