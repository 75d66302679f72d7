// image_build: a Dockerfile build through the Engine API (POST /build) from a context directory on the server host or
// an in-band base64 tar. BuildKit is used where the daemon runs Linux containers (no session: the context travels as
// a tar, so nothing of dockerode's gRPC/proto machinery is loaded); the classic builder otherwise and for `squash`.

import { stat } from "node:fs/promises";
import { isAbsolute, join, normalize, sep } from "node:path";
import type { Readable } from "node:stream";
import type Docker from "dockerode";
import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { defineTool, type ToolContext } from "../../contract/tool.js";
import { engineRequest, withSignals } from "../../engine/api.js";
import { packContext } from "../../engine/build-context.js";
import { type BuildSummary, BuildTracker } from "../../engine/build-progress.js";
import { dockerConfigProxies, readUserDockerConfig } from "../../engine/docker-config.js";
import { daemonMessage, statusOf } from "../../engine/errors.js";
import { checkPathArgument, expandHome } from "../../engine/host-files.js";
import { checkTag, parseReference } from "../../engine/image-reference.js";
import { decodeInbandTar } from "../../engine/inband.js";
import { consumeJsonStream, StreamFailure } from "../../engine/progress.js";
import { type AuthConfig, encodeRegistryConfig, registryConfig } from "../../engine/registry-auth.js";
import { irregularKind } from "../../engine/regular-file.js";
import { guardBody } from "../../engine/request-body.js";
import { imagePath } from "./store.js";
import { describeArchive } from "./tar-check.js";

const stringMap = z.record(z.string(), z.string());

const PROXY_ARGS: Readonly<Record<string, string>> = {
  httpProxy: "HTTP_PROXY",
  httpsProxy: "HTTPS_PROXY",
  noProxy: "NO_PROXY",
  ftpProxy: "FTP_PROXY",
  allProxy: "ALL_PROXY",
};

/** Proxy settings of the Docker config (`proxies.default`) as build args, the way the docker CLI injects them. */
export async function configProxyArgs(configFile: string): Promise<Record<string, string>> {
  const proxies = dockerConfigProxies(await readUserDockerConfig(configFile));
  const out: Record<string, string> = {};
  for (const [key, name] of Object.entries(PROXY_ARGS)) {
    const value = proxies[key];
    if (value) {
      out[name] = value;
      out[name.toLowerCase()] = value;
    }
  }
  return out;
}

interface BuildBody {
  body: Readable | Buffer;
  /** Context entries that were not sent (sockets, FIFOs, devices), filled while the body streams. */
  skipped: readonly string[];
}

/** The context as a stream, checked before any daemon call: a clear error for a missing directory or Dockerfile. */
async function openContext(
  ctx: ToolContext,
  path: string | null | undefined,
  data: string | null | undefined,
  dockerfile: string,
): Promise<BuildBody> {
  const hasData = data !== undefined && data !== null;
  if (hasData === Boolean(path)) {
    throw new CallerError(
      "Pass exactly one build context: `path` (a directory on the server host) or `data` (a base64 tar of the context).",
    );
  }
  checkPathArgument(dockerfile, "dockerfile");
  if (hasData) {
    const bytes = decodeInbandTar(data as string, "data", "Put the context on the server host and use path.");
    const problem = describeArchive(bytes);
    if (problem) throw new CallerError(`data is not a tar of a build context: ${problem}`);
    return { body: bytes, skipped: [] };
  }
  const root = expandHome(path as string, ctx.hostFiles.home);
  const info = await stat(root).catch(() => undefined);
  if (!info) {
    throw new CallerError(
      `Build context ${root} does not exist on the server host (the machine running docker-mcp-server, not necessarily the daemon's).` +
        (ctx.hostFiles.inContainer
          ? " The server runs in a container: bind-mount the directory (-v <dir>:<dir>)."
          : "") +
        " Pass an existing directory, or send the context as a base64 tar in `data`.",
    );
  }
  if (!info.isDirectory()) {
    throw new CallerError(`Build context ${root} is ${irregularKind(info) ?? "a file"}; \`path\` must be a directory.`);
  }
  const dockerfilePath = join(root, dockerfile);
  const inside = normalize(dockerfilePath).startsWith(normalize(root) + sep);
  if (!inside || isAbsolute(dockerfile)) {
    throw new CallerError(`dockerfile '${dockerfile}' must be a path inside the context directory ${root}.`);
  }
  const dockerfileInfo = await stat(dockerfilePath).catch(() => undefined);
  if (!dockerfileInfo) {
    throw new CallerError(`No Dockerfile at ${dockerfilePath}; pass \`dockerfile\` relative to the context.`);
  }
  const kind = irregularKind(dockerfileInfo);
  if (kind) throw new CallerError(`dockerfile ${dockerfilePath} is ${kind}, not a regular file; nothing was sent.`);
  const packed = await packContext(root, dockerfile);
  return { body: packed.stream, skipped: packed.skipped };
}

