// Domain `system`: daemon liveness, versions, state, disk usage, events, the host list, registry
// logins held in memory, and connection control.

import type { Readable } from "node:stream";
import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { defineDomain, mutating, readOnly } from "../../contract/domain.js";
import { fieldsParam, flag } from "../../contract/params.js";
import { defineTool } from "../../contract/tool.js";
import { engineRequest, withSignals } from "../../engine/api.js";
import { dockerConfigLogins, readNamedDockerConfig } from "../../engine/docker-config.js";
import { daemonMessage, statusOf } from "../../engine/errors.js";
import { project } from "../../engine/fields.js";
import { engineFilters } from "../../engine/filters.js";
import { type RegistryLogin, registryKey, sameLogin, scrub } from "../../engine/registry-auth.js";
import { collectJsonLines } from "../../engine/streams.js";
import { DEFAULT_ROW_LIMIT, DF_TYPE, type DiskUsageDoc, kindParam, kindUsage, limitParam } from "./disk-usage.js";

const fields = fieldsParam(["ServerVersion", "Swarm.LocalNodeState"]);

export const systemPing = defineTool({
  description: "Check that the Docker daemon answers. Returns true.",
  input: {},
  async run(_args, ctx) {
    await withSignals(await ctx.docker()).ping({ abortSignal: ctx.signal });
    return true;
  },
});

export const systemVersion = defineTool({
  description: "Engine and API version of the daemon.",
  input: { fields },
  async run({ fields: paths }, ctx) {
    return project(await withSignals(await ctx.docker()).version({ abortSignal: ctx.signal }), paths);
  },
});

export const systemInfo = defineTool({
  description: "Daemon runtime state, like `docker info`: counts, driver, swarm, warnings.",
  input: { fields },
  async run({ fields: paths }, ctx) {
    return project(await withSignals(await ctx.docker()).info({ abortSignal: ctx.signal }), paths);
  },
});

interface DiskUsage {
  LayersSize?: number;
  Images?: Array<{ Size?: number; SharedSize?: number; Containers?: number }> | null;
  Containers?: Array<{ SizeRw?: number; State?: string }> | null;
  Volumes?: Array<{ UsageData?: { Size?: number; RefCount?: number } }> | null;
  BuildCache?: Array<{ Size?: number; InUse?: boolean; Shared?: boolean }> | null;
}

/** The `docker system df` table: per type, total, active, size and what a prune could reclaim. */
export function summarizeDiskUsage(df: DiskUsage) {
  const images = df.Images ?? [];
  const containers = df.Containers ?? [];
  const volumes = df.Volumes ?? [];
  const cache = df.BuildCache ?? [];
  const activeImages = images.filter((image) => (image.Containers ?? 0) > 0);
  const sum = <T>(rows: T[], pick: (row: T) => number | undefined) =>
    rows.reduce((total, row) => total + Math.max(pick(row) ?? 0, 0), 0);
  const imageSize = df.LayersSize ?? sum(images, (image) => (image.Size ?? 0) - (image.SharedSize ?? 0));
  const activeImageSize = sum(activeImages, (image) => image.Size);
  const volumeRows = volumes.filter((volume) => (volume.UsageData?.Size ?? -1) >= 0);
  return {
    Images: {
      total: images.length,
      active: activeImages.length,
      size_bytes: imageSize,
      reclaimable_bytes: Math.max(imageSize - activeImageSize, 0),
    },
    Containers: {
      total: containers.length,
      active: containers.filter((container) => container.State === "running").length,
      size_bytes: sum(containers, (container) => container.SizeRw),
      reclaimable_bytes: sum(
        containers.filter((container) => container.State !== "running"),
        (container) => container.SizeRw,
      ),
    },
    Volumes: {
      total: volumes.length,
      active: volumes.filter((volume) => (volume.UsageData?.RefCount ?? 0) > 0).length,
      size_bytes: sum(volumeRows, (volume) => volume.UsageData?.Size),
      reclaimable_bytes: sum(
        volumeRows.filter((volume) => (volume.UsageData?.RefCount ?? 0) === 0),
        (volume) => volume.UsageData?.Size,
      ),
    },
    BuildCache: {
      total: cache.length,
      active: cache.filter((entry) => entry.InUse).length,
      size_bytes: sum(cache, (entry) => entry.Size),
      reclaimable_bytes: sum(
        cache.filter((entry) => !entry.InUse && !entry.Shared),
        (entry) => entry.Size,
      ),
    },
  };
}

