// Image references (`[registry/]path[:tag][@digest]`) as the Engine's pull, push, tag and create endpoints take them,
// checked locally so a malformed one gets a clear message before any daemon call.

import { CallerError } from "../base/errors.js";

const DOMAIN = String.raw`(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?`;
const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
const TAG = String.raw`[\w][\w.-]{0,127}`;
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
const REFERENCE = new RegExp(
  String.raw`^(?:(${DOMAIN}|\[[0-9a-fA-F:]+\](?::[0-9]+)?)/)?(${COMPONENT}(?:/${COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`,
);
export const TAG_PATTERN = new RegExp(`^${TAG}$`);

export interface ImageReference {
  /** Registry host[:port] when the reference names one; undefined means Docker Hub. */
  registry: string | undefined;
  /** Repository including the registry, without tag or digest. */
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
}

const FORMAT_HINT =
  "expected [registry[:port]/]name[:tag][@sha256:<digest>] with a lowercase name, e.g. 127.0.0.1:5000/team/app:1.2";

/** Parses a reference; a malformed one is a CallerError naming the expected shape. */
export function parseReference(reference: string, parameter = "repository"): ImageReference {
  const match = REFERENCE.exec(reference.trim());
  if (!match) throw new CallerError(`${parameter} '${reference}' is not a valid image reference: ${FORMAT_HINT}.`);
  let registry = match[1];
  let path = match[2] as string;
  // A first component without '.', ':' or "localhost" is a Hub namespace, not a registry (docker's own rule).
  if (registry && !/[.:]/.test(registry) && registry !== "localhost" && !registry.startsWith("[")) {
    if (registry.toLowerCase() !== registry) {
      throw new CallerError(`${parameter} '${reference}' is not a valid image reference: ${FORMAT_HINT}.`);
    }
    path = `${registry}/${path}`;
    registry = undefined;
  }
  return {
    registry,
    repository: registry ? `${registry}/${path}` : path,
    tag: match[3],
    digest: match[4],
  };
}

/** Checks a tag given on its own. */
export function checkTag(tag: string): void {
  if (!TAG_PATTERN.test(tag)) {
    throw new CallerError(`tag '${tag}' is not valid: up to 128 of [A-Za-z0-9_.-], not starting with '.' or '-'.`);
  }
}

/** What a pull of `reference` fetches: its digest, else its tag, else `latest` (never every tag). */
export function pullTag(reference: ImageReference): string {
  return reference.digest ?? reference.tag ?? "latest";
}
