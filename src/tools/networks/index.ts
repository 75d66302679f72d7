// Domain `networks`: create (provenance-labelled), inspect, list, connect, disconnect, remove, prune.

import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { quote } from "../../base/quote.js";
import { defineDomain, destructive, mutating, readOnly } from "../../contract/domain.js";
import { fieldsParam, flag, NOT_BLANK, notBlank } from "../../contract/params.js";
import { defineTool, type ToolContext } from "../../contract/tool.js";
import { sdkSection } from "../../docs/sections.js";
import { engineRequest } from "../../engine/api.js";
import { explainDaemonErrors, statusOf } from "../../engine/errors.js";
import { engineFilters, hasLabelFilter } from "../../engine/filters.js";
import { inspectAnswer } from "../../engine/inspect-shape.js";
import { withManagedFilter } from "../../engine/labels.js";
import { pathSegment } from "../../engine/path-segment.js";

const idOrName = z.string().min(1).refine(notBlank, NOT_BLANK);
const stringMap = z.record(z.string(), z.string());

function networkPath(idOrName: string): string {
  return `/networks/${pathSegment(idOrName, "Network", " Pass its id instead (network_list shows it).")}`;
}

/** Daemon refusals that read better with the next step spelled out. */
function onNetwork<T>(ctx: ToolContext, idOrName: string, call: () => Promise<T>): Promise<T> {
  return explainDaemonErrors(call, (status, message) => {
    // In swarm mode the daemon looks an unknown name up in the cluster and answers 500 "… code = NotFound …".
    const missing = status === 404 || /code = NotFound/.test(message);
    if (missing && /network/i.test(message)) {
      return `No such network ${quote(idOrName)} on host '${ctx.host.label}'. See network_list.`;
    }
    if (status === 404) return `${message} (host '${ctx.host.label}').`;
    if (/active endpoints/i.test(message)) {
      return `Network ${quote(idOrName)} still has containers attached (${message}). Disconnect them with network_disconnect, or remove them, first.`;
    }
    return undefined;
  });
}

interface NetworkDoc {
  Id: string;
  Name: string;
  Driver?: string;
  Scope?: string;
  Internal?: boolean;
  Attachable?: boolean;
  Created?: string;
  IPAM?: { Config?: Array<{ Subnet?: string; Gateway?: string }> | null };
  Labels?: Record<string, string> | null;
  Containers?: Record<string, unknown> | null;
}

function subnets(doc: NetworkDoc): string[] {
  return (doc.IPAM?.Config ?? []).flatMap((config) => (config.Subnet ? [config.Subnet] : []));
}

export const networkCreate = defineTool({
  description: "Create a network (provenance-labelled); on a user bridge, containers resolve each other by name.",
  input: {
    name: z.string().min(1).refine(notBlank, NOT_BLANK),
    driver: z.string().nullish().describe("Default bridge; overlay for swarm."),
    subnet: z.string().nullish().describe("CIDR, shorthand for a one-entry ipam."),
    gateway: z.string().nullish().describe("With subnet."),
    ipam: z
      .record(z.string(), z.unknown())
      .nullish()
      .describe('Engine IPAM: {"Driver","Config":[{"Subnet","Gateway","IPRange"}],"Options"}.'),
    options: stringMap.nullish().describe("Driver options."),
    internal: z.boolean().default(false).describe("No external connectivity."),
    attachable: z.boolean().nullish(),
    enable_ipv6: z.boolean().default(false),
    labels: z.union([stringMap, z.array(z.string())]).nullish(),
    check_duplicate: z.boolean().nullish(),
    scope: z.enum(["local", "global", "swarm"]).nullish(),
    ingress: z.boolean().nullish(),
  },
  async run(args, ctx) {
    if (args.gateway && !args.subnet) throw new CallerError("gateway needs subnet (or pass the full `ipam`).");
    if (args.subnet && args.ipam) throw new CallerError("Pass either subnet/gateway or ipam, not both.");
    const ipam = args.subnet
      ? { Driver: "default", Config: [{ Subnet: args.subnet, ...(args.gateway ? { Gateway: args.gateway } : {}) }] }
      : (args.ipam ?? undefined);
    const labels = ctx.labels(args.labels);
    const body = {
      Name: args.name,
      Internal: args.internal,
      EnableIPv6: args.enable_ipv6,
      ...(args.driver ? { Driver: args.driver } : {}),
      ...(ipam ? { IPAM: ipam } : {}),
      ...(args.options ? { Options: args.options } : {}),
      ...(args.attachable != null ? { Attachable: args.attachable } : {}),
      ...(args.check_duplicate != null ? { CheckDuplicate: args.check_duplicate } : {}),
      ...(args.scope ? { Scope: args.scope } : {}),
      ...(args.ingress != null ? { Ingress: args.ingress } : {}),
      ...(labels ? { Labels: labels } : {}),
    };
    const docker = await ctx.docker();
    const created = await engineRequest<{ Id: string; Warning?: string }>(docker, {
      method: "POST",
      path: "/networks/create",
      body,
      signal: ctx.signal,
    });
    const doc = await engineRequest<NetworkDoc>(docker, {
      method: "GET",
      path: networkPath(created.Id),
      signal: ctx.signal,
    });
    return {
      id: doc.Id,
      name: doc.Name,
      driver: doc.Driver,
      scope: doc.Scope,
      subnets: subnets(doc),
      ...(doc.Internal ? { internal: true } : {}),
      ...(doc.Attachable ? { attachable: true } : {}),
      ...(created.Warning ? { warning: created.Warning } : {}),
    };
  },
});

