// plugin_configure, plugin_enable, plugin_disable, plugin_remove: one daemon call each, refusals as sentences, and a
// short confirmation read back from the daemon.

import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { flag, refParam } from "../../contract/params.js";
import { defineTool, type ToolContext } from "../../contract/tool.js";
import { engineRequest } from "../../engine/api.js";
import { daemonMessage } from "../../engine/errors.js";
import { inspectPlugin, onPlugin, type PluginDoc } from "./common.js";
import { pluginPath } from "./reference.js";

const nameInput = refParam();

/** What plugin_configure may set on this plugin, for the refusal of an unknown key. */
function settable(doc: PluginDoc): string[] {
  const config = doc.Config ?? {};
  const named = (items: Array<{ Name: string; Settable?: string[] | null }> | null | undefined, suffix: string) =>
    (items ?? []).filter((item) => item.Settable?.length).map((item) => `${item.Name}${suffix}`);
  return [
    ...named(config.Env, ""),
    ...(config.Args?.Settable?.length ? ["args"] : []),
    ...named(config.Mounts, ".source"),
    ...named(config.Linux?.Devices, ".path"),
  ];
}

async function post(ctx: ToolContext, name: string, action: string, query: Record<string, unknown>, body?: unknown) {
  const path = `${pluginPath(name)}/${action}`;
  const docker = await ctx.docker();
  await onPlugin(ctx, name, () =>
    engineRequest<unknown>(docker, { method: "POST", path, query, body, signal: ctx.signal }),
  );
}

/** The plugin's state as the daemon now reports it (the confirmation of an enable or disable). */
async function enabledState(ctx: ToolContext, name: string) {
  const doc = await inspectPlugin(ctx, name);
  return { name: doc.Name, id: doc.Id, enabled: doc.Enabled };
}

export const pluginConfigure = defineTool({
  description: 'Change a disabled plugin\'s settings: env names, "args", "<mount>.source", "<device>.path".',
  input: {
    name: nameInput,
    options: z.record(z.string(), z.string()).describe('e.g. {"DEBUG":"1","args":"--verbose"}'),
  },
  async run(args, ctx) {
    const entries = Object.entries(args.options);
    if (entries.length === 0) throw new CallerError('options is empty: pass at least one setting, e.g. {"DEBUG":"1"}.');
    const bad = entries.find(([key]) => key.trim() === "" || key.includes("="));
    if (bad) throw new CallerError(`options key '${bad[0]}' is not a setting name (empty or containing '=').`);
    try {
      await post(
        ctx,
        args.name,
        "set",
        {},
        entries.map(([key, value]) => `${key}=${value}`),
      );
    } catch (err) {
      const unknown = /setting "([^"]*)" not found/.exec(daemonMessage(err) ?? "");
      if (!unknown) throw err;
      const names = settable(await inspectPlugin(ctx, args.name));
      throw new CallerError(
        `Plugin '${args.name}' has no setting '${unknown[1]}'; nothing changed. Settable: ${names.length ? names.join(", ") : "none"}.`,
      );
    }
    const doc = await inspectPlugin(ctx, args.name);
    return { configured: doc.Name, set: args.options, env: doc.Settings?.Env ?? [], args: doc.Settings?.Args ?? [] };
  },
});

export const pluginEnable = defineTool({
  description: "Enable (start) a plugin.",
  input: {
    name: nameInput,
    timeout_seconds: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe("The daemon's HTTP timeout for the plugin; 0 = its default."),
  },
  async run(args, ctx) {
    await post(ctx, args.name, "enable", { timeout: args.timeout_seconds });
    return await enabledState(ctx, args.name);
  },
});

export const pluginDisable = defineTool({
  description: "Disable (stop) a plugin; force: even while in use.",
  input: { name: nameInput, force: flag() },
  async run(args, ctx) {
    await post(ctx, args.name, "disable", args.force ? { force: true } : {});
    return await enabledState(ctx, args.name);
  },
});

export const pluginRemove = defineTool({
  description: "Remove a plugin; force: even an enabled one.",
  input: { name: nameInput, force: flag() },
  async run(args, ctx) {
    const path = pluginPath(args.name);
    const docker = await ctx.docker();
    await onPlugin(ctx, args.name, () =>
      engineRequest<unknown>(docker, {
        method: "DELETE",
        path,
        query: args.force ? { force: true } : {},
        signal: ctx.signal,
      }),
    );
    return { removed: args.name };
  },
});