export const systemDf = defineTool({
  description:
    "Disk usage: the `docker system df` summary, or `kind`'s largest objects as rows (name or id, size, in use by, created).",
  input: {
    kind: kindParam,
    limit: limitParam.describe(`Rows with kind; default ${DEFAULT_ROW_LIMIT}.`),
    detail: flag(),
  },
  async run({ kind, limit, detail }, ctx) {
    if (kind && detail) {
      throw new CallerError("Pass `kind` for one kind's rows or `detail=true` for the whole document, not both.");
    }
    if (!kind && limit != null) throw new CallerError("`limit` counts the rows of a `kind`; pass kind as well.");
    const docker = await ctx.docker();
    if (kind) {
      // API 1.42+ computes only this kind; an older daemon ignores `type` and sends everything, which works as well.
      const doc = await engineRequest<DiskUsageDoc>(docker, {
        method: "GET",
        path: "/system/df",
        query: { type: DF_TYPE[kind] },
        signal: ctx.signal,
      });
      return kindUsage(doc, kind, limit ?? DEFAULT_ROW_LIMIT);
    }
    const df = (await withSignals(docker).df({ abortSignal: ctx.signal })) as DiskUsage;
    return detail ? df : summarizeDiskUsage(df);
  },
});

export const hostList = defineTool({
  description: "The configured daemons: label, endpoint, read-only, TLS, default.",
  input: {},
  async run(_args, ctx) {
    return ctx.hosts;
  },
});

/** Adds a Docker config's logins for registries not in memory: a login validated in this session is never replaced. */
function seed(cache: Map<string, RegistryLogin>, logins: Map<string, RegistryLogin>): void {
  for (const [key, login] of logins) if (!cache.has(key)) cache.set(key, login);
}

export const systemLogin = defineTool({
  description:
    "Validate registry credentials with the daemon and keep them in memory (not the Docker config) for pulls and pushes.",
  input: {
    username: z.string().min(1),
    password: z.string().min(1),
    email: z.string().nullish(),
    registry: z.string().nullish().describe("Registry address; omitted = Docker Hub."),
    reauth: z.boolean().default(false).describe("Re-validate even when these exact credentials are cached."),
    dockercfg_path: z.string().nullish().describe("Docker config file to seed the cache from."),
  },
  async run(args, ctx) {
    const logins = ctx.logins.cached;
    const key = registryKey(args.registry);
    if (args.dockercfg_path) {
      seed(
        logins,
        dockerConfigLogins(await readNamedDockerConfig(args.dockercfg_path, ctx.hostFiles, "dockercfg_path")),
      );
    } else if (logins.size === 0) {
      seed(logins, await ctx.logins.fromDockerConfig());
    }
    const cached = logins.get(key);
    // Only the same username and password skip the daemon: anything else is a new login to validate.
    if (cached && !args.reauth && sameLogin(cached, args.username, args.password)) {
      // Only a status: echoing the cached entry could put a password in the transcript.
      return { Status: `Login Succeeded (cached credentials for ${key}; pass reauth=true to re-validate)` };
    }
    const request = {
      username: args.username,
      password: args.password,
      ...(args.email ? { email: args.email } : {}),
      ...(args.registry ? { serveraddress: args.registry } : {}),
    };
    let response: { Status?: string; IdentityToken?: string };
    try {
      response = await engineRequest(await ctx.docker(), {
        method: "POST",
        path: "/auth",
        body: request,
        signal: ctx.signal,
      });
    } catch (err) {
      if (statusOf(err) === undefined) throw err;
      // A failed login changes nothing: an earlier good login for this registry stays in use.
      const kept = cached
        ? ` The earlier login for ${key} (user ${cached.username}) is unchanged and still used; system_logout forgets it.`
        : " Nothing was stored.";
      const message = daemonMessage(err) ?? (err as Error).message;
      const secrets = [args.password, ...(cached ? [cached.password] : [])];
      throw new CallerError(scrub(`Login to ${key} failed: ${message.replace(/\.$/, "")}.${kept}`, secrets));
    }
    logins.set(key, {
      username: args.username,
      password: args.password,
      serveraddress: args.registry ?? key,
      ...(args.email ? { email: args.email } : {}),
      ...(response.IdentityToken ? { identitytoken: response.IdentityToken } : {}),
    });
    return {
      Status: response.Status ?? "Login Succeeded",
      ...(response.IdentityToken ? { IdentityToken: response.IdentityToken } : {}),
    };
  },
});

