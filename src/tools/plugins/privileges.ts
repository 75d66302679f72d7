// The privileges a plugin asks for (GET /plugins/privileges) against the ones the caller granted. A plugin is pulled
// only when every privilege it asks for was granted by name and value; the daemon then gets exactly the list it
// asked for (it refuses any other list with "incorrect privileges").

import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import type { ToolContext } from "../../contract/tool.js";
import { engineRequest } from "../../engine/api.js";

export interface Privilege {
  Name: string;
  Description?: string;
  Value: string[];
}

/** `grant_privileges`; `brief` refers to plugin_install's description instead of repeating it. */
export function grantsInput(brief = false) {
  return z
    .array(z.string())
    .nullish()
    .describe(brief ? "As for plugin_install." : 'Accepted privileges, e.g. ["network=host"].');
}

/** The grants as a set of "name=value" strings; a malformed one is refused. */
export function parseGrants(grants: readonly string[] | null | undefined): Set<string> {
  const out = new Set<string>();
  for (const grant of grants ?? []) {
    const equals = grant.indexOf("=");
    if (equals <= 0 || equals === grant.length - 1) {
      throw new CallerError(`grant_privileges entry '${grant}' is not "name=value", e.g. "network=host".`);
    }
    out.add(`${grant.slice(0, equals).trim()}=${grant.slice(equals + 1).trim()}`);
  }
  return out;
}

/** One "name=value" per value a privilege carries. */
export function grantStrings(privileges: readonly Privilege[]): string[] {
  return privileges.flatMap((privilege) => (privilege.Value ?? []).map((value) => `${privilege.Name}=${value}`));
}

export async function requestedPrivileges(ctx: ToolContext, remote: string, auth: object): Promise<Privilege[]> {
  const privileges = await engineRequest<Privilege[] | null>(await ctx.docker(), {
    method: "GET",
    path: "/plugins/privileges",
    query: { remote },
    authconfig: auth,
    signal: ctx.signal,
  });
  return privileges ?? [];
}

/** Refuses, naming each missing privilege and how to grant them all, unless every one was granted. */
export function checkGranted(remote: string, requested: readonly Privilege[], granted: ReadonlySet<string>): void {
  const missing = requested.flatMap((privilege) =>
    (privilege.Value ?? [])
      .map((value) => `${privilege.Name}=${value}`)
      .filter((grant) => !granted.has(grant))
      .map((grant) => (privilege.Description ? `${grant} (${privilege.Description})` : grant)),
  );
  if (missing.length === 0) return;
  throw new CallerError(
    `Plugin ${remote} asks for privileges you did not grant: ${missing.join(", ")}. Nothing changed. ` +
      `To accept, call again with grant_privileges: ${JSON.stringify(grantStrings(requested))}.`,
  );
}

/** Grants the caller gave that the plugin did not ask for (reported, never sent). */
export function unusedGrants(requested: readonly Privilege[], granted: ReadonlySet<string>): string[] {
  const asked = new Set(grantStrings(requested));
  return [...granted].filter((grant) => !asked.has(grant));
}
