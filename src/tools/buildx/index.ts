// Domain `buildx`: BuildKit builds, bake, imagetools, builders, history and cache through the
// `docker buildx` plugin, pinned to the call's host.

import { defineDomain, destructive, mutating, readOnly } from "../../contract/domain.js";
import { externalSection } from "../../docs/sections.js";
import { buildxBake, buildxBuild, buildxImagetoolsCreate, buildxImagetoolsInspect } from "./build.js";
import {
  buildxCreate,
  buildxDu,
  buildxHistoryInspect,
  buildxHistoryList,
  buildxInspect,
  buildxList,
  buildxPrune,
  buildxRemove,
  buildxUse,
} from "./builders.js";

export const buildxDomain = defineDomain({
  name: "buildx",
  keywords: "multi-arch builds; imagetools (the successor of `docker manifest`); build history; via the docker CLI",
  traits: ["cli"],
  plugin: "buildx",
  docs: [
    externalSection("buildx", "https://docs.docker.com/build/builders/"),
    externalSection("buildx-cli", "https://docs.docker.com/reference/cli/docker/buildx/"),
    externalSection("buildx-bake", "https://docs.docker.com/build/bake/reference/"),
  ],
  tools: {
    buildx_build: mutating(buildxBuild),
    buildx_bake: mutating(buildxBake),
    buildx_imagetools_inspect: readOnly(buildxImagetoolsInspect),
    buildx_imagetools_create: mutating(buildxImagetoolsCreate),
    buildx_list: readOnly(buildxList),
    buildx_history_list: readOnly(buildxHistoryList),
    buildx_history_inspect: readOnly(buildxHistoryInspect),
    buildx_inspect: readOnly(buildxInspect),
    buildx_du: readOnly(buildxDu),
    buildx_prune: destructive(buildxPrune, { idempotent: true }),
    buildx_create: mutating(buildxCreate),
    buildx_use: mutating(buildxUse),
    buildx_remove: destructive(buildxRemove),
  },
});
