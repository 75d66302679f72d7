// Image references → (registry host, repository path).

import { CallerError } from "../base/errors.js";

export const DOCKER_HUB_REGISTRY = "registry-1.docker.io";

export interface RepositoryRef {
  /** Host with optional port, e.g. `ghcr.io`, `localhost:5000`. */
  readonly registry: string;
  /** Repository path, e.g. `library/alpine`. */
  readonly repository: string;
}

// Repository path components of the distribution spec; also refuses `..`, empty segments and URL syntax.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const REGISTRY_HOST = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::\d{1,5})?$/;

/** Splits an image reference; any `@digest` and `:tag` are dropped. */
export function parseRepositoryRef(input: string): RepositoryRef {
  let name = input.trim();
  const at = name.indexOf("@");
  if (at >= 0) name = name.slice(0, at);
  const colon = name.lastIndexOf(":");
  if (colon > name.lastIndexOf("/")) name = name.slice(0, colon);
  let ref: RepositoryRef;
  if (!name.includes("/")) {
    ref = { registry: DOCKER_HUB_REGISTRY, repository: `library/${name}` };
  } else {
    const slash = name.indexOf("/");
    const first = name.slice(0, slash);
    ref =
      first.includes(".") || first.includes(":") || first === "localhost"
        ? { registry: first, repository: name.slice(slash + 1) }
        : { registry: DOCKER_HUB_REGISTRY, repository: name };
  }
  checkRef(ref, input);
  return ref;
}

function checkRef(ref: RepositoryRef, input: string): void {
  const parts = ref.repository.split("/");
  if (!REGISTRY_HOST.test(ref.registry) || !parts.every((part) => PATH_COMPONENT.test(part))) {
    throw new CallerError(
      `Invalid image reference '${input}': expected [registry/]path[:tag|@digest] with lower-case path components, e.g. alpine, myorg/app:1.2, ghcr.io/org/repo, localhost:5000/team/svc.`,
    );
  }
}

/** Docker Hub UI-API names: `alpine` → `library/alpine`. */
export function normalizeHubRepository(input: string): string {
  // Lenient about what people paste: a docker.io prefix, a tag or a digest.
  const name = input
    .trim()
    .replace(/@.*$/, "")
    .replace(/:[^/]*$/, "")
    .replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, "");
  const repository = name.includes("/") ? name : `library/${name}`;
  if (!repository.split("/").every((part) => PATH_COMPONENT.test(part)) || repository.split("/").length !== 2) {
    throw new CallerError(
      `Invalid Docker Hub repository '${input}': expected <name> or <namespace>/<name>, e.g. alpine or bitnami/redis.`,
    );
  }
  return repository;
}

/** A tag or digest as accepted in a manifest URL. */
export function checkManifestReference(reference: string): string {
  if (
    /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(reference) ||
    /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/.test(reference)
  ) {
    return reference;
  }
  throw new CallerError(
    `Invalid reference '${reference}': expected a tag (e.g. latest, 1.2.3) or a digest (sha256:…).`,
  );
}
