// The one GET loop every registry, Hub and token request goes through: at most two
// transient 502/503/504 retries and at most one short 429 retry, mixed freely; the final body is read under the cap.

import { RESPONSE_CAP_BYTES, readCapped, registryOverflow } from "./body.js";
import { HttpsError } from "./errors.js";
import { type SendOptions, send, toTransportError } from "./http.js";
import { parseRetryAfter } from "./retry-after.js";
import { discard, type HeaderValue, header } from "./transport.js";

const TRANSIENT = new Set([502, 503, 504]);
const MAX_TRANSIENT_RETRIES = 2;
const MAX_WAIT_SECONDS = 10;
const DEFAULT_TRANSIENT_WAIT_SECONDS = 0.5;
const HUB_HOSTS = new Set(["registry-1.docker.io", "index.docker.io", "hub.docker.com"]);

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new HttpsError("Cancelled while waiting."));
    const timer = setTimeout(
      () => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      },
      // Retry waits are at most a few seconds (MAX_WAIT_SECONDS).
      ms,
    );
    const onAbort = () => {
      clearTimeout(timer);
      reject(new HttpsError("Cancelled while waiting."));
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });

export interface Fetched {
  readonly status: number;
  readonly headers: Readonly<Record<string, HeaderValue>>;
  readonly url: URL;
  readonly body: Buffer;
}

export interface GetOptions extends SendOptions {
  readonly sleep?: Sleep;
}

export function rateLimitError(url: URL, retryAfter: number | undefined): HttpsError {
  const wait = retryAfter === undefined ? "" : `; retry after ~${Math.ceil(retryAfter)}s`;
  const advice = HUB_HOSTS.has(url.hostname.toLowerCase())
    ? "Docker Hub allows anonymous clients about 100 pulls per 6 hours per IP address; authenticate to raise the limit " +
      "(system_login for the SDK tools, username/password for registry_tags and the other registry tools)."
    : `Authenticate (username/password) or check ${url.host}'s rate-limit policy, then try again later.`;
  return new HttpsError(`Registry rate-limited (HTTP 429) for ${url.origin}${url.pathname}${wait}. ${advice}`);
}

/** GET with the retry policy; returns the first non-retried response with its body read (16 MiB decoded cap). */
export async function getWithRetry(
  url: URL,
  headers: Readonly<Record<string, string>>,
  options: GetOptions,
): Promise<Fetched> {
  const wait = options.sleep ?? sleep;
  let transientRetries = 0;
  let rateLimitRetried = false;
  for (;;) {
    const response = await send("GET", url, headers, options);
    const retryAfter = parseRetryAfter(header(response.headers, "retry-after"));
    if (TRANSIENT.has(response.status) && transientRetries < MAX_TRANSIENT_RETRIES) {
      discard(response.body);
      transientRetries++;
      await wait(
        1000 * (retryAfter === undefined ? DEFAULT_TRANSIENT_WAIT_SECONDS : Math.min(retryAfter, MAX_WAIT_SECONDS)),
        options.signal,
      );
      continue;
    }
    if (response.status === 429) {
      discard(response.body);
      if (rateLimitRetried || retryAfter === undefined || retryAfter > MAX_WAIT_SECONDS)
        throw rateLimitError(response.url, retryAfter);
      rateLimitRetried = true;
      await wait(1000 * retryAfter, options.signal);
      continue;
    }
    let body: Buffer;
    try {
      body = await readCapped(
        response.body,
        header(response.headers, "content-encoding"),
        RESPONSE_CAP_BYTES,
        registryOverflow(`${response.url.origin}${response.url.pathname}`),
      );
    } catch (err) {
      throw toTransportError(err, response.url, options.signal, response.timedOut());
    }
    return { status: response.status, headers: response.headers, url: response.url, body };
  }
}
