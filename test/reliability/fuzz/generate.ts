// Builds malformed argument sets for one tool from its own advertised input schema: a plausible base call, then one
// mutation per case (a missing or wrong-typed parameter, a hostile string, a prototype-named key, an empty filter...).
// Each case says whether the server must refuse it (it does not conform) or may answer either way (hostile but
// well-typed), and which names a refusal should mention.

import { arrayBranch, conforms, type JsonSchema, objectBranch, type ToolInfo, typesOf } from "./schema.js";
import {
  coreStrings,
  deepNesting,
  EMPTY_FILTER_KEYS,
  EMPTY_FILTER_VALUES,
  type Labeled,
  MORE_STRINGS,
  objectWithKey,
  PROTOTYPE_KEYS,
  SPECIAL_FILE_VALUES,
  SPECIAL_FILES,
  WRONG_TYPES,
} from "./values.js";

export interface FuzzContext {
  marker: string;
  container: string;
  volume: string;
  network: string;
  image: string;
  /** Where file-writing tools may write. */
  scratchDir: string;
  /** A loopback registry address nothing answers on. */
  deadRegistry: string;
  hugeBytes: number;
  /** A fresh noted password for a tool's cases. */
  secret: (label: string) => string;
}

export interface FuzzCase {
  id: string;
  tool: string;
  label: string;
  args: unknown;
  /** reject: does not conform, must be an error; hostile: conforms, may succeed, an error must still be actionable. */
  expect: "reject" | "hostile";
  /** A refusal must name one of these (empty: no requirement). */
  mentions: string[];
  /** Points at a special file: run on its own so a crash is attributable. */
  alone: boolean;
  /** The call carries a non-empty filters object (the guard checks such calls never widen into an unfiltered prune). */
  carriesFilter: boolean;
  /** A JSON-RPC "invalid params" answer is acceptable (the arguments are not an object at all). */
  rpcOk: boolean;
  tier: 1 | 2 | 3;
  /** The property a case mutates (round-robin key). */
  property: string;
}

type Draft = Omit<FuzzCase, "id" | "tool" | "alone" | "carriesFilter" | "rpcOk" | "expect"> & {
  expect?: FuzzCase["expect"];
  rpcOk?: boolean;
};

const PATH_LIKE = /path|file|dockercfg|dir/i;
const KWARGS_LIKE = new Set(["extra_kwargs", "updates", "conf"]);

/** A plausible value for a parameter, so each case fails (or not) because of its one mutation. */
function plausible(tool: string, prop: string, schema: JsonSchema, ctx: FuzzContext, secret: string): unknown {
  const domain = tool.split("_")[0];
  switch (prop) {
    case "id_or_name":
      if (domain === "image") return ctx.image;
      if (domain === "network") return ctx.network;
      if (domain === "volume") return ctx.volume;
      return ctx.container;
    case "container":
      return ctx.container;
    case "name":
      if (domain === "volume" && tool !== "volume_create") return ctx.volume;
      return `${ctx.marker}-fz`;
    case "image":
      return ctx.image;
    case "repository":
      return tool.startsWith("hub_") ? "dmcp-rel/fuzz" : `${ctx.deadRegistry}/dmcp-rel/fuzz`;
    case "password":
      return secret;
    case "username":
      return "dmcp-rel-user";
    case "cmd":
      return ["true"];
    case "path":
      return tool === "image_build" ? ctx.scratchDir : "/tmp";
    case "dest_path":
      return `${ctx.scratchDir}/fuzz-out.tar`;
    case "tag":
      return "latest";
    case "term":
      return "dmcprelfuzz";
    case "updates":
      return { cpu_shares: 512 };
  }
  if (schema.enum) return schema.enum[0];
  if ("const" in schema) return schema.const;
  const types = typesOf(schema);
  if (types.has("string")) return "dmcp-rel-x";
  if (types.has("integer") || types.has("number")) return Math.max(1, schema.minimum ?? 1);
  if (types.has("boolean")) return false;
  // An array that must not be empty gets one harmless element, so the base call is valid and a mutation is the only fault.
  if (types.has("array")) return Array.from({ length: schema.minItems ?? 0 }, () => "dmcp-rel-x");
  if (types.has("object")) return {};
  return "dmcp-rel-x";
}

/**
 * The base call: required parameters filled in, plus optional ones that keep a hostile-but-valid call short (a wait
 * or follow bounded to a second, an in-band payload capped so it fails fast instead of shipping megabytes).
 */
export function baseArgs(tool: ToolInfo, ctx: FuzzContext, secret: string): Record<string, unknown> {
  const props = tool.inputSchema.properties ?? {};
  const args: Record<string, unknown> = {};
  for (const name of tool.inputSchema.required ?? []) {
    const schema = props[name];
    if (schema) args[name] = plausible(tool.name, name, schema, ctx, secret);
  }
  if (props.timeout_seconds) args.timeout_seconds = 1;
  if (props.max_bytes) args.max_bytes = 1024;
  if (props.limit && tool.name === "system_events") args.limit = 5;
  return args;
}

