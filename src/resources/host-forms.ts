// What the observability resources share: with one host the bare URIs, with several
// `scheme:///…` for the default host and `scheme://{host}/…` per label; child URIs follow the index's own form.

import type Docker from "dockerode";
import type { HostEntry } from "../config/hosts.js";
import type { ResourceContext } from "../contract/resource.js";
import { EngineError, toEngineError } from "../engine/errors.js";

/** How child URIs are written: matching the form of the index they appear in. */
export type Form = { kind: "single" } | { kind: "default" } | { kind: "host"; label: string };

export function childUri(scheme: string, form: Form, ref: string): string {
  const encoded = encodeURIComponent(ref);
  if (form.kind === "single") return `${scheme}://${encoded}`;
  if (form.kind === "default") return `${scheme}:///${encoded}`;
  return `${scheme}://${form.label}/${encoded}`;
}

/** The host a read targets: the default host, or the configured label named in the URI. */
export function hostFor(ctx: ResourceContext, label: string | undefined): HostEntry {
  const entries = ctx.hosts.entries;
  if (label === undefined) return entries[0] as HostEntry;
  const found = entries.find((entry) => entry.label === label);
  if (!found) {
    throw new EngineError(
      `Unknown host '${label}'. Configured hosts: ${entries.map((entry) => entry.label).join(", ")}.`,
    );
  }
  return found;
}

export function formOf(params: Record<string, string>, uri: string): Form {
  if (params.host !== undefined) return { kind: "host", label: params.host };
  return uri.includes(":///") ? { kind: "default" } : { kind: "single" };
}

export function hostModeOf(uri: string): "single" | "multi" {
  return uri.includes(":///") || uri.includes("{host}") ? "multi" : "single";
}

export async function withDocker<T>(
  ctx: ResourceContext,
  host: HostEntry,
  use: (docker: Docker) => Promise<T>,
): Promise<T> {
  try {
    return await use(await ctx.docker(host));
  } catch (err) {
    throw toEngineError(err, host.label, host.url ?? "the default Docker socket");
  }
}
