// Domain `swarm`: init, join, leave, update, inspect, unlock, and the two tools that return secrets
// (join tokens, the unlock key). Everything else in the swarm family needs a manager.

import { defineDomain, destructive, mutating, readOnly } from "../../contract/domain.js";
import { sdkSection } from "../../docs/sections.js";
import { swarmInit, swarmJoin, swarmLeave, swarmUnlock } from "./membership.js";
import { swarmInspect, swarmJoinTokens, swarmUnlockKey, swarmUpdate } from "./settings.js";

export const swarmDomain = defineDomain({
  name: "swarm",
  keywords: "init, join, leave, unlock, join tokens; needs a manager node",
  traits: ["swarm"],
  docs: [sdkSection("swarm")],
  tools: {
    swarm_init: mutating(swarmInit),
    swarm_join: mutating(swarmJoin),
    swarm_leave: destructive(swarmLeave),
    swarm_update: mutating(swarmUpdate),
    swarm_inspect: readOnly(swarmInspect),
    swarm_unlock: mutating(swarmUnlock),
    swarm_unlock_key: readOnly(swarmUnlockKey),
    swarm_join_tokens: readOnly(swarmJoinTokens),
  },
});