export const networkInspect = defineTool({
  description: "A network's document with attached containers and their IPs, without null, empty or default fields.",
  input: {
    id_or_name: idOrName,
    fields: fieldsParam(["IPAM.Config", "Containers"]),
    detail: flag(),
  },
  async run(args, ctx) {
    const docker = await ctx.docker();
    const doc = await onNetwork(ctx, args.id_or_name, () =>
      engineRequest<NetworkDoc>(docker, { method: "GET", path: networkPath(args.id_or_name), signal: ctx.signal }),
    );
    return inspectAnswer(doc, args);
  },
});

/** `names`/`ids` narrow the list: an empty one would silently list everything. */
function checkNameList(param: string, values: readonly string[] | null | undefined): void {
  if (values === null || values === undefined) return;
  if (values.length === 0 || values.some((value) => value.trim() === "")) {
    throw new CallerError(`${param} has no usable value: give at least one non-empty entry, or leave it out.`);
  }
}

export const networkList = defineTool({
  description: "List networks as rows: id, name, driver, scope (detail or greedy: documents with attached containers).",
  input: {
    names: z.array(z.string()).nullish().describe("Exact names."),
    ids: z.array(z.string()).nullish().describe("Ids or id prefixes."),
    filters: z
      .record(z.string(), z.unknown())
      .nullish()
      .describe("driver, label, type (custom|builtin), name, id, scope, dangling."),
    greedy: z.boolean().default(false),
    managed_only: z.boolean().default(false),
    detail: z.boolean().default(false),
  },
  async run(args, ctx) {
    checkNameList("names", args.names);
    checkNameList("ids", args.ids);
    const given = engineFilters(args.filters);
    const filters = args.managed_only ? withManagedFilter(given) : given;
    const docker = await ctx.docker();
    let networks = await engineRequest<NetworkDoc[]>(docker, {
      method: "GET",
      path: "/networks",
      query: filters ? { filters } : {},
      signal: ctx.signal,
    });
    if (args.names?.length) networks = networks.filter((doc) => args.names?.includes(doc.Name));
    if (args.ids?.length) networks = networks.filter((doc) => args.ids?.some((id) => doc.Id.startsWith(id)));
    if (args.detail || args.greedy) {
      const docs: NetworkDoc[] = [];
      for (const doc of networks) {
        try {
          docs.push(
            await engineRequest<NetworkDoc>(docker, { method: "GET", path: networkPath(doc.Id), signal: ctx.signal }),
          );
        } catch (err) {
          // A network removed between the list and its inspect is simply gone.
          if (statusOf(err) !== 404) throw err;
        }
      }
      return docs;
    }
    const withLabels = hasLabelFilter(filters);
    return networks.map((doc) => ({
      id: doc.Id,
      name: doc.Name,
      driver: doc.Driver,
      scope: doc.Scope,
      ...(doc.Internal ? { internal: true } : {}),
      created: doc.Created,
      ...(withLabels && doc.Labels ? { labels: doc.Labels } : {}),
    }));
  },
});

