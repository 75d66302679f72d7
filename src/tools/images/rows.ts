// Compact image rows for list results: what `docker image ls` shows plus the full id.

export interface ImageSummaryDoc {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Created?: number;
  Size?: number;
  Containers?: number;
  Labels?: Record<string, string> | null;
}

export interface ImageRow {
  id: string;
  tags: string[];
  created: string | undefined;
  size: number | undefined;
  digests?: string[];
  containers?: number;
  labels?: Record<string, string>;
}

export function isoFromEpoch(seconds: number | undefined): string | undefined {
  return typeof seconds === "number" && seconds > 0 ? new Date(seconds * 1000).toISOString() : undefined;
}

export function imageRow(doc: ImageSummaryDoc, withLabels: boolean): ImageRow {
  const tags = (doc.RepoTags ?? []).filter((tag) => tag !== "<none>:<none>");
  const digests = (doc.RepoDigests ?? []).filter((digest) => !digest.startsWith("<none>@"));
  return {
    id: doc.Id,
    tags,
    created: isoFromEpoch(doc.Created),
    size: doc.Size,
    // An untagged image is only addressable by id or digest: show the digest then.
    ...(tags.length === 0 && digests.length > 0 ? { digests } : {}),
    ...(typeof doc.Containers === "number" && doc.Containers >= 0 ? { containers: doc.Containers } : {}),
    ...(withLabels && doc.Labels ? { labels: doc.Labels } : {}),
  };
}
