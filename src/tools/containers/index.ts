// Domain `containers` (tools.md §3): 25 tools over the Engine API.

import type { ToolDef } from "../../server/define-tool.js";
import { containerArchiveGet, containerArchiveGetToFile, containerArchivePut, containerExport } from "./archives.js";
import { containerExec } from "./exec.js";
import {
  containerCommit,
  containerCreate,
  containerKill,
  containerPause,
  containerRemove,
  containerRename,
  containerRestart,
  containerRun,
  containerStart,
  containerStop,
  containerUnpause,
  containerUpdate,
} from "./lifecycle.js";
import { containerLogs } from "./logs.js";
import {
  containerDiff,
  containerInspect,
  containerList,
  containerPrune,
  containerStats,
  containerTop,
} from "./query.js";
import { containerWait } from "./wait.js";

export const containerTools: readonly ToolDef[] = [
  containerRun,
  containerCreate,
  containerInspect,
  containerList,
  containerPrune,
  containerStart,
  containerStop,
  containerRestart,
  containerKill,
  containerPause,
  containerUnpause,
  containerRemove,
  containerLogs,
  containerStats,
  containerTop,
  containerExec,
  containerCommit,
  containerDiff,
  containerRename,
  containerUpdate,
  containerWait,
  containerExport,
  containerArchiveGet,
  containerArchiveGetToFile,
  containerArchivePut,
] as readonly ToolDef[];
