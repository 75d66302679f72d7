// The pull container_run / container_create make when the image is missing locally: the engine's one
// pull (engine/image-transfer.ts) with the host's in-memory logins, else the Docker config's; never the server env
// pair. This file only words the failure.

import type Docker from "dockerode";
import { CallerError } from "../../base/errors.js";
import type { ToolContext } from "../../contract/tool.js";
import { type ImageReference, parseReference, pullTag } from "../../engine/image-reference.js";
import { pullImage as pull, TransferFailure } from "../../engine/image-transfer.js";

export async function pullImage(ctx: ToolContext, docker: Docker, image: string, platform?: string): Promise<void> {
  const lead = `Image ${image} is not present locally and pulling it failed`;
  let reference: ImageReference;
  try {
    reference = parseReference(image, "image");
  } catch (err) {
    throw new CallerError(`${lead}: ${(err as Error).message}`);
  }
  ctx.progress(`Pulling ${image}`);
  try {
    await pull(
      docker,
      ctx.logins,
      { reference, tag: pullTag(reference), platform },
      { progress: (message) => ctx.progress(`${image}: ${message}`), signal: ctx.signal, envFallback: false },
    );
  } catch (err) {
    if (err instanceof TransferFailure) throw new CallerError(err.explain(lead));
    throw err;
  }
}
