// Fetches one documentation page: 30 s, redirects followed (each target checked like a
// token realm, so a public page cannot bounce us onto a local address), 16 MiB cap, UTF-8 with replacement. HTML is
// rendered to text here; plain-text and Markdown pages pass through.

import { RESPONSE_CAP_BYTES, readCapped } from "../https/body.js";
import { HttpStatusError, HttpsError } from "../https/errors.js";
import { send, toTransportError, userAgent } from "../https/http.js";
import { urlHostname } from "../https/local-host.js";
import { checkOutboundUrl } from "../https/realm-guard.js";
import { discard, header, type Transport } from "../https/transport.js";
import { htmlToText } from "./html-text.js";

export interface DocFetchOptions {
  readonly version: string;
  readonly transport: Transport;
  readonly signal: AbortSignal;
  readonly timeoutMs?: number;
  readonly capBytes?: number;
}

/** GitHub "blob" pages are script-rendered; the raw file is the readable form of the same document. */
export function fetchableUrl(url: string): string {
  const blob = /^https:\/\/github\.com\/([^/]+)\/([^/]+)\/blob\/(.+)$/.exec(url);
  return blob ? `https://raw.githubusercontent.com/${blob[1]}/${blob[2]}/${blob[3]}` : url;
}

export async function fetchDocPage(pageUrl: string, options: DocFetchOptions): Promise<string> {
  const url = new URL(fetchableUrl(pageUrl));
  const origin = urlHostname(url);
  const response = await send(
    "GET",
    url,
    { "user-agent": userAgent(options.version), accept: "text/html, text/markdown;q=0.9, text/plain;q=0.8" },
    {
      transport: options.transport,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      checkRedirect: (target) => void checkOutboundUrl(target, origin, "redirect target"),
    },
  );
  if (response.status < 200 || response.status > 299) {
    discard(response.body);
    throw new HttpStatusError(response.status, `GET ${response.url.href} failed: HTTP ${response.status}.`);
  }
  let body: Buffer;
  try {
    body = await readCapped(
      response.body,
      header(response.headers, "content-encoding"),
      options.capBytes ?? RESPONSE_CAP_BYTES,
      (cap) => new HttpsError(`The documentation page ${url.href} exceeded the ${cap}-byte limit.`),
    );
  } catch (err) {
    throw toTransportError(err, response.url, options.signal, response.timedOut());
  }
  const text = body.toString("utf8");
  const type = header(response.headers, "content-type") ?? "";
  const html = /html/i.test(type) || (!type && /^\s*<(?:!doctype|html)/i.test(text));
  const rendered = html ? htmlToText(text, response.url.href) : text.trim();
  return `Source: ${pageUrl}\n\n${rendered}\n`;
}
