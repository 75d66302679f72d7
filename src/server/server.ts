// The one place protocol concerns live: builds the MCP server from the definitions and the configuration, validates
// calls, applies the host guard, runs handlers and renders results and errors.

import { Server, type ServerContext } from "@modelcontextprotocol/server";
import { hostLabels } from "../config/hosts.js";
import type { ServerConfig } from "../config/index.js";
import { EngineError, toEngineError } from "../engine/errors.js";
import type { EnginePool } from "../engine/pool.js";
import type { ResourceContext, ResourceDef } from "../resources/define-resource.js";
import { templateMatcher } from "../resources/define-resource.js";
import { buildCatalog, type PromptInfo } from "./catalog.js";
import { type ToolContext, type ToolDef, UserError } from "./define-tool.js";
import { selectHost } from "./host-guard.js";
import { buildInstructions } from "./instructions.js";
import { renderError, renderResult, type ToolResult } from "./render.js";
import { buildSurface, type RegisteredTool, type Surface } from "./surface.js";

export interface ServerParts {
  config: ServerConfig;
  engine: EnginePool;
  tools: readonly ToolDef[];
  resources: readonly ResourceDef[];
  prompts?: readonly PromptInfo[];
  /** Where unexpected errors are logged (stderr). */
  log: (line: string) => void;
}

export interface Assembled {
  surface: Surface;
  instructions: string;
  resources: readonly ResourceDef[];
  catalog(): unknown;
  createServer(): Server;
}

function formatZodIssues(
  tool: string,
  error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> },
): string {
  const parts = error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  return `Invalid arguments for ${tool}: ${parts.join("; ")}. Check the tool's input schema.`;
}

/** Computes everything that depends only on the configuration, once; createServer() wires a protocol instance. */
export function assemble(parts: ServerParts): Assembled {
  const { config, engine, log } = parts;
  const surface = buildSurface(parts.tools, config);
  const resources = parts.resources.filter(
    (resource) =>
      (!resource.domain || !config.disabled.includes(resource.domain)) &&
      (!resource.hostMode || (resource.hostMode === "multi") === config.hosts.multi),
  );
  const instructions = buildInstructions({
    domains: surface.domains,
    multiHostLabels: config.hosts.multi ? hostLabels(config.hosts) : [],
  });
  let catalogCache: unknown;
  const catalog = () => {
    catalogCache ??= buildCatalog(surface, config, parts.prompts ?? []);
    return catalogCache;
  };
  const toolList = surface.tools.map((tool) => ({
    name: tool.def.name,
    description: tool.def.description,
    inputSchema: tool.inputSchema as { type: "object"; [key: string]: unknown },
    annotations: tool.annotations,
  }));
  const staticResources = resources.filter((resource) => resource.uri);
  const templates = resources
    .filter((resource) => resource.uriTemplate)
    .map((resource) => ({ resource, match: templateMatcher(resource.uriTemplate as string) }));

  async function callTool(tool: RegisteredTool, rawArgs: unknown, mcp: ServerContext): Promise<ToolResult> {
    const parsed = tool.validator.safeParse(rawArgs ?? {});
    if (!parsed.success) return renderError(formatZodIssues(tool.def.name, parsed.error));
    const { host: hostArg, ...args } = parsed.data as Record<string, unknown> & { host?: string | null };
    let host: ReturnType<typeof selectHost>;
    try {
      host = tool.takesHost
        ? selectHost(config.hosts, tool.def.name, tool.category, hostArg)
        : (config.hosts.entries[0] as ReturnType<typeof selectHost>);
    } catch (err) {
      return renderError((err as Error).message);
    }
    const progressToken = mcp.mcpReq._meta?.progressToken;
    let progressCount = 0;
    const ctx: ToolContext = {
      host,
      hostArg: hostArg ?? undefined,
      config,
      engine,
      signal: mcp.mcpReq.signal,
      docker: () => engine.docker(host),
      progress(message, total) {
        if (progressToken === undefined) return;
        progressCount += 1;
        void mcp.mcpReq
          .notify({
            method: "notifications/progress",
            params: { progressToken, progress: progressCount, ...(total ? { total } : {}), message },
          })
          .catch(() => undefined);
      },
    };
    try {
      return renderResult(await tool.def.run(args, ctx));
    } catch (err) {
      if (err instanceof UserError || err instanceof EngineError) return renderError(err.message);
      const mapped = toEngineError(err, host.label, host.url ?? "the default Docker socket");
      if (mapped instanceof EngineError) return renderError(mapped.message);
      log(`docker-mcp-server: ${tool.def.name} failed unexpectedly: ${(err as Error)?.stack ?? String(err)}`);
      return renderError(`${tool.def.name} failed: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  function resourceContext(signal: AbortSignal): ResourceContext {
    return { config, engine, signal, catalog };
  }

  async function readResource(uri: string, signal: AbortSignal) {
    const exact = staticResources.find((resource) => resource.uri === uri);
    const found = exact
      ? { resource: exact, params: {} }
      : templates.map(({ resource, match }) => ({ resource, params: match(uri) })).find((entry) => entry.params);
    if (!found?.params)
      throw new Error(`Unknown resource '${uri}'. List resources and resource templates to see what exists.`);
    const text = await found.resource.read(uri, found.params, resourceContext(signal));
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
      return await callTool(tool, request.params.arguments, mcp);
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
