// The one pull container_run/container_create make when the image is missing locally (tools.md §3): credentials
// from the host's in-memory logins (system_login), else the Docker config's stored ones; progress notifications, and
// every stream line checked for an error.

import type { IncomingMessage } from "node:http";
import type Docker from "dockerode";
import { CallerError } from "../../base/errors.js";
import type { ToolContext } from "../../contract/tool.js";
import { engineRequest } from "../../engine/api.js";
import { daemonMessage } from "../../engine/errors.js";
import { consumeJsonStream, StreamFailure } from "../../engine/progress.js";
import { registryKey } from "../../engine/registry-auth.js";

/** Splits a reference into what POST /images/create wants; an untagged name pulls `latest`, never every tag. */
export function pullParameters(image: string): { fromImage: string; tag?: string } {
  if (image.includes("@")) return { fromImage: image };
  const slash = image.lastIndexOf("/");
  const colon = image.lastIndexOf(":");
  if (colon > slash) return { fromImage: image.slice(0, colon), tag: image.slice(colon + 1) };
  return { fromImage: image, tag: "latest" };
}

/** The registry a reference lives on: its first component when that looks like a host, else Docker Hub. */
export function registryOf(image: string): string {
  const first = image.split("/")[0] ?? "";
  const isHost = image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  return registryKey(isHost ? first : null);
}

export async function pullImage(ctx: ToolContext, docker: Docker, image: string, platform?: string): Promise<void> {
  const key = registryOf(image);
  const login = ctx.logins.cached.get(key) ?? ctx.logins.fromDockerConfig().get(key);
  const credentials = login?.identitytoken
    ? { identitytoken: login.identitytoken, serveraddress: login.serveraddress }
    : { username: login?.username, password: login?.password, serveraddress: login?.serveraddress };
  // X-Registry-Auth is Go's padded URL-safe base64; the daemon silently drops a header it cannot decode.
  const auth = login
    ? Buffer.from(JSON.stringify(credentials)).toString("base64").replaceAll("+", "-").replaceAll("/", "_")
    : undefined;
  ctx.progress(`Pulling ${image}`);
  const failed = (reason: string) =>
    new CallerError(`Image ${image} is not present locally and pulling it failed: ${reason}`);
  let stream: IncomingMessage;
  try {
    stream = await engineRequest<IncomingMessage>(docker, {
      path: "/images/create",
      method: "POST",
      query: { ...pullParameters(image), ...(platform ? { platform } : {}) },
      stream: true,
      ...(auth ? { authconfig: { base64: auth } } : {}),
      signal: ctx.signal,
    });
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    throw failed(daemonMessage(err) ?? (err as Error).message);
  }
  try {
    await consumeJsonStream(
      stream,
      (message) => {
        const status = typeof message.status === "string" ? message.status : undefined;
        // Per-layer byte ticks are noise; report the transitions.
        if (status && !status.startsWith("Downloading") && !status.startsWith("Extracting")) {
          ctx.progress(`${image}: ${status}`);
        }
      },
      ctx.signal,
    );
  } catch (err) {
    // The daemon reports a failed pull only as an error line inside a 200 stream.
    if (err instanceof StreamFailure) throw failed(err.message);
    throw err;
  }
}
