// Secrets and configs: the two swarm objects that carry a payload. Created from UTF-8 text (sent base64), listed as
// compact rows that never include the payload, refused with sentences that never repeat it.

import { type Explain, explainAll, notFound, objectPath, type SwarmApi } from "./swarm.js";

export type DataKind = "secret" | "config";

export interface DataDoc {
  ID: string;
  Version?: { Index?: number };
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec?: {
    Name?: string;
    Labels?: Record<string, string> | null;
    Data?: string;
    Driver?: { Name?: string } | null;
    Templating?: { Name?: string } | null;
  };
}

/** The `docker secret ls` / `docker config ls` columns; labels only when the caller filtered on them. */
export function dataRow(doc: DataDoc, withLabels: boolean): Record<string, unknown> {
  return {
    id: doc.ID,
    name: doc.Spec?.Name ?? null,
    ...(doc.Spec?.Driver?.Name ? { driver: doc.Spec.Driver.Name } : {}),
    ...(doc.Spec?.Templating?.Name ? { templating: doc.Spec.Templating.Name } : {}),
    created: doc.CreatedAt ?? null,
    updated: doc.UpdatedAt ?? null,
    ...(withLabels ? { labels: doc.Spec?.Labels ?? {} } : {}),
  };
}

export function alreadyExists(kind: DataKind, name: string, host: string): Explain {
  return (status) =>
    status === 409
      ? `A ${kind} named '${name}' already exists on host '${host}'; nothing was created. Choose another name, or remove the old one first (${kind}_remove).`
      : undefined;
}

/** POST /secrets/create or /configs/create; returns the new object's id and name (never its payload). */
export async function createData(
  api: SwarmApi,
  kind: DataKind,
  spec: Record<string, unknown> & { Name: string },
): Promise<{ id: string; name: string }> {
  const created = await api.post<{ ID: string }>(
    `/${kind}s/create`,
    spec,
    undefined,
    alreadyExists(kind, spec.Name, api.host),
  );
  return { id: created.ID, name: spec.Name };
}

/** DELETE, with the "still used by a service" refusal spelled out. */
export async function removeData(api: SwarmApi, kind: DataKind, ref: string): Promise<{ removed: string }> {
  const inUse: Explain = (_status, message) => {
    if (!/in use/i.test(message)) return undefined;
    const users = /in use by the following services?: (.+)$/i.exec(message)?.[1]?.trim();
    return `${kind === "secret" ? "Secret" : "Config"} '${ref}' is in use by ${users ? `service ${users}` : "a service"}; remove it from the service (service_update) or remove the service first.`;
  };
  await api.delete(objectPath(kind, ref), undefined, explainAll(notFound(kind, ref, api.host), inUse));
  return { removed: ref };
}

export async function inspectData(api: SwarmApi, kind: DataKind, ref: string): Promise<DataDoc> {
  return await api.get<DataDoc>(objectPath(kind, ref), undefined, notFound(kind, ref, api.host));
}

export async function listData(api: SwarmApi, kind: DataKind, filters: unknown): Promise<DataDoc[]> {
  return await api.get<DataDoc[]>(`/${kind}s`, filters ? { filters } : undefined);
}