function stringsFor(prop: string, secret: string, ctx: FuzzContext): Array<Labeled<string> & { tier: 1 | 2 | 3 }> {
  const pathLike = PATH_LIKE.test(prop);
  const out: Array<Labeled<string> & { tier: 1 | 2 | 3 }> = [
    ...SPECIAL_FILES.map((file) => ({ ...file, tier: pathLike ? (1 as const) : (3 as const) })),
    ...coreStrings(ctx.hugeBytes).map((value) => ({ ...value, tier: 2 as const })),
    ...MORE_STRINGS.map((value) => ({ ...value, tier: 3 as const })),
  ];
  // A password-like value always carries a noted secret, so the closing scan can prove it was never echoed.
  if (prop === "password") return out.map((value) => ({ ...value, value: `${secret}${value.value}` }));
  return out;
}

function propertyDrafts(tool: ToolInfo, prop: string, schema: JsonSchema, ctx: FuzzContext, secret: string): Draft[] {
  const required = (tool.inputSchema.required ?? []).includes(prop);
  const drafts: Draft[] = [];
  const set = (label: string, value: unknown, tier: 1 | 2 | 3, expect?: FuzzCase["expect"], mentions = [prop]) =>
    drafts.push({ label: `${prop}: ${label}`, args: { [prop]: value }, tier, mentions, property: prop, expect });

  if (required) {
    drafts.push({ label: `${prop}: missing`, args: { [prop]: undefined }, tier: 1, mentions: [prop], property: prop });
    set("null", null, 1, "reject");
  } else {
    // Optional parameters accept null as "not given" (the server's documented leniency).
    set("null", null, 3, "hostile");
  }

  // Wrong types and out-of-range values: only those that really do not conform (a conforming number is no attack).
  let firstWrong = true;
  const boundary: Labeled[] = [];
  if (schema.minimum !== undefined) boundary.push({ label: "below minimum", value: schema.minimum - 1 });
  if (schema.maximum !== undefined) boundary.push({ label: "above maximum", value: schema.maximum + 1 });
  if (schema.enum) boundary.push({ label: "not one of the enum", value: "dmcp-rel-not-an-option" });
  if (typesOf(schema).has("integer")) boundary.push({ label: "fraction for an integer", value: 0.5 });
  for (const wrong of [...WRONG_TYPES, ...boundary]) {
    if (conforms(wrong.value, schema)) continue;
    set(wrong.label, wrong.value, firstWrong ? 1 : 2);
    firstWrong = false;
  }

  const types = typesOf(schema);
  if (types.has("string") || types.size === 0) {
    for (const value of stringsFor(prop, secret, ctx)) set(value.label, value.value, value.tier);
  }

  const arrays = arrayBranch(schema);
  if (arrays && typesOf(arrays.items ?? {}).has("string")) {
    for (const value of [...coreStrings(1024).slice(2, 9), ...SPECIAL_FILES.slice(0, 1)])
      set(`[${value.label}]`, [value.value], 3);
    for (const key of PROTOTYPE_KEYS.slice(0, 5)) set(`[${key}]`, [key], 2);
  }

  const objects = objectBranch(schema);
  if (objects?.properties) {
    for (const [inner, innerSchema] of Object.entries(objects.properties))
      drafts.push(...nestedDrafts(prop, inner, innerSchema, secret, ctx));
  } else if (objects) {
    const kwargs = KWARGS_LIKE.has(prop);
    for (const key of PROTOTYPE_KEYS) {
      const tier = kwargs && PROTOTYPE_KEYS.indexOf(key) < 5 ? 1 : 2;
      set(`prototype key ${key}`, objectWithKey(key, kwargs ? 1 : "x"), tier, undefined, [prop, key]);
    }
    set("deeply nested value", { k: deepNesting(2_000) }, 3);
    set("flag-looking key", { "--privileged": "true" }, 3);
    if (prop === "filters") drafts.push(...filterDrafts());
  }
  return drafts;
}

function nestedDrafts(prop: string, inner: string, schema: JsonSchema, secret: string, ctx: FuzzContext): Draft[] {
  const drafts: Draft[] = [];
  const add = (label: string, value: unknown, tier: 1 | 2 | 3) =>
    drafts.push({
      label: `${prop}.${inner}: ${label}`,
      args: { [prop]: { [inner]: value } },
      tier,
      mentions: [prop, inner],
      property: `${prop}.${inner}`,
    });
  const wrong = WRONG_TYPES.find((candidate) => !conforms(candidate.value, schema));
  if (wrong) add(wrong.label, wrong.value, 2);
  if (typesOf(schema).has("string")) {
    for (const value of stringsFor(inner, secret, ctx).filter((v) => v.tier !== 3 || v.label.startsWith("special")))
      add(value.label, value.value, 3);
  }
  return drafts;
}

/** Null or empty values inside filters: every one must be an error (a dropped filter widens a prune). */
function filterDrafts(): Draft[] {
  const drafts: Draft[] = [];
  for (const key of EMPTY_FILTER_KEYS) {
    for (const empty of EMPTY_FILTER_VALUES) {
      drafts.push({
        label: `filters.${key}: ${empty.label}`,
        args: { filters: { [key]: empty.value } },
        tier: 1,
        expect: "reject",
        mentions: [key],
        property: `filters.${key}`,
      });
    }
  }
  drafts.push({
    label: "filters.label: null beside a real filter",
    args: { filters: { label: null, dangling: "true" } },
    tier: 2,
    expect: "reject",
    mentions: ["label"],
    property: "filters.label",
  });
  return drafts;
}

