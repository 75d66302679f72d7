// The documentation sections (prompts-resources.md §3.1), in index order, with the domain that hides each one.

import type { Domain } from "../server/define-tool.js";

export interface DocSection {
  readonly name: string;
  readonly url: string;
  /** Hidden when this domain is disabled; null = never hidden. */
  readonly domain: Domain | null;
  readonly kind: "sdk" | "external";
}

export const SDK_BASE_URL = "https://docker-py.readthedocs.io/en/stable";

const sdk = (name: string, domain: Domain | null): DocSection => ({
  name,
  url: `${SDK_BASE_URL}/${name}.html`,
  domain,
  kind: "sdk",
});
const ext = (name: string, url: string, domain: Domain | null): DocSection => ({ name, url, domain, kind: "external" });

export const DOC_SECTIONS: readonly DocSection[] = [
  sdk("index", null),
  sdk("client", null),
  sdk("containers", "containers"),
  sdk("images", "images"),
  sdk("networks", "networks"),
  sdk("volumes", "volumes"),
  sdk("configs", "configs"),
  sdk("secrets", "secrets"),
  sdk("nodes", "nodes"),
  sdk("services", "services"),
  sdk("swarm", "swarm"),
  sdk("plugins", "plugins"),
  ext("compose", "https://docs.docker.com/compose/intro/compose-application-model/", "compose"),
  ext("compose-cli", "https://docs.docker.com/reference/cli/docker/compose/", "compose"),
  ext("compose-file", "https://docs.docker.com/reference/compose-file/", "compose"),
  ext("context", "https://docs.docker.com/engine/manage-resources/contexts/", "context"),
  ext("context-cli", "https://docs.docker.com/reference/cli/docker/context/", "context"),
  ext("stack", "https://docs.docker.com/engine/swarm/stack-deploy/", "stack"),
  ext("stack-cli", "https://docs.docker.com/reference/cli/docker/stack/", "stack"),
  ext("registry-api", "https://distribution.github.io/distribution/spec/api/", "registry"),
  ext("oci-distribution-spec", "https://github.com/opencontainers/distribution-spec/blob/main/spec.md", "registry"),
  ext("hub-api", "https://docs.docker.com/reference/api/hub/latest/", "registry"),
  ext("buildx", "https://docs.docker.com/build/builders/", "buildx"),
  ext("buildx-cli", "https://docs.docker.com/reference/cli/docker/buildx/", "buildx"),
  ext("buildx-bake", "https://docs.docker.com/build/bake/reference/", "buildx"),
  ext("scout", "https://docs.docker.com/scout/", "scout"),
  ext("scout-cli", "https://docs.docker.com/reference/cli/docker/scout/", "scout"),
  ext("dockerfile", "https://docs.docker.com/reference/dockerfile/", null),
  ext("build-best-practices", "https://docs.docker.com/build/building/best-practices/", null),
  ext("engine-security", "https://docs.docker.com/engine/security/", null),
  ext("engine-api", "https://docs.docker.com/reference/api/engine/", null),
];

export function disabledDocSections(disabled: readonly string[]): string[] {
  return DOC_SECTIONS.filter((section) => section.domain !== null && disabled.includes(section.domain))
    .map((section) => section.name)
    .sort();
}
