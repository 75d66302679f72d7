// plugin_inspect and plugin_list.

import { fieldsParam, flag, refParam } from "../../contract/params.js";
import { defineTool } from "../../contract/tool.js";
import { engineRequest } from "../../engine/api.js";
import { inspectAnswer } from "../../engine/inspect-shape.js";
import { inspectPlugin, type PluginDoc, pluginRow } from "./common.js";

export const pluginInspect = defineTool({
  description: "A plugin's document (Id, Name, Enabled, Settings, Config) without null, empty or default fields.",
  input: {
    name: refParam(),
    fields: fieldsParam(["Settings.Env"]),
    detail: flag(),
  },
  async run(args, ctx) {
    return inspectAnswer(await inspectPlugin(ctx, args.name), args);
  },
});

export const pluginList = defineTool({
  description: "List plugins as rows: id, name, enabled, description, types.",
  input: { detail: flag() },
  async run(args, ctx) {
    const docs = await engineRequest<PluginDoc[]>(await ctx.docker(), {
      method: "GET",
      path: "/plugins",
      signal: ctx.signal,
    });
    return args.detail ? docs : docs.map(pluginRow);
  },
});
