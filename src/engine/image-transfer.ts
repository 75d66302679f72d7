// Moving images between a daemon and a registry: the one pull every tool uses (image_pull, and container_run /
// container_create when the image is missing) and the push stream. Credentials come from registry-auth.ts and
// travel as X-Registry-Auth; progress is reported per layer transition; every stream line is checked, because the
// daemon reports a failed transfer only as an error line inside a 200 stream.

import type { Readable } from "node:stream";
import type Docker from "dockerode";
import { engineRequest } from "./api.js";
import { daemonMessage } from "./errors.js";
import type { ImageReference } from "./image-reference.js";
import { consumeJsonStream, StreamFailure, type TransferSummary, TransferTracker } from "./progress.js";
import {
  type AuthConfig,
  type ChosenCredentials,
  credentialsOf,
  type ExplicitAuth,
  encodeRegistryAuth,
  isAuthFailure,
  type LoginSources,
  scrub,
  serverEnvCredentials,
  storedCredentials,
  withCredentials,
} from "./registry-auth.js";

export interface TransferOptions {
  progress(message: string): void;
  signal: AbortSignal;
}

/** One streaming transfer (pull or push) followed to the end. */
export async function streamTransfer(
  docker: Docker,
  request: { path: string; query: Record<string, unknown> },
  auth: AuthConfig | undefined,
  options: TransferOptions,
): Promise<TransferSummary> {
  const tracker = new TransferTracker((message) => options.progress(message));
  const stream = await engineRequest<Readable>(docker, {
    method: "POST",
    path: request.path,
    query: request.query,
    // Always sent: Engine 20.10 rejects a push without the header, and `{}` means anonymous.
    authconfig: { base64: encodeRegistryAuth(auth) },
    stream: true,
    signal: options.signal,
  });
  await consumeJsonStream(stream, (message) => tracker.accept(message), options.signal);
  return tracker.summary();
}

/** The daemon's words for a failed transfer (an error line, or a refused request); undefined for anything else. */
export function transferFailureText(err: unknown): string | undefined {
  if (err instanceof StreamFailure) return err.message;
  const status = (err as { statusCode?: unknown })?.statusCode;
  if (typeof status === "number") return daemonMessage(err) ?? (err as Error).message;
  return undefined;
}

/** A transfer the daemon or registry refused, with the credentials it used. */
export class TransferFailure extends Error {
  override name = "TransferFailure";
  constructor(
    readonly text: string,
    readonly registry: string,
    readonly credentials: ChosenCredentials,
  ) {
    super(text);
  }

  /** `<lead>: <daemon text>.` plus what to do, without any secret the call used. */
  explain(lead: string): string {
    let hint = "";
    if (isAuthFailure(this.text)) {
      hint =
        this.credentials.source === "none"
          ? ` The registry ${this.registry} wants credentials: log in with system_login (or pass auth_config where offered).`
          : ` The registry ${this.registry} refused the credentials (from ${this.credentials.source}); check them with system_login.`;
    } else if (
      /no such host|dial tcp|i\/o timeout|connection refused|TLS handshake|network is unreachable/i.test(this.text)
    ) {
      hint = ` The daemon could not reach ${this.registry}; check its network, DNS or proxy settings.`;
    }
    return scrub(`${lead}: ${this.text}.${hint}`, this.credentials.secrets);
  }
}

export function registryName(reference: ImageReference): string {
  return reference.registry ?? "docker.io";
}

export interface PullRequest {
  reference: ImageReference;
  /** A tag or a sha256 digest; undefined pulls every tag. */
  tag: string | undefined;
  platform?: string | undefined;
}

export interface PullOptions extends TransferOptions {
  /** Retry once with the server env pair when the anonymous pull was refused (image_pull does; auto-pull not). */
  envFallback: boolean;
}

/**
 * POST /images/create for `request` with the stored credentials. A refusal is a TransferFailure; cancellation and a
 * lost connection pass through as they are.
 */
export async function pullImage(
  docker: Docker,
  sources: LoginSources,
  request: PullRequest,
  options: PullOptions,
): Promise<{ summary: TransferSummary; credentials: ChosenCredentials }> {
  const { reference } = request;
  const query = {
    fromImage: reference.repository,
    ...(request.tag ? { tag: request.tag } : {}),
    ...(request.platform ? { platform: request.platform } : {}),
  };
  const attempt = (creds: ChosenCredentials) =>
    streamTransfer(docker, { path: "/images/create", query }, creds.auth, options);
  try {
    const { result, creds } = await withCredentials(
      sources,
      reference.registry,
      null,
      attempt,
      (err) => options.envFallback && transferFailureText(err) !== undefined,
    );
    return { summary: result, credentials: creds };
  } catch (err) {
    const text = transferFailureText(err);
    if (text === undefined) throw err;
    throw new TransferFailure(text, registryName(reference), credentialsOf(err));
  }
}

/**
 * POST /images/{name}/push of `tag` (undefined = every local tag): the call's credentials, else the stored ones,
 * else the server env pair. A refusal is a TransferFailure.
 */
export async function pushImage(
  docker: Docker,
  sources: LoginSources,
  request: { reference: ImageReference; tag: string | undefined; explicit: ExplicitAuth | null | undefined },
  options: TransferOptions,
): Promise<{ summary: TransferSummary; credentials: ChosenCredentials }> {
  const { reference } = request;
  let credentials = await storedCredentials(sources, reference.registry, request.explicit);
  if (credentials.source === "none") credentials = serverEnvCredentials(sources, reference.registry) ?? credentials;
  try {
    // The repository passed parseReference: only name characters, so encodeURI cannot change the route.
    const path = `/images/${encodeURI(reference.repository)}/push`;
    const summary = await streamTransfer(
      docker,
      { path, query: request.tag ? { tag: request.tag } : {} },
      credentials.auth,
      options,
    );
    return { summary, credentials };
  } catch (err) {
    const text = transferFailureText(err);
    if (text === undefined) throw err;
    throw new TransferFailure(text, registryName(reference), credentials);
  }
}
