// The one place protocol concerns live: builds the MCP server from the domain declarations and the configuration,
// and wires tools/list, tools/call and the resource handlers.

import { INVALID_PARAMS, ProtocolError, ResourceNotFoundError, Server, type Tool } from "@modelcontextprotocol/server";
import { SecretNames } from "../base/redact.js";
import { hostLabels } from "../config/hosts.js";
import type { ServerConfig } from "../config/index.js";
import type { DomainDecl } from "../contract/domain.js";
import type { PreviewTable } from "../contract/preview.js";
import type { PromptDef } from "../contract/prompt.js";
import type { ResourceDef } from "../contract/resource.js";
import type { EnginePool } from "../engine/pool.js";
import type { Transport } from "../https/transport.js";
import { openAuditLog } from "./audit.js";
import { callTool } from "./call-tool.js";
import { buildCatalog, cliUnavailability } from "./catalog.js";
import { createCompleter } from "./completions.js";
import { ConfirmTokens } from "./confirm-tokens.js";
import { createContextFactory, type SelfHolder } from "./context.js";
import { buildInstructions } from "./instructions.js";
import { toolInventory } from "./inventory.js";
import { ListenBridge } from "./listen-bridge.js";
import { buildPromptSurface, promptListEntry, renderPrompt } from "./prompts.js";
import { ResultRedactor } from "./redaction.js";
import { renderError } from "./render.js";
import { templateMatcher } from "./resource-templates.js";
import { type Subscriber, SubscriptionHub } from "./subscriptions.js";
import { buildSurface, type Surface } from "./surface.js";

export interface ServerParts {
  config: ServerConfig;
  engine: EnginePool;
  domains: readonly DomainDecl[];
  resources: readonly ResourceDef[];
  prompts?: readonly PromptDef[];
  /** What each destructive tool would do, shown before the user confirms (DOCKER_MCP_SERVER_CONFIRM). */
  previews?: PreviewTable;
  /** The server's own container, filled in by the preflight; empty when not known. */
  self?: SelfHolder;
  /** Tests substitute a loopback transport for documentation pages. */
  docsTransport?: Transport;
  /** Where unexpected errors are logged (stderr). */
  log: (line: string) => void;
}

export interface Assembled {
  surface: Surface;
  instructions: string;
  resources: readonly ResourceDef[];
  catalog(): Promise<unknown>;
  /** A protocol instance; `narrowing` removes tools for it (never adds any). */
  createServer(narrowing?: Narrowing): Server;
  /** Watches resource URIs for 2026-07-28 `subscriptions/listen` streams, notifying `subscriber`. */
  listenBridge(subscriber: Subscriber): ListenBridge;
}

/** What one connection or request may ask to lose: `readOnly` keeps only read-only tools. */
export interface Narrowing {
  readonly readOnly?: boolean;
}

/** Everything that depends only on the configuration and the switches: one per narrowing, made once. */
interface View {
  readonly surface: Surface;
  readonly instructions: string;
  readonly toolList: Tool[];
  readonly promptList: ReturnType<typeof promptListEntry>[];
  readonly prompts: ReturnType<typeof buildPromptSurface>;
  readonly promptEnv: { has(tool: string): boolean; multiHostLabels: readonly string[] };
  catalog(): Promise<unknown>;
}

/**
 * 2026-07-28 cache hints: the lists are fixed for the server's life (the configuration is pinned at start-up), but a
 * request's narrowing changes tools/list, so only the requesting client may cache them.
 */
const LIST_HOUR = { ttlMs: 3_600_000, cacheScope: "private" } as const;
const LIST_CACHE_HINTS = {
  "tools/list": LIST_HOUR,
  "prompts/list": LIST_HOUR,
  "resources/list": LIST_HOUR,
  "resources/templates/list": LIST_HOUR,
  "server/discover": LIST_HOUR,
};