export const systemLogout = defineTool({
  description: "Forget in-memory registry credentials (all, or one registry; Docker Hub is docker.io).",
  input: { registry: z.string().nullish() },
  async run({ registry }, ctx) {
    const logins = ctx.logins.cached;
    if (!registry) {
      const cleared = [...logins.keys()];
      logins.clear();
      return { cleared };
    }
    const key = registryKey(registry);
    return { cleared: logins.delete(key) ? [key] : [] };
  },
});

export const systemEvents = defineTool({
  description: "Daemon events until `limit` events, `until` or `timeout_seconds`, whichever comes first.",
  input: {
    since: z.string().nullish().describe("Unix epoch or RFC 3339 timestamp."),
    until: z.string().nullish().describe("Unix epoch or RFC 3339 timestamp."),
    filters: z
      .record(z.string(), z.unknown())
      .nullish()
      .describe('Engine filters, e.g. {"type":"container","event":"health_status"}.'),
    limit: z.number().int().min(0).max(10_000).default(100),
    timeout_seconds: z.number().min(0).max(3600).default(30),
  },
  async run(args, ctx) {
    const docker = await ctx.docker();
    const filters = engineFilters(args.filters);
    const stream = (await docker.getEvents({
      ...(args.since ? { since: args.since } : {}),
      ...(args.until ? { until: args.until } : {}),
      ...(filters ? { filters: JSON.stringify(filters) } : {}),
      abortSignal: ctx.signal,
    } as Parameters<typeof docker.getEvents>[0])) as unknown as Readable;
    return await collectJsonLines(stream, {
      limit: args.limit,
      timeoutMs: args.timeout_seconds * 1000,
      signal: ctx.signal,
    });
  },
});

export const systemClose = defineTool({
  description: "Close daemon connections (they reopen on use) and forget in-memory logins; no `host` = every host.",
  input: {},
  async run(_args, ctx) {
    ctx.connections.close();
    return true;
  },
});

export const systemReconnect = defineTool({
  description:
    "Rebuild a host's connection from its pinned endpoint (the old one stays on failure); returns the version.",
  input: {},
  async run(_args, ctx) {
    return await ctx.connections.reconnect();
  },
});

export const systemDomain = defineDomain({
  name: "system",
  keywords: "ping, version, info, df / disk usage, events, login, logout, host_list (configured daemons)",
  tools: {
    system_ping: readOnly(systemPing),
    system_version: readOnly(systemVersion),
    system_info: readOnly(systemInfo),
    system_df: readOnly(systemDf),
    host_list: readOnly(hostList, { hostless: true }),
    system_login: mutating(systemLogin, { connectionControl: true }),
    system_logout: mutating(systemLogout, { connectionControl: true }),
    system_events: readOnly(systemEvents),
    system_close: mutating(systemClose, { connectionControl: true }),
    system_reconnect: mutating(systemReconnect, { connectionControl: true }),
  },
});