const MAX_SKIPPED_SHOWN = 10;

/** The special files a context directory held, which were not sent (as the docker CLI skips sockets). */
function skippedWarning(skipped: readonly string[]): string {
  const shown = skipped.slice(0, MAX_SKIPPED_SHOWN).join(", ");
  const more = skipped.length > MAX_SKIPPED_SHOWN ? ` and ${skipped.length - MAX_SKIPPED_SHOWN} more` : "";
  return `Not sent (not regular files, directories or symlinks; never read): ${shown}${more}.`;
}

/** A build that failed after streaming started; keeps the tracker's summary for the message or a retry decision. */
class BuildFailure extends Error {
  constructor(readonly summary: BuildSummary) {
    super(summary.error ?? "build failed");
  }

  toCallerError(): CallerError {
    const tail = this.summary.log_tail.length ? `\nLast build output:\n${this.summary.log_tail.join("\n")}` : "";
    return new CallerError(`Build failed: ${this.summary.error ?? this.message}${tail}`);
  }
}

/**
 * BuildKit without a session cannot send registry credentials, so a private base image fails to resolve ("no active
 * sessions", or a 400/401 from the registry); the classic builder takes them from X-Registry-Config instead.
 */
function isBaseImageResolution(err: unknown): err is BuildFailure {
  return err instanceof BuildFailure && /load metadata for /.test(err.summary.error ?? "");
}

/** One POST /build, its stream followed to the end; failures become BuildFailure or a CallerError. */
async function runBuild(
  ctx: ToolContext,
  docker: Docker,
  query: Record<string, unknown>,
  body: Readable | Buffer,
  registryAuths: Record<string, AuthConfig> | undefined,
): Promise<BuildTracker> {
  const tracker = new BuildTracker((message) => ctx.progress(message));
  ctx.progress(`Sending the build context to the daemon (${query.version === "2" ? "BuildKit" : "classic builder"})`);
  const guard = guardBody(body, ctx.signal);
  try {
    const stream = await engineRequest<Readable>(docker, {
      method: "POST",
      path: "/build",
      query,
      file: body,
      ...(registryAuths ? { registryconfig: { base64: encodeRegistryConfig(registryAuths) } } : {}),
      stream: true,
      signal: guard.signal,
    });
    await consumeJsonStream(stream, (message) => tracker.accept(message), guard.signal);
  } catch (caught) {
    // A context that failed while it was sent (a file that shrank, an unreadable one) is the error to report.
    const err = guard.failure(caught);
    if (err instanceof StreamFailure) {
      const summary = tracker.summary();
      throw new BuildFailure({ ...summary, error: summary.error ?? err.message });
    }
    if (statusOf(err) !== undefined && statusOf(err) !== 404) {
      throw new CallerError(`Build rejected by the daemon: ${daemonMessage(err) ?? (err as Error).message}`);
    }
    throw err;
  }
  return tracker;
}

