// Domain `configs`: create (provenance-labelled, from UTF-8 text), inspect (data decoded on request),
// list, remove.

import { z } from "zod";
import { defineDomain, destructive, mutating, readOnly } from "../../contract/domain.js";
import { fieldsParam, flag, refParam } from "../../contract/params.js";
import { defineTool } from "../../contract/tool.js";
import { sdkSection } from "../../docs/sections.js";
import { engineFilters, hasLabelFilter } from "../../engine/filters.js";
import { inspectAnswer } from "../../engine/inspect-shape.js";
import { SwarmApi } from "../../engine/swarm.js";
import { createData, dataRow, inspectData, listData, removeData } from "../../engine/swarm-data.js";

const ref = refParam();
const stringMap = z.record(z.string(), z.string());

export const configCreate = defineTool({
  description: "Create a swarm config from UTF-8 text; returns {id, name}.",
  input: {
    name: z.string().min(1),
    data: z.string().describe("File content."),
    labels: z.union([stringMap, z.array(z.string())]).nullish(),
    templating: z.record(z.string(), z.unknown()).nullish().describe('e.g. {"Name":"golang"}.'),
  },
  async run(args, ctx) {
    const labels = ctx.labels(args.labels);
    return await createData(await SwarmApi.of(ctx), "config", {
      Name: args.name,
      Data: Buffer.from(args.data, "utf8").toString("base64"),
      ...(labels ? { Labels: labels } : {}),
      ...(args.templating ? { Templating: args.templating } : {}),
    });
  },
});

export const configInspect = defineTool({
  description:
    "A config's document without null, empty or default fields; Spec.Data is base64 unless decode=true (then text).",
  input: {
    id_or_name: ref,
    decode: z.boolean().default(false),
    fields: fieldsParam(["Spec.Data"]),
    detail: flag(),
  },
  async run(args, ctx) {
    const doc = await inspectData(await SwarmApi.of(ctx), "config", args.id_or_name);
    if (args.decode && doc.Spec?.Data !== undefined)
      doc.Spec.Data = Buffer.from(doc.Spec.Data, "base64").toString("utf8");
    return inspectAnswer(doc, args);
  },
});

export const configList = defineTool({
  description: "List configs as rows: id, name, created, updated (no data).",
  input: {
    filters: z.record(z.string(), z.unknown()).nullish().describe("id, name, names, label."),
    detail: z.boolean().default(false),
  },
  async run(args, ctx) {
    const filters = engineFilters(args.filters);
    const docs = await listData(await SwarmApi.of(ctx), "config", filters);
    return args.detail ? docs : docs.map((doc) => dataRow(doc, hasLabelFilter(filters)));
  },
});

export const configRemove = defineTool({
  description: "Remove a config; refused while a service uses it.",
  input: { id_or_name: ref },
  async run(args, ctx) {
    return await removeData(await SwarmApi.of(ctx), "config", args.id_or_name);
  },
});

export const configsDomain = defineDomain({
  name: "configs",
  keywords: "Swarm configs; needs a manager node",
  traits: ["swarm"],
  docs: [sdkSection("configs")],
  tools: {
    config_create: mutating(configCreate),
    config_inspect: readOnly(configInspect),
    config_list: readOnly(configList),
    config_remove: destructive(configRemove),
  },
});
