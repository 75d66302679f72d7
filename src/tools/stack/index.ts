// Domain `stack`: Compose files deployed on a swarm through the core `docker stack` commands (no plugin), pinned to
// the call's host, which must be a swarm manager.

import { defineDomain, destructive, mutating, readOnly } from "../../contract/domain.js";
import { externalSection } from "../../docs/sections.js";
import { stackDeploy, stackRemove } from "./deploy.js";
import { stackList, stackPs, stackServices } from "./query.js";

export const stackDomain = defineDomain({
  name: "stack",
  keywords: "Compose on Swarm: deploy, ls, ps, rm, services; via the docker CLI",
  traits: ["cli"],
  docs: [
    externalSection("stack", "https://docs.docker.com/engine/swarm/stack-deploy/"),
    externalSection("stack-cli", "https://docs.docker.com/reference/cli/docker/stack/"),
  ],
  tools: {
    stack_deploy: mutating(stackDeploy),
    stack_list: readOnly(stackList),
    stack_ps: readOnly(stackPs),
    stack_services: readOnly(stackServices),
    stack_remove: destructive(stackRemove),
  },
});
