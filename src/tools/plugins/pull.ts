// plugin_install and plugin_upgrade: fetch the privileges the remote asks for, refuse unless the caller granted each
// one, then pull (or upgrade) with exactly that list, following the progress stream to its end. An error line in
// the stream is a failure, never a success.

import type { Readable } from "node:stream";
import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { refParam } from "../../contract/params.js";
import { defineTool, type ToolContext } from "../../contract/tool.js";
import { engineRequest } from "../../engine/api.js";
import { daemonMessage } from "../../engine/errors.js";
import { consumeJsonStream, StreamFailure, TransferTracker } from "../../engine/progress.js";
import {
  type ChosenCredentials,
  credentialsOf,
  encodeRegistryAuth,
  isAuthFailure,
  scrub,
  withCredentials,
} from "../../engine/registry-auth.js";
import { inspectPlugin } from "./common.js";
import {
  checkGranted,
  grantStrings,
  grantsInput,
  type Privilege,
  parseGrants,
  requestedPrivileges,
  unusedGrants,
} from "./privileges.js";
import { checkReference, pluginPath } from "./reference.js";

interface Transfer {
  /** "Install" or "Upgrade", for messages. */
  verb: string;
  path: string;
  query: Record<string, string>;
  remote: string;
  /** Registry key of the remote, for the logins. */
  registry: string;
  granted: ReadonlySet<string>;
}

interface Pulled {
  requested: Privilege[];
  auth: ChosenCredentials;
  digest: string | undefined;
}

function failureText(err: unknown): string | undefined {
  if (err instanceof StreamFailure) return err.message;
  const status = (err as { statusCode?: unknown })?.statusCode;
  if (typeof status === "number") return daemonMessage(err) ?? (err as Error).message;
  return undefined;
}

function transferError(transfer: Transfer, text: string, auth: ChosenCredentials): CallerError {
  let hint = "";
  if (isAuthFailure(text)) {
    hint =
      auth.source === "none"
        ? ` The registry ${transfer.registry} wants credentials: log in with system_login (registry="${transfer.registry}").`
        : ` The registry ${transfer.registry} refused the credentials (from ${auth.source}); check them with system_login.`;
  } else if (/incorrect privileges/i.test(text)) {
    hint = " The privileges the plugin asks for changed during the call; call again to see them.";
  } else if (/already exists/i.test(text)) {
    hint = " Pass another local_name, or remove the installed one first (plugin_remove).";
  } else if (/not found|manifest unknown/i.test(text)) {
    hint = " Check the remote's name and tag (registry_tags lists a registry's tags).";
  }
  return new CallerError(
    scrub(`${transfer.verb} of ${transfer.remote} failed: ${text}.${hint} Nothing changed.`, auth.secrets),
  );
}

async function attempt(ctx: ToolContext, transfer: Transfer, auth: ChosenCredentials): Promise<Pulled> {
  const header = { base64: encodeRegistryAuth(auth.auth) };
  const requested = await requestedPrivileges(ctx, transfer.remote, header);
  checkGranted(transfer.remote, requested, transfer.granted);
  const tracker = new TransferTracker((message) => ctx.progress(message));
  const stream = await engineRequest<Readable>(await ctx.docker(), {
    method: "POST",
    path: transfer.path,
    query: transfer.query,
    body: requested,
    authconfig: header,
    stream: true,
    signal: ctx.signal,
  });
  await consumeJsonStream(stream, (message) => tracker.accept(message), ctx.signal);
  return { requested, auth, digest: tracker.summary().digest };
}

/** Runs the transfer with the stored logins, and once more with the server's env pair if an anonymous one was refused. */
async function transferWithLogins(ctx: ToolContext, transfer: Transfer): Promise<Pulled> {
  try {
    const { result } = await withCredentials(
      ctx.logins,
      transfer.registry,
      undefined,
      (creds) => attempt(ctx, transfer, creds),
      (err) => isAuthFailure(failureText(err) ?? ""),
    );
    return result;
  } catch (err) {
    const text = failureText(err);
    if (text === undefined) throw err;
    throw transferError(transfer, text, credentialsOf(err));
  }
}

function outcome(pulled: Pulled, granted: ReadonlySet<string>) {
  const unused = unusedGrants(pulled.requested, granted);
  return {
    privileges: grantStrings(pulled.requested),
    ...(unused.length ? { unused_grants: unused } : {}),
    ...(pulled.digest ? { digest: pulled.digest } : {}),
    ...(pulled.auth.source !== "none" ? { credentials: pulled.auth.source } : {}),
  };
}

export const pluginInstall = defineTool({
  description:
    "Install a plugin, disabled, if grant_privileges has every privilege it asks for; else lists them and installs nothing.",
  input: {
    remote: z.string().min(1).describe("e.g. vieux/sshfs:latest"),
    local_name: z.string().nullish().describe("Install under this name instead of remote."),
    grant_privileges: grantsInput(),
  },
  async run(args, ctx) {
    const registry = checkReference(args.remote, "remote", true);
    if (args.local_name) checkReference(args.local_name, "local_name", false);
    else if (args.remote.includes("@")) {
      throw new CallerError("A remote pinned by digest needs a local_name to install under.");
    }
    const granted = parseGrants(args.grant_privileges);
    const transfer: Transfer = {
      verb: "Install",
      path: "/plugins/pull",
      query: { remote: args.remote, ...(args.local_name ? { name: args.local_name } : {}) },
      remote: args.remote,
      registry,
      granted,
    };
    const pulled = await transferWithLogins(ctx, transfer);
    const doc = await inspectPlugin(ctx, args.local_name ?? args.remote);
    return {
      installed: doc.Name,
      id: doc.Id,
      enabled: doc.Enabled,
      ...(doc.PluginReference && doc.PluginReference !== doc.Name ? { reference: doc.PluginReference } : {}),
      ...outcome(pulled, granted),
    };
  },
});

export const pluginUpgrade = defineTool({
  description: "Upgrade a disabled plugin to another remote or tag, keeping its settings.",
  input: {
    name: refParam(),
    remote: z.string().nullish().describe("Default: its own reference."),
    grant_privileges: grantsInput(true),
  },
  async run(args, ctx) {
    const path = `${pluginPath(args.name)}/upgrade`;
    if (args.remote) checkReference(args.remote, "remote", true);
    const granted = parseGrants(args.grant_privileges);
    const before = await inspectPlugin(ctx, args.name);
    if (before.Enabled) {
      throw new CallerError(
        `Plugin '${args.name}' is enabled on host '${ctx.host.label}'; disable it first (plugin_disable), upgrade, then plugin_enable.`,
      );
    }
    const remote = args.remote ?? before.PluginReference ?? before.Name;
    const registry = checkReference(remote, "remote", true);
    const pulled = await transferWithLogins(ctx, {
      verb: "Upgrade",
      path,
      query: { remote },
      remote,
      registry,
      granted,
    });
    const after = await inspectPlugin(ctx, before.Id);
    return {
      upgraded: after.Name,
      id: after.Id,
      enabled: after.Enabled,
      from: before.PluginReference ?? before.Name,
      to: after.PluginReference ?? remote,
      description: after.Config?.Description ?? "",
      ...outcome(pulled, granted),
    };
  },
});