export const networkPrune = defineTool({
  description: "Remove every network no container uses; built-in networks are never removed.",
  input: {
    filters: z
      .record(z.string(), z.unknown())
      .nullish()
      .describe('until, label, e.g. {"label":"docker-mcp-server.managed=true"}.'),
  },
  async run(args, ctx) {
    const filters = engineFilters(args.filters);
    const result = await engineRequest<{ NetworksDeleted?: string[] | null }>(await ctx.docker(), {
      method: "POST",
      path: "/networks/prune",
      query: filters ? { filters } : {},
      signal: ctx.signal,
    });
    return { deleted: result.NetworksDeleted ?? [] };
  },
});

export const networkRemove = defineTool({
  description: "Remove a network; refused while containers are attached and for bridge/host/none.",
  input: { id_or_name: idOrName },
  async run(args, ctx) {
    const docker = await ctx.docker();
    await onNetwork(ctx, args.id_or_name, () =>
      engineRequest<unknown>(docker, { method: "DELETE", path: networkPath(args.id_or_name), signal: ctx.signal }),
    );
    return { removed: args.id_or_name };
  },
});

export const networkConnect = defineTool({
  description: "Attach a container to a network, optionally with DNS aliases or a static IP.",
  input: {
    id_or_name: idOrName,
    container: z.string().min(1).describe("Container id or name."),
    aliases: z.array(z.string()).nullish().describe("DNS names on this network."),
    ipv4_address: z.string().nullish(),
    ipv6_address: z.string().nullish(),
    links: z.array(z.string()).nullish().describe("Legacy links, name:alias."),
    link_local_ips: z.array(z.string()).nullish(),
    driver_opt: stringMap.nullish(),
  },
  async run(args, ctx) {
    const ipamConfig = {
      ...(args.ipv4_address ? { IPv4Address: args.ipv4_address } : {}),
      ...(args.ipv6_address ? { IPv6Address: args.ipv6_address } : {}),
      ...(args.link_local_ips?.length ? { LinkLocalIPs: args.link_local_ips } : {}),
    };
    const endpoint = {
      ...(args.aliases?.length ? { Aliases: args.aliases } : {}),
      ...(args.links?.length ? { Links: args.links } : {}),
      ...(Object.keys(ipamConfig).length ? { IPAMConfig: ipamConfig } : {}),
      ...(args.driver_opt ? { DriverOpts: args.driver_opt } : {}),
    };
    const docker = await ctx.docker();
    await onNetwork(ctx, args.id_or_name, () =>
      engineRequest<unknown>(docker, {
        method: "POST",
        path: `${networkPath(args.id_or_name)}/connect`,
        body: { Container: args.container, ...(Object.keys(endpoint).length ? { EndpointConfig: endpoint } : {}) },
        signal: ctx.signal,
      }),
    );
    return {
      connected: args.container,
      network: args.id_or_name,
      ...(args.aliases?.length ? { aliases: args.aliases } : {}),
      ...(args.ipv4_address ? { ipv4_address: args.ipv4_address } : {}),
    };
  },
});

export const networkDisconnect = defineTool({
  description: "Detach a container from a network.",
  input: {
    id_or_name: idOrName,
    container: z.string().min(1).describe("Container id or name."),
    force: z.boolean().default(false),
  },
  async run(args, ctx) {
    const docker = await ctx.docker();
    await onNetwork(ctx, args.id_or_name, () =>
      engineRequest<unknown>(docker, {
        method: "POST",
        path: `${networkPath(args.id_or_name)}/disconnect`,
        body: { Container: args.container, Force: args.force },
        signal: ctx.signal,
      }),
    );
    return { disconnected: args.container, network: args.id_or_name };
  },
});

export const networksDomain = defineDomain({
  name: "networks",
  keywords: "create, connect, disconnect, inspect, remove",
  traits: ["managed_only"],
  docs: [sdkSection("networks")],
  tools: {
    network_create: mutating(networkCreate),
    network_inspect: readOnly(networkInspect),
    network_list: readOnly(networkList),
    network_prune: destructive(networkPrune, { idempotent: true }),
    network_remove: destructive(networkRemove),
    network_connect: mutating(networkConnect),
    network_disconnect: mutating(networkDisconnect),
  },
});