export const imageBuild = defineTool({
  description:
    "Build an image from a Dockerfile (BuildKit on Linux daemons), context `path` (honours .dockerignore) or `data`: id, tags, size; a failing step is an error with the log's tail.",
  input: {
    path: z.string().nullish().describe("Context directory on the server host."),
    data: z.string().nullish().describe("The context as a tar."),
    tag: z.string().nullish(),
    dockerfile: z.string().nullish().describe("Relative to the context; default Dockerfile."),
    buildargs: stringMap.nullish(),
    target: z.string().nullish().describe("Stage to build."),
    labels: stringMap.nullish(),
    nocache: z.boolean().default(false),
    pull: z.boolean().default(false).describe("Always pull newer base images."),
    quiet: z.boolean().default(false),
    rm: z.boolean().default(true),
    forcerm: z.boolean().default(false),
    container_limits: z
      .object({
        memory: z.number().int().optional(),
        memswap: z.number().int().optional(),
        cpushares: z.number().int().optional(),
        cpusetcpus: z.string().optional(),
      })
      .nullish(),
    shmsize: z.number().int().min(0).nullish().describe("Bytes."),
    cache_from: z.array(z.string()).nullish(),
    network_mode: z.string().nullish(),
    squash: z.boolean().default(false).describe("Classic builder only."),
    extra_hosts: stringMap.nullish().describe("hostname → IP."),
    platform: z.string().nullish(),
    isolation: z.string().nullish(),
    use_config_proxy: z.boolean().default(true).describe("Pass the Docker config's proxies as build args."),
  },
  async run(args, ctx) {
    if (args.tag) {
      const reference = parseReference(args.tag, "tag");
      if (reference.digest) throw new CallerError("tag must be name[:tag], not a digest.");
      if (reference.tag) checkTag(reference.tag);
    }
    const dockerfile = args.dockerfile ?? "Dockerfile";
    // Checked (and, for a directory, packed) before any daemon call; opened again for a classic-builder retry.
    const openBody = () => openContext(ctx, args.path, args.data, dockerfile);
    let context = await openBody();
    const docker = await ctx.docker();
    let version: { Os?: unknown };
    try {
      version = await withSignals(docker).version({ abortSignal: ctx.signal });
    } catch (err) {
      if (!Buffer.isBuffer(context.body)) context.body.destroy();
      throw err;
    }
    let buildkit = version.Os === "linux" && !args.squash;
    const buildargs = {
      ...(args.use_config_proxy ? await configProxyArgs(ctx.dockerConfigFile) : {}),
      ...(args.buildargs ?? {}),
    };
    const limits = args.container_limits ?? {};
    const query: Record<string, unknown> = {
      t: args.tag ?? undefined,
      dockerfile,
      q: args.quiet,
      nocache: args.nocache,
      rm: args.rm,
      forcerm: args.forcerm,
      pull: args.pull,
      squash: args.squash,
      buildargs: Object.keys(buildargs).length ? buildargs : undefined,
      labels: args.labels ?? undefined,
      target: args.target ?? undefined,
      cachefrom: args.cache_from ? JSON.stringify(args.cache_from) : undefined,
      networkmode: args.network_mode ?? undefined,
      extrahosts: args.extra_hosts ? Object.entries(args.extra_hosts).map(([name, ip]) => `${name}:${ip}`) : undefined,
      platform: args.platform ?? undefined,
      isolation: args.isolation ?? undefined,
      shmsize: args.shmsize ?? undefined,
      memory: limits.memory,
      memswap: limits.memswap,
      cpushares: limits.cpushares,
      cpusetcpus: limits.cpusetcpus,
    };
    const registryAuths = await registryConfig(ctx.logins);
    const warnings: string[] = [];
    let tracker: BuildTracker;
    try {
      tracker = await runBuild(ctx, docker, { ...query, version: buildkit ? "2" : "1" }, context.body, registryAuths);
    } catch (err) {
      if (!(buildkit && registryAuths && isBaseImageResolution(err))) {
        throw err instanceof BuildFailure ? err.toCallerError() : err;
      }
      warnings.push(
        `BuildKit could not resolve a base image with credentials (${err.summary.error}); built with the classic builder instead.`,
      );
      buildkit = false;
      try {
        context = await openBody();
        tracker = await runBuild(ctx, docker, { ...query, version: "1" }, context.body, registryAuths);
      } catch (retryErr) {
        throw retryErr instanceof BuildFailure ? retryErr.toCallerError() : retryErr;
      }
    }
    const summary = tracker.summary();
    if (context.skipped.length) warnings.push(skippedWarning(context.skipped));
    const lookup = summary.id ?? args.tag;
    if (!lookup)
      throw new CallerError("The build finished without reporting an image id; pass `tag` to name the result.");
    const image = await engineRequest<{ Id: string; RepoTags?: string[] | null; Size?: number }>(docker, {
      method: "GET",
      path: `/images/${imagePath(lookup)}/json`,
      signal: ctx.signal,
    });
    return {
      id: image.Id,
      tags: image.RepoTags ?? [],
      size: image.Size,
      builder: buildkit ? "buildkit" : "classic",
      steps: summary.steps,
      cached_steps: summary.cached_steps,
      ...(summary.warnings.length || warnings.length ? { warnings: [...warnings, ...summary.warnings] } : {}),
    };
  },
});
