// Domain `images`: the daemon's local image store, builds, and transfers to and from registries.
// Images are never provenance-labelled: a label would change the image digest.

import { defineDomain, destructive, mutating, readOnly } from "../../contract/domain.js";
import { sdkSection } from "../../docs/sections.js";
import { imageLoad, imageSave } from "./archive.js";
import { imageBuild } from "./build.js";
import {
  imageHistory,
  imageInspect,
  imageList,
  imagePrune,
  imageRegistryData,
  imageRemove,
  imageSearch,
  imageTag,
} from "./store.js";
import { imagePull, imagePush } from "./transfer.js";

export const imagesDomain = defineDomain({
  name: "images",
  keywords: "pull, push, build, tag, remove, save, load, history; search",
  traits: ["host_files"],
  docs: [sdkSection("images")],
  tools: {
    image_build: mutating(imageBuild),
    image_inspect: readOnly(imageInspect),
    image_registry_data: readOnly(imageRegistryData),
    image_list: readOnly(imageList),
    image_pull: mutating(imagePull),
    image_push: mutating(imagePush),
    image_remove: destructive(imageRemove),
    image_search: readOnly(imageSearch),
    image_prune: destructive(imagePrune, { idempotent: true }),
    image_load: mutating(imageLoad),
    image_save: mutating(imageSave),
    image_tag: mutating(imageTag),
    image_history: readOnly(imageHistory),
  },
});
