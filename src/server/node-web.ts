// node:http ⇄ the web-standard Request/Response the SDK's HTTP handlers speak: the body read once under a byte cap
// (refused from Content-Length before reading when it says too much), the client's disconnect as the request's abort
// signal, and a response body streamed out (SSE included) until it ends or the client goes.

import type { IncomingMessage, ServerResponse } from "node:http";

export type BodyOutcome = { readonly kind: "body"; readonly bytes: Buffer } | { readonly kind: "too-large" };

/** Reads the whole body, stopping (and discarding) as soon as it passes `maxBytes`. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyOutcome> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.resolve({ kind: "too-large" });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > maxBytes) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(over ? { kind: "too-large" } : { kind: "body", bytes: Buffer.concat(chunks) }));
    req.on("error", reject);
  });
}

export function toWebRequest(req: IncomingMessage, url: URL, body: Buffer | undefined, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const method = req.method ?? "GET";
  return new Request(url, {
    method,
    headers,
    signal,
    ...(body && method !== "GET" && method !== "HEAD" ? { body: new Uint8Array(body) } : {}),
  });
}

/** Writes `response` to `res`; resolves when the body has ended or the client went away (then the body is cancelled). */
export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    res.setHeader(name, value);
  });
  if (!response.body) {
    res.end();
    return;
  }
  res.flushHeaders();
  const reader = response.body.getReader();
  const onClose = () => void reader.cancel().catch(() => undefined);
  res.once("close", onClose);
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) break;
      res.write(value);
    }
  } catch {
    // The stream was cancelled (client gone) or failed mid-way: nothing more can be said on this response.
  } finally {
    res.off("close", onClose);
    res.end();
  }
}

/** A plain JSON answer (errors, health, metadata). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}
