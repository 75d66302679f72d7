// Domain `images` (tools.md §4): the daemon's local image store, builds, and transfers to and from registries.
// Images are never provenance-labelled: a label would change the image digest.

import type { ToolDef } from "../server/define-tool.js";
import { imageLoad, imageSave } from "./images/archive.js";
import { imageBuild } from "./images/build.js";
import {
  imageHistory,
  imageInspect,
  imageList,
  imagePrune,
  imageRegistryData,
  imageRemove,
  imageSearch,
  imageTag,
} from "./images/store.js";
import { imagePull, imagePush } from "./images/transfer.js";

export const imageTools: readonly ToolDef[] = [
  imageBuild,
  imageInspect,
  imageRegistryData,
  imageList,
  imagePull,
  imagePush,
  imageRemove,
  imageSearch,
  imagePrune,
  imageLoad,
  imageSave,
  imageTag,
  imageHistory,
];