/** Computes everything that depends only on the configuration, once; createServer() wires a protocol instance. */
export function assemble(parts: ServerParts): Assembled {
  const { config, engine, log } = parts;
  const contexts = createContextFactory({
    config,
    engine,
    declarations: parts.domains,
    self: parts.self ?? { current: undefined },
    ...(parts.docsTransport ? { docsTransport: parts.docsTransport } : {}),
  });
  const resources = parts.resources.filter(
    (resource) =>
      (!resource.domain || !config.disabled.includes(resource.domain)) &&
      (!resource.hostMode || (resource.hostMode === "multi") === config.hosts.multi),
  );
  const inventory = toolInventory(parts.domains);

  function makeView(switches: ServerConfig): View {
    const surface = buildSurface(inventory, switches);
    const prompts = buildPromptSurface(parts.prompts ?? [], switches);
    return {
      surface,
      instructions: buildInstructions({
        declarations: parts.domains,
        domains: surface.domains,
        multiHostLabels: switches.hosts.multi ? hostLabels(switches.hosts) : [],
        ...(switches.safety.confirm !== "off" && surface.tools.some((tool) => tool.confirms)
          ? {
              confirm: { mode: switches.safety.confirm, ttlSeconds: Math.round(switches.safety.confirmTtlMs / 1000) },
            }
          : {}),
      }),
      prompts,
      promptList: prompts.registered.map(promptListEntry),
      promptEnv: {
        has: (tool: string) => surface.byName.has(tool),
        multiHostLabels: switches.hosts.multi ? hostLabels(switches.hosts) : [],
      },
      toolList: surface.tools.map((tool) => ({
        name: tool.spec.name,
        description: tool.spec.def.description,
        inputSchema: tool.inputSchema as { type: "object"; [key: string]: unknown },
        annotations: tool.annotations,
      })),
      // Rebuilt on each read: whether the docker CLI and its plugins are installed can change while the server runs.
      catalog: async () =>
        buildCatalog(
          surface,
          switches,
          prompts.catalog,
          contexts.disabledDocSections,
          await cliUnavailability(contexts.cli, parts.domains, surface.domains),
        ),
    };
  }
  const fullView = makeView(config);
  let readOnlyView: View | undefined;
  const viewFor = (narrowing: Narrowing | undefined): View => {
    if (!narrowing?.readOnly || config.readOnly) return fullView;
    readOnlyView ??= makeView({ ...config, readOnly: true });
    return readOnlyView;
  };
  const { surface, instructions } = fullView;
  const catalog = fullView.catalog;
  const staticResources = resources.filter((resource) => resource.uri);
  const templates = resources
    .filter((resource) => resource.uriTemplate)
    .map((resource) => ({ resource, match: templateMatcher(resource.uriTemplate as string) }));
  const secretNames = new SecretNames(config.redaction.names);
  const callDeps = {
    hosts: config.hosts,
    contexts,
    log,
    redactor: new ResultRedactor(config.redaction),
    // One token store for every protocol instance: a 2026-07-28 retry may reach another instance than its first round.
    confirm: {
      mode: config.safety.confirm,
      tokens: new ConfirmTokens(config.safety.confirmTtlMs),
      previews: parts.previews ?? {},
      names: secretNames,
    },
    audit: openAuditLog(config.safety.audit, log, secretNames),
  };
  const hub = new SubscriptionHub(config.hosts, engine);
  const complete = createCompleter({
    config,
    engine,
    prompts: fullView.prompts.registered,
    docSections: () => contexts.docs.sectionNames,
  });

  function findResource(uri: string) {
    const exact = staticResources.find((resource) => resource.uri === uri);
    if (exact) return { resource: exact, params: {} as Record<string, string> };
    for (const { resource, match } of templates) {
      const params = match(uri);
      if (params) return { resource, params };
    }
    return undefined;
  }

  async function readResource(uri: string, signal: AbortSignal, readCatalog: () => Promise<unknown>) {
    const found = findResource(uri);
    if (!found) {
      throw new ResourceNotFoundError(
        uri,
        `Unknown resource '${uri.slice(0, 200)}'. List resources and resource templates to see what exists.`,
      );
    }
    const text = await found.resource.read(uri, found.params, contexts.forResource(signal, readCatalog));
    return { contents: [{ uri, mimeType: found.resource.mimeType, text }] };
  }

  function createServer(narrowing?: Narrowing): Server {
    const view = viewFor(narrowing);
    const { surface, instructions, toolList, promptList, prompts, promptEnv } = view;
    const server = new Server(
      { name: "docker-mcp-server", version: config.version },
      {
        capabilities: { tools: {}, resources: { subscribe: true, listChanged: true }, prompts: {}, completions: {} },
        instructions,
        cacheHints: LIST_CACHE_HINTS,
      },
    );
    server.setRequestHandler("tools/list", async () => ({ tools: toolList }));
    server.setRequestHandler("tools/call", async (request, mcp) => {
      const tool = surface.byName.get(request.params.name);
      if (!tool) {
        return renderError(
          `Unknown tool '${request.params.name}'. It is not defined or not registered under the current switches; see docker-mcp://tool-catalog.`,
        );
      }
      return await callTool(callDeps, tool, request.params.arguments, mcp, {
        capabilities: () => server.getClientCapabilities(),
        protocolVersion: () => server.getNegotiatedProtocolVersion(),
      });
    });
    server.setRequestHandler("resources/list", async () => ({
      resources: staticResources.map((resource) => ({
        uri: resource.uri as string,
        name: resource.name,
        description: resource.description,
        mimeType: resource.mimeType,
      })),
    }));
    server.setRequestHandler("resources/templates/list", async () => ({
      resourceTemplates: templates.map(({ resource }) => ({
        uriTemplate: resource.uriTemplate as string,
        name: resource.name,
        description: resource.description,
        mimeType: resource.mimeType,
      })),
    }));
    server.setRequestHandler("prompts/list", async () => ({ prompts: promptList }));
    server.setRequestHandler("prompts/get", async (request) => {
      const prompt = prompts.registered.find((candidate) => candidate.name === request.params.name);
      if (!prompt) {
        throw new ProtocolError(
          INVALID_PARAMS,
          `Unknown prompt '${String(request.params.name).slice(0, 100)}'. It is not defined or its domain is disabled; see prompts/list.`,
        );
      }
      return renderPrompt(prompt, request.params.arguments, promptEnv);
    });
    const subscriber: Subscriber = {
      updated: (uri) => void server.sendResourceUpdated({ uri }).catch(() => undefined),
      listChanged: () => void server.sendResourceListChanged().catch(() => undefined),
    };
    server.onclose = () => hub.drop(subscriber);
    server.setRequestHandler("resources/subscribe", async (request) => {
      const { uri } = request.params;
      if (!findResource(uri)) {
        throw new ProtocolError(
          INVALID_PARAMS,
          `Unknown resource '${uri.slice(0, 200)}'. List resources and templates to see what exists.`,
        );
      }
      try {
        await hub.subscribe(subscriber, uri);
      } catch (err) {
        throw new ProtocolError(INVALID_PARAMS, (err as Error).message);
      }
      return {};
    });
    server.setRequestHandler("resources/unsubscribe", async (request) => {
      hub.unsubscribe(subscriber, request.params.uri);
      return {};
    });
    server.setRequestHandler("completion/complete", async (request) => await complete(request.params));
    server.setRequestHandler(
      "resources/read",
      async (request, mcp) => await readResource(request.params.uri, mcp.mcpReq.signal, view.catalog),
    );
    return server;
  }

  return {
    surface,
    instructions,
    resources,
    catalog,
    createServer,
    listenBridge: (subscriber) => new ListenBridge(hub, config.hosts, subscriber),
  };
}
