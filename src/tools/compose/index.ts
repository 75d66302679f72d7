// Domain `compose`: Compose v2 projects through the `docker compose` plugin, pinned to the call's host.

import { defineDomain, destructive, mutating, readOnly } from "../../contract/domain.js";
import { externalSection } from "../../docs/sections.js";
import { composeCp, composeExec, composeRun } from "./exec.js";
import {
  composeBuild,
  composeDown,
  composeKill,
  composePause,
  composePull,
  composeRestart,
  composeStart,
  composeStop,
  composeUnpause,
  composeUp,
} from "./lifecycle.js";
import {
  composeConfig,
  composeImages,
  composeList,
  composeLogs,
  composePort,
  composePs,
  composeTop,
  composeWait,
} from "./query.js";

export const composeDomain = defineDomain({
  name: "compose",
  keywords: "Compose v2 projects: up, down, ps, logs, build, run, exec, …; via the docker CLI",
  traits: ["cli"],
  plugin: "compose",
  docs: [
    externalSection("compose", "https://docs.docker.com/compose/intro/compose-application-model/"),
    externalSection("compose-cli", "https://docs.docker.com/reference/cli/docker/compose/"),
    externalSection("compose-file", "https://docs.docker.com/reference/compose-file/"),
  ],
  tools: {
    compose_up: mutating(composeUp),
    compose_down: destructive(composeDown),
    compose_ps: readOnly(composePs),
    compose_logs: readOnly(composeLogs),
    compose_config: readOnly(composeConfig),
    compose_build: mutating(composeBuild),
    compose_pull: mutating(composePull),
    compose_restart: mutating(composeRestart),
    compose_stop: mutating(composeStop),
    compose_start: mutating(composeStart),
    compose_run: mutating(composeRun),
    compose_exec: mutating(composeExec),
    compose_list: readOnly(composeList),
    compose_images: readOnly(composeImages),
    compose_port: readOnly(composePort),
    compose_wait: readOnly(composeWait),
    compose_top: readOnly(composeTop),
    compose_cp: mutating(composeCp),
    compose_kill: destructive(composeKill),
    compose_pause: mutating(composePause),
    compose_unpause: mutating(composeUnpause),
  },
});
