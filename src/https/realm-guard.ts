// The SSRF / credential-leak guard for token realms, also applied to every redirect
// target so an untrusted server cannot bounce a request onto a local address.

import { HttpsError } from "./errors.js";
import { hostnameOf, isLocalHostname, urlHostname } from "./local-host.js";

/**
 * Refuses `target` unless it is http(s), uses https when not local, and is not local while the registry is public.
 * `what` names the URL in the message ("token realm", "redirect target").
 */
export function checkOutboundUrl(target: string | URL, registryHost: string, what = "token realm"): URL {
  let url: URL;
  try {
    url = typeof target === "string" ? new URL(target) : target;
  } catch {
    throw new HttpsError(`Refusing ${what} '${String(target)}' from ${registryHost}: not a valid URL.`);
  }
  const shown = `${url.origin}${url.pathname}`;
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new HttpsError(
      `Refusing ${what} ${shown} from ${registryHost}: unsupported scheme '${url.protocol.slice(0, -1)}'.`,
    );
  }
  const targetLocal = isLocalHostname(urlHostname(url));
  if (url.protocol !== "https:" && !targetLocal) {
    throw new HttpsError(`Refusing ${what} ${shown} from ${registryHost}: plaintext http to a non-local host.`);
  }
  if (targetLocal && !isLocalHostname(hostnameOf(registryHost))) {
    throw new HttpsError(
      `Refusing ${what} ${shown} from ${registryHost}: a public registry pointed at a local or private address (possible SSRF).`,
    );
  }
  return url;
}
