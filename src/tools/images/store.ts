// The local image store: inspect, list, history, tag, remove, prune; plus the two registry lookups the daemon does
// for us (registry_data, Hub search).

import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { hasLoneSurrogate, loneSurrogateMessage, quote } from "../../base/quote.js";
import { fieldsParam, flag, NOT_BLANK, notBlank } from "../../contract/params.js";
import { defineTool, type ToolContext } from "../../contract/tool.js";
import { engineRequest } from "../../engine/api.js";
import { daemonMessage, explainDaemonErrors, statusOf } from "../../engine/errors.js";
import { type EngineFilters, engineFilters, hasLabelFilter } from "../../engine/filters.js";
import { checkTag, parseReference } from "../../engine/image-reference.js";
import { inspectAnswer } from "../../engine/inspect-shape.js";
import { credentialsOf, encodeRegistryAuth, scrub, withCredentials } from "../../engine/registry-auth.js";
import { authConfigInput } from "./credentials.js";
import { type ImageSummaryDoc, imageRow, isoFromEpoch } from "./rows.js";

/**
 * An image id or reference as a path segment, checked first: slashes and colons stay (the Engine routes on them), so
 * anything that is not an id or a well-formed reference (e.g. `a//b`) is refused before it reaches the HTTP layer.
 */
