// The one place protocol concerns live: builds the MCP server from the domain declarations and the configuration,
// and wires tools/list, tools/call and the resource handlers.

import { Server } from "@modelcontextprotocol/server";
import { hostLabels } from "../config/hosts.js";
import type { ServerConfig } from "../config/index.js";
import type { DomainDecl } from "../contract/domain.js";
import type { ResourceDef } from "../contract/resource.js";
import type { EnginePool } from "../engine/pool.js";
import type { Transport } from "../https/transport.js";
import { callTool } from "./call-tool.js";
import { buildCatalog, cliUnavailability, type PromptInfo } from "./catalog.js";
import { createContextFactory, type SelfHolder } from "./context.js";
import { buildInstructions } from "./instructions.js";
import { toolInventory } from "./inventory.js";
import { renderError } from "./render.js";
import { templateMatcher } from "./resource-templates.js";
import { buildSurface, type Surface } from "./surface.js";

export interface ServerParts {
  config: ServerConfig;
  engine: EnginePool;
  domains: readonly DomainDecl[];
  resources: readonly ResourceDef[];
  prompts?: readonly PromptInfo[];
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
  createServer(): Server;
}

/** Computes everything that depends only on the configuration, once; createServer() wires a protocol instance. */
export function assemble(parts: ServerParts): Assembled {
  const { config, engine, log } = parts;
  const surface = buildSurface(toolInventory(parts.domains), config);
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
  const instructions = buildInstructions({
    declarations: parts.domains,
    domains: surface.domains,
    multiHostLabels: config.hosts.multi ? hostLabels(config.hosts) : [],
  });
  // Rebuilt on each read: whether the docker CLI and its plugins are installed can change while the server runs.
  const catalog = async () =>
    buildCatalog(
      surface,
      config,
      parts.prompts ?? [],
      contexts.disabledDocSections,
      await cliUnavailability(contexts.cli, parts.domains, surface.domains),
    );
  const toolList = surface.tools.map((tool) => ({
    name: tool.spec.name,
    description: tool.spec.def.description,
    inputSchema: tool.inputSchema as { type: "object"; [key: string]: unknown },
    annotations: tool.annotations,
  }));
  const staticResources = resources.filter((resource) => resource.uri);
  const templates = resources
    .filter((resource) => resource.uriTemplate)
    .map((resource) => ({ resource, match: templateMatcher(resource.uriTemplate as string) }));
  const callDeps = { hosts: config.hosts, contexts, log };

  async function readResource(uri: string, signal: AbortSignal) {
    const exact = staticResources.find((resource) => resource.uri === uri);
    const found = exact
      ? { resource: exact, params: {} }
      : templates.map(({ resource, match }) => ({ resource, params: match(uri) })).find((entry) => entry.params);
    if (!found?.params)
      throw new Error(`Unknown resource '${uri}'. List resources and resource templates to see what exists.`);
    const text = await found.resource.read(uri, found.params, contexts.forResource(signal, catalog));
    return { contents: [{ uri, mimeType: found.resource.mimeType, text }] };
  }

  function createServer(): Server {
    const server = new Server(
      { name: "docker-mcp-server", version: config.version },
      { capabilities: { tools: {}, resources: {} }, instructions },
    );
    server.setRequestHandler("tools/list", async () => ({ tools: toolList }));
    server.setRequestHandler("tools/call", async (request, mcp) => {
      const tool = surface.byName.get(request.params.name);
      if (!tool) {
        return renderError(
          `Unknown tool '${request.params.name}'. It is not defined or not registered under the current switches; see docker-mcp://tool-catalog.`,
        );
      }
      return await callTool(callDeps, tool, request.params.arguments, mcp);
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
    server.setRequestHandler(
      "resources/read",
      async (request, mcp) => await readResource(request.params.uri, mcp.mcpReq.signal),
    );
    return server;
  }

  return { surface, instructions, resources, catalog, createServer };
}