/** Cases that do not belong to one property: unknown and prototype-named top-level keys, a wrong host, non-objects. */
function topLevelDrafts(tool: ToolInfo): Draft[] {
  const drafts: Draft[] = [];
  const add = (label: string, args: Record<string, unknown>, tier: 1 | 2 | 3) =>
    drafts.push({ label, args, tier, mentions: [], property: "(top level)" });
  for (const key of PROTOTYPE_KEYS) add(`top-level key ${key}`, objectWithKey(key, 1), 2);
  add("top-level key --privileged", { "--privileged": true }, 2);
  add("top-level key $(id)", { "$(id)": "x" }, 3);
  add("top-level empty key", { "": 1 }, 3);
  add("top-level lone-surrogate key", { "\uD800": 1 }, 3);
  if (!tool.inputSchema.properties?.host) {
    add("unknown host label", { host: "dmcp-rel-nohost" }, 2);
    add("host of the wrong type", { host: 5 }, 3);
    add("host with a NUL", { host: "default\u0000" }, 3);
  }
  // Arguments that are not an object at all (JSON-RPC invalid params is a fair answer to those).
  drafts.push({
    label: "arguments is an array",
    args: [],
    tier: 1,
    mentions: [],
    property: "(arguments)",
    rpcOk: true,
  });
  drafts.push({
    label: "arguments is a string",
    args: "x",
    tier: 2,
    mentions: [],
    property: "(arguments)",
    rpcOk: true,
  });
  return drafts;
}

/** Unknown keys with hostile values: fills small schemas up to the per-tool minimum. */
function paddingDrafts(count: number, ctx: FuzzContext): Draft[] {
  const pool = [...coreStrings(ctx.hugeBytes), ...MORE_STRINGS, ...SPECIAL_FILES];
  return Array.from({ length: count }, (_, i) => {
    const value = pool[i % pool.length] as Labeled<string>;
    return {
      label: `unknown key with ${value.label} (#${i + 1})`,
      args: { [`dmcp_rel_extra_${i + 1}`]: value.value },
      tier: 3 as const,
      mentions: [],
      property: "(padding)",
    };
  });
}

function specialFile(value: unknown): boolean {
  if (typeof value === "string") return [...SPECIAL_FILE_VALUES].some((file) => value.endsWith(file));
  if (Array.isArray(value)) return value.some(specialFile);
  if (typeof value === "object" && value !== null) return Object.values(value).some(specialFile);
  return false;
}

/** Round-robin over properties inside each tier, so a capped set still touches every parameter. */
function pick(drafts: Draft[], cap: number): Draft[] {
  const out: Draft[] = [];
  for (const tier of [1, 2, 3] as const) {
    const byProp = new Map<string, Draft[]>();
    for (const draft of drafts.filter((d) => d.tier === tier)) {
      const list = byProp.get(draft.property) ?? [];
      list.push(draft);
      byProp.set(draft.property, list);
    }
    const queues = [...byProp.values()];
    while (out.length < cap && queues.some((queue) => queue.length > 0)) {
      for (const queue of queues) {
        const next = queue.shift();
        if (next && out.length < cap) out.push(next);
      }
    }
  }
  return out;
}

export function generateCases(tool: ToolInfo, ctx: FuzzContext, cap: number, minimum = 50): FuzzCase[] {
  const secret = ctx.secret(`fuzz password for ${tool.name}`);
  const base = baseArgs(tool, ctx, secret);
  const drafts: Draft[] = [];
  for (const [prop, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
    drafts.push(...propertyDrafts(tool, prop, schema, ctx, secret));
  }
  drafts.push(...topLevelDrafts(tool));
  let chosen = pick(drafts, cap);
  if (chosen.length < minimum) chosen = [...chosen, ...paddingDrafts(minimum - chosen.length, ctx)];

  return chosen.map((draft, i) => {
    const args = Array.isArray(draft.args) || typeof draft.args !== "object" ? draft.args : { ...base, ...draft.args };
    if (args && typeof args === "object" && !Array.isArray(args)) {
      // A "missing" mutation is written as undefined: drop the key entirely.
      for (const [key, value] of Object.entries(args))
        if (value === undefined) delete (args as Record<string, unknown>)[key];
    }
    const expect = draft.expect ?? (conforms(args, tool.inputSchema) ? "hostile" : "reject");
    const filters = (args as { filters?: unknown } | null)?.filters;
    return {
      id: `${tool.name}#${i + 1}`,
      tool: tool.name,
      label: draft.label,
      args,
      expect,
      mentions: draft.mentions,
      alone: specialFile(args),
      carriesFilter: typeof filters === "object" && filters !== null && Object.keys(filters).length > 0,
      rpcOk: draft.rpcOk === true,
      tier: draft.tier,
      property: draft.property,
    };
  });
}