export function imagePath(idOrName: string): string {
  if (hasLoneSurrogate(idOrName)) throw new CallerError(loneSurrogateMessage("Image name", idOrName));
  if (!notBlank(idOrName))
    throw new CallerError(`Image name ${quote(idOrName)} is blank: give an image id or name:tag.`);
  if (!/^(?:sha256:)?[0-9a-f]{1,64}$/.test(idOrName)) parseReference(idOrName, "id_or_name");
  return encodeURI(idOrName).replace(/[?#]/g, encodeURIComponent);
}

/** A 404 from an image endpoint becomes an actionable message; other errors pass through to the generic mapping. */
export function onImage<T>(ctx: ToolContext, idOrName: string, call: () => Promise<T>): Promise<T> {
  return explainDaemonErrors(call, (status, message) => {
    if (status === 404) {
      return `No such image ${quote(idOrName)} on host '${ctx.host.label}'. Check the name with image_list, or pull it with image_pull.`;
    }
    if (status === 400 && /invalid reference format/i.test(message)) {
      return `${quote(idOrName)} is not a valid image reference or id: ${message}.`;
    }
    return undefined;
  });
}

const idOrName = z.string().min(1).refine(notBlank, NOT_BLANK);
const fields = fieldsParam(["Id", "Config.Env"]);

export const imageInspect = defineTool({
  description: "A local image's inspect document without null, empty or default fields.",
  input: { id_or_name: idOrName, fields, detail: flag() },
  async run(args, ctx) {
    const docker = await ctx.docker();
    const doc = await onImage(ctx, args.id_or_name, () =>
      engineRequest<unknown>(docker, {
        method: "GET",
        path: `/images/${imagePath(args.id_or_name)}/json`,
        signal: ctx.signal,
      }),
    );
    return inspectAnswer(doc, args);
  },
});

export const imageRegistryData = defineTool({
  description: "Resolve a remote reference through the daemon without pulling: manifest descriptor and platforms.",
  input: { repository: z.string().min(1), auth_config: authConfigInput },
  async run(args, ctx) {
    const reference = parseReference(args.repository);
    try {
      const { result } = await withCredentials(
        ctx.logins,
        reference.registry,
        args.auth_config,
        async (creds) =>
          await engineRequest<unknown>(await ctx.docker(), {
            method: "GET",
            path: `/distribution/${imagePath(args.repository)}/json`,
            ...(creds.auth ? { authconfig: { base64: encodeRegistryAuth(creds.auth) } } : {}),
            signal: ctx.signal,
          }),
        (err) => statusOf(err) !== undefined,
      );
      return result;
    } catch (err) {
      if (statusOf(err) === undefined) throw err;
      const text = daemonMessage(err) ?? (err as Error).message;
      throw new CallerError(
        scrub(
          `Registry lookup of ${args.repository} (registry ${reference.registry ?? "docker.io"}) failed: ${text}`,
          credentialsOf(err).secrets,
        ),
      );
    }
  },
});

export const imageList = defineTool({
  description: "List local images as rows: id, tags, created, size.",
  input: {
    repository: z.string().nullish().describe("Only this repository (reference filter, wildcards allowed)."),
    all: z.boolean().default(false).describe("Include intermediate images."),
    filters: z
      .record(z.string(), z.unknown())
      .nullish()
      .describe('dangling, label, before, since, reference, e.g. {"dangling":true}.'),
    detail: z.boolean().default(false),
  },
  async run(args, ctx) {
    const given = engineFilters(args.filters);
    const filters =
      args.repository === null || args.repository === undefined ? given : withRepository(given, args.repository);
    const images = await engineRequest<ImageSummaryDoc[]>(await ctx.docker(), {
      method: "GET",
      path: "/images/json",
      query: { all: args.all, ...(filters ? { filters } : {}) },
      signal: ctx.signal,
    });
    if (args.detail) return images;
    return images.map((image) => imageRow(image, hasLabelFilter(filters)));
  },
});

/** `repository` as the reference filter. The daemon ORs reference values, so it cannot be added to the caller's. */
function withRepository(filters: EngineFilters | undefined, repository: string): EngineFilters {
  if (repository.trim() === "") throw new CallerError("repository is empty: give a repository name, or leave it out.");
  if (filters && Object.hasOwn(filters, "reference")) {
    throw new CallerError(
      "Give either `repository` or filters.reference, not both: the daemon matches any one reference, so together they would list more than either.",
    );
  }
  return { ...filters, reference: [repository] };
}

interface DeleteEntry {
  Untagged?: string;
  Deleted?: string;
}

/** The Engine's delete list split into what lost a name and what was deleted (images and layers). */
function deletionSummary(entries: DeleteEntry[] | null | undefined) {
  const list = entries ?? [];
  return {
    untagged: list.flatMap((entry) => (entry.Untagged ? [entry.Untagged] : [])),
    deleted: list.flatMap((entry) => (entry.Deleted ? [entry.Deleted] : [])),
  };
}

export const imageRemove = defineTool({
  description: "Remove a local image or one of its tags; returns what was untagged and deleted.",
  input: {
    id_or_name: idOrName,
    force: z.boolean().default(false).describe("Also when containers use it or it has several tags."),
    noprune: z.boolean().default(false).describe("Keep untagged parent images."),
  },
  async run(args, ctx) {
    const docker = await ctx.docker();
    const entries = await onImage(ctx, args.id_or_name, () =>
      engineRequest<DeleteEntry[]>(docker, {
        method: "DELETE",
        path: `/images/${imagePath(args.id_or_name)}`,
        query: { force: args.force, noprune: args.noprune },
        signal: ctx.signal,
      }),
    );
    return { removed: args.id_or_name, ...deletionSummary(entries) };
  },
});

interface SearchResult {
  name?: string;
  description?: string;
  star_count?: number;
  is_official?: boolean;
  is_automated?: boolean;
}

export const imageSearch = defineTool({
  description: "Search Docker Hub through the daemon: name, description, stars, official, automated.",
  input: { term: z.string().min(1), limit: z.number().int().min(1).max(100).nullish() },
  async run(args, ctx) {
    let results: SearchResult[];
    try {
      results = await engineRequest<SearchResult[]>(await ctx.docker(), {
        method: "GET",
        path: "/images/search",
        query: { term: args.term, ...(args.limit ? { limit: args.limit } : {}) },
        signal: ctx.signal,
      });
    } catch (err) {
      const status = statusOf(err);
      if (status === undefined || status < 500) throw err;
      throw new CallerError(
        `The daemon on host '${ctx.host.label}' could not reach Docker Hub to search: ${daemonMessage(err) ?? (err as Error).message}. ` +
          "Search needs the daemon to reach index.docker.io (directly or through its proxy); for a private registry use the registry_* tools.",
      );
    }
    return results.map((result) => ({
      name: result.name,
      description: result.description,
      star_count: result.star_count ?? 0,
      is_official: result.is_official === true,
      is_automated: result.is_automated === true,
    }));
  },
});

export const imagePrune = defineTool({
  description:
    'Remove unused images (dangling only unless {"dangling": false}); returns what was removed and the bytes reclaimed.',
  input: {
    filters: z
      .record(z.string(), z.unknown())
      .nullish()
      .describe('dangling, until, label, e.g. {"label":"stage=tmp"}.'),
  },
  async run(args, ctx) {
    const filters = engineFilters(args.filters);
    const result = await engineRequest<{ ImagesDeleted?: DeleteEntry[] | null; SpaceReclaimed?: number }>(
      await ctx.docker(),
      { method: "POST", path: "/images/prune", query: filters ? { filters } : {}, signal: ctx.signal },
    );
    return { ...deletionSummary(result.ImagesDeleted), space_reclaimed: result.SpaceReclaimed ?? 0 };
  },
});

export const imageTag = defineTool({
  description: "Give a local image another name, e.g. a registry-qualified one to push.",
  input: {
    id_or_name: idOrName,
    repository: z.string().min(1).describe("Target name, may include :tag."),
    tag: z.string().nullish().describe("Default: the tag in `repository`, else latest."),
    force: z.boolean().default(false).describe("Ignored: current daemons always move an existing tag."),
  },
  async run(args, ctx) {
    const reference = parseReference(args.repository);
    if (reference.digest)
      throw new CallerError("repository must not contain a digest: a tag names a digest, not the reverse.");
    if (args.tag) checkTag(args.tag);
    const tag = args.tag ?? reference.tag ?? "latest";
    const docker = await ctx.docker();
    await onImage(ctx, args.id_or_name, () =>
      engineRequest<unknown>(docker, {
        method: "POST",
        path: `/images/${imagePath(args.id_or_name)}/tag`,
        query: { repo: reference.repository, tag },
        signal: ctx.signal,
      }),
    );
    return { tagged: `${reference.repository}:${tag}`, source: args.id_or_name };
  },
});

interface HistoryEntry {
  Id?: string;
  Created?: number;
  CreatedBy?: string;
  Tags?: string[] | null;
  Size?: number;
  Comment?: string;
}

const CREATED_BY_WIDTH = 400;

export const imageHistory = defineTool({
  description: "Layers of a local image, newest first: created, command, size.",
  input: { id_or_name: idOrName },
  async run(args, ctx) {
    const docker = await ctx.docker();
    const entries = await onImage(ctx, args.id_or_name, () =>
      engineRequest<HistoryEntry[]>(docker, {
        method: "GET",
        path: `/images/${imagePath(args.id_or_name)}/history`,
        signal: ctx.signal,
      }),
    );
    return entries.map((entry) => {
      const createdBy = entry.CreatedBy ?? "";
      return {
        id: entry.Id && entry.Id !== "<missing>" ? entry.Id : null,
        created: isoFromEpoch(entry.Created),
        created_by: createdBy.length > CREATED_BY_WIDTH ? `${createdBy.slice(0, CREATED_BY_WIDTH)}…` : createdBy,
        size: entry.Size ?? 0,
        ...(entry.Tags?.length ? { tags: entry.Tags } : {}),
        ...(entry.Comment ? { comment: entry.Comment } : {}),
      };
    });
  },
});
