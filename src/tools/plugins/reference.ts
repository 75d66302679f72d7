// Plugin names and remotes, checked before they reach a request path or a pull. The plugin endpoints take the name
// with its slashes (`/plugins/vieux/sshfs:latest/json`, as the docker CLI sends it), so every segment must be one the
// daemon leaves alone: the image-reference grammar refuses empty, `.` and `..` segments.

import { CallerError } from "../../base/errors.js";
import { registryKey } from "../../engine/registry-auth.js";
import { checkManifestReference, parseRepositoryRef } from "../../registry/reference.js";

const SHAPE = "expected [registry[:port]/]name[:tag], e.g. vieux/sshfs:latest or 127.0.0.1:5000/team/driver:v2";

interface Parts {
  name: string;
  tag: string | undefined;
  digest: string | undefined;
}

function split(value: string): Parts {
  const at = value.indexOf("@");
  const name = at >= 0 ? value.slice(0, at) : value;
  const digest = at >= 0 ? value.slice(at + 1) : undefined;
  const colon = name.lastIndexOf(":");
  return colon > name.lastIndexOf("/")
    ? { name: name.slice(0, colon), tag: name.slice(colon + 1), digest }
    : { name, tag: undefined, digest };
}

/** The registry key (for logins) of a valid plugin reference; a malformed one is a CallerError naming `parameter`. */
export function checkReference(value: string, parameter: string, allowDigest: boolean, hint = ""): string {
  const parts = split(value);
  try {
    if (parts.digest !== undefined && !allowDigest) throw new CallerError("no digest here");
    if (parts.tag !== undefined) checkManifestReference(parts.tag);
    if (parts.digest !== undefined && !parts.digest.includes(":")) throw new CallerError("bad digest");
    if (parts.digest !== undefined) checkManifestReference(parts.digest);
    return registryKey(parseRepositoryRef(parts.name).registry);
  } catch (err) {
    if (!(err instanceof CallerError)) throw err;
    throw new CallerError(`${parameter} '${value}' is not a valid plugin reference: ${SHAPE}${hint}.`);
  }
}

/** `/plugins/<name>` for an installed plugin's name or id. */
export function pluginPath(name: string): string {
  checkReference(name, "name", false, ", or an id from plugin_list");
  return `/plugins/${name.split("/").map(encodeURIComponent).join("/")}`;
}
