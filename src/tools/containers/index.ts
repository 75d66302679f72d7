// Domain `containers`: 25 tools over the Engine API.

import { defineDomain, destructive, mutating, readOnly } from "../../contract/domain.js";
import { sdkSection } from "../../docs/sections.js";
import { containerArchiveGet, containerArchiveGetToFile, containerArchivePut, containerExport } from "./archives.js";
import { containerCreate, containerRun } from "./create.js";
import { containerExec } from "./exec.js";
import { containerLogs } from "./logs.js";
import { containerCommit, containerRename, containerUpdate } from "./modify.js";
import {
  containerDiff,
  containerInspect,
  containerList,
  containerPrune,
  containerStats,
  containerTop,
} from "./query.js";
import {
  containerKill,
  containerPause,
  containerRemove,
  containerRestart,
  containerStart,
  containerStop,
  containerUnpause,
} from "./state.js";
import { containerWait } from "./wait.js";

export const containersDomain = defineDomain({
  name: "containers",
  keywords:
    "run, create, start, stop, restart, kill, remove; logs, stats, top, exec, diff, commit; archive / cp; wait; rename",
  traits: ["managed_only", "host_files"],
  docs: [sdkSection("containers")],
  tools: {
    container_run: mutating(containerRun),
    container_create: mutating(containerCreate),
    container_inspect: readOnly(containerInspect),
    container_list: readOnly(containerList),
    container_prune: destructive(containerPrune, { idempotent: true }),
    container_start: mutating(containerStart),
    container_stop: mutating(containerStop),
    container_restart: mutating(containerRestart),
    container_kill: destructive(containerKill),
    container_pause: mutating(containerPause),
    container_unpause: mutating(containerUnpause),
    container_remove: destructive(containerRemove),
    container_logs: readOnly(containerLogs),
    container_stats: readOnly(containerStats),
    container_top: readOnly(containerTop),
    container_exec: mutating(containerExec),
    container_commit: mutating(containerCommit),
    container_diff: readOnly(containerDiff),
    container_rename: mutating(containerRename),
    container_update: mutating(containerUpdate),
    container_wait: readOnly(containerWait),
    container_export: mutating(containerExport),
    container_archive_get: readOnly(containerArchiveGet),
    container_archive_get_to_file: mutating(containerArchiveGetToFile),
    container_archive_put: mutating(containerArchivePut),
  },
});
