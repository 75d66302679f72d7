// Domain `secrets`: create (provenance-labelled, from UTF-8 text), inspect, list, remove. A secret's
// value goes to the daemon and nowhere else: not into a result, an error or a log line.

import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { defineDomain, destructive, mutating, readOnly } from "../../contract/domain.js";
import { fieldsParam, flag, refParam } from "../../contract/params.js";
import { defineTool } from "../../contract/tool.js";
import { sdkSection } from "../../docs/sections.js";
import { engineFilters, hasLabelFilter } from "../../engine/filters.js";
import { inspectAnswer } from "../../engine/inspect-shape.js";
import { concealing, SwarmApi } from "../../engine/swarm.js";
import { createData, type DataDoc, dataRow, inspectData, listData, removeData } from "../../engine/swarm-data.js";

const ref = refParam();
const stringMap = z.record(z.string(), z.string());
const MAX_BYTES = 500 * 1024;

export const secretCreate = defineTool({
  description: "Create a swarm secret from UTF-8 text: {id, name}; the value is never shown again.",
  input: {
    name: z.string().min(1),
    data: z.string().describe("The value, at most 500 KiB."),
    labels: z.union([stringMap, z.array(z.string())]).nullish(),
    driver: z.record(z.string(), z.unknown()).nullish().describe('External secret store {"Name","Options"}; data "".'),
  },
  async run(args, ctx) {
    const bytes = Buffer.byteLength(args.data, "utf8");
    if (bytes > MAX_BYTES) throw new CallerError(`data is ${bytes} bytes; a secret holds at most 500 KiB (512000).`);
    if (args.driver && bytes > 0)
      throw new CallerError('With a driver the value comes from the driver: pass data as "".');
    const labels = ctx.labels(args.labels);
    const spec = {
      Name: args.name,
      Data: Buffer.from(args.data, "utf8").toString("base64"),
      ...(labels ? { Labels: labels } : {}),
      ...(args.driver ? { Driver: args.driver } : {}),
    };
    return await concealing(args.data, ctx.host, "secret value", async () =>
      createData(await SwarmApi.of(ctx), "secret", spec),
    );
  },
});

export const secretInspect = defineTool({
  description: "A secret's document (never its value) without null, empty or default fields.",
  input: { id_or_name: ref, fields: fieldsParam(["Spec.Labels"]), detail: flag() },
  async run(args, ctx) {
    const doc: DataDoc = await inspectData(await SwarmApi.of(ctx), "secret", args.id_or_name);
    if (doc.Spec) delete doc.Spec.Data;
    return inspectAnswer(doc, args);
  },
});

export const secretList = defineTool({
  description: "List secrets as rows: id, name, created, updated.",
  input: {
    filters: z.record(z.string(), z.unknown()).nullish().describe("id, name, names, label."),
    detail: z.boolean().default(false),
  },
  async run(args, ctx) {
    const filters = engineFilters(args.filters);
    const docs = await listData(await SwarmApi.of(ctx), "secret", filters);
    for (const doc of docs) if (doc.Spec) delete doc.Spec.Data;
    return args.detail ? docs : docs.map((doc) => dataRow(doc, hasLabelFilter(filters)));
  },
});

export const secretRemove = defineTool({
  description: "Remove a secret; refused while a service uses it.",
  input: { id_or_name: ref },
  async run(args, ctx) {
    return await removeData(await SwarmApi.of(ctx), "secret", args.id_or_name);
  },
});

export const secretsDomain = defineDomain({
  name: "secrets",
  keywords: "Swarm secrets; needs a manager node",
  traits: ["swarm"],
  docs: [sdkSection("secrets")],
  tools: {
    secret_create: mutating(secretCreate),
    secret_inspect: readOnly(secretInspect),
    secret_list: readOnly(secretList),
    secret_remove: destructive(secretRemove),
  },
});
