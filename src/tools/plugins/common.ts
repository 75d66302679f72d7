// What the plugin tools share: the plugin document, its compact row, the inspect call and the daemon refusals
// rewritten as sentences that say what to do.

import type { ToolContext } from "../../contract/tool.js";
import { engineRequest } from "../../engine/api.js";
import { explainDaemonErrors } from "../../engine/errors.js";
import { pluginPath } from "./reference.js";

export interface PluginDoc {
  Id: string;
  Name: string;
  Enabled: boolean;
  PluginReference?: string;
  Settings?: { Env?: string[]; Args?: string[]; Mounts?: unknown[]; Devices?: unknown[] };
  Config?: {
    Description?: string;
    Interface?: { Types?: string[] };
    Env?: Array<{ Name: string; Settable?: string[] | null }> | null;
    Args?: { Name?: string; Settable?: string[] | null } | null;
    Mounts?: Array<{ Name: string; Settable?: string[] | null }> | null;
    Linux?: { Devices?: Array<{ Name: string; Settable?: string[] | null }> | null };
  };
}

/** `docker plugin ls` columns plus what acting on the plugin needs; the reference only when the name hides it. */
export function pluginRow(doc: PluginDoc) {
  return {
    id: doc.Id,
    name: doc.Name,
    enabled: doc.Enabled,
    description: doc.Config?.Description ?? "",
    types: doc.Config?.Interface?.Types ?? [],
    ...(doc.PluginReference && doc.PluginReference !== doc.Name ? { reference: doc.PluginReference } : {}),
  };
}

const NOT_FOUND_HINT = "plugin_list shows the installed plugins; plugin_install adds one.";

/** Runs a call on plugin `name`, turning the daemon's refusals into sentences. */
export function onPlugin<T>(ctx: ToolContext, name: string, call: () => Promise<T>): Promise<T> {
  const where = `on host '${ctx.host.label}'`;
  return explainDaemonErrors(call, (status, message) => {
    if (status === 404) return `No plugin '${name}' ${where}. ${NOT_FOUND_HINT}`;
    if (/already enabled/i.test(message)) return `Plugin '${name}' is already enabled ${where}; nothing changed.`;
    if (/already disabled/i.test(message)) return `Plugin '${name}' is already disabled ${where}; nothing changed.`;
    if (/cannot set on an active plugin/i.test(message)) {
      return `Plugin '${name}' is enabled ${where}, and settings change only while it is disabled: plugin_disable, then plugin_configure, then plugin_enable.`;
    }
    if (/must be disabled before upgrading/i.test(message)) {
      return `Plugin '${name}' is enabled ${where}; disable it first (plugin_disable), upgrade, then plugin_enable.`;
    }
    if (status === 409 && /is enabled/i.test(message) && ctx.tool === "plugin_remove") {
      return `Plugin '${name}' is enabled ${where}; disable it first (plugin_disable) or pass force=true.`;
    }
    if (/in use/i.test(message)) {
      return `Plugin '${name}' is in use ${where} (${message}). Remove what uses it first, or pass force=true.`;
    }
    return undefined;
  });
}

export async function inspectPlugin(ctx: ToolContext, name: string): Promise<PluginDoc> {
  const path = `${pluginPath(name)}/json`;
  const docker = await ctx.docker();
  return onPlugin(ctx, name, () => engineRequest<PluginDoc>(docker, { method: "GET", path, signal: ctx.signal }));
}
