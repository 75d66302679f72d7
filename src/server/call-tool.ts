// One tools/call: validate the arguments, pick and guard the host, run the handler with its context, and render the
// result or the error. Every caller-fixable error (CallerError and its subclasses) is returned as is; anything
// else is mapped to a daemon error when it is one, or logged with its stack and returned as a short failure.

import type { ServerContext } from "@modelcontextprotocol/server";
import { CallerError } from "../base/errors.js";
import type { HostRegistry } from "../config/hosts.js";
import { toEngineError } from "../engine/errors.js";
import type { ContextFactory } from "./context.js";
import { selectHost } from "./host-guard.js";
import { renderError, renderResult, type ToolResult } from "./render.js";
import type { RegisteredTool } from "./surface.js";

export interface CallDependencies {
  readonly hosts: HostRegistry;
  readonly contexts: ContextFactory;
  /** Where unexpected errors are logged (stderr). */
  log(line: string): void;
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

/** A progress reporter for this request: a no-op unless the client sent a progress token. */
function progressReporter(mcp: ServerContext): (message: string, total?: number) => void {
  const progressToken = mcp.mcpReq._meta?.progressToken;
  let count = 0;
  return (message, total) => {
    if (progressToken === undefined) return;
    count += 1;
    void mcp.mcpReq
      .notify({
        method: "notifications/progress",
        params: { progressToken, progress: count, ...(total ? { total } : {}), message },
      })
      .catch(() => undefined);
  };
}

export async function callTool(
  deps: CallDependencies,
  tool: RegisteredTool,
  rawArgs: unknown,
  mcp: ServerContext,
): Promise<ToolResult> {
  const { spec } = tool;
  const parsed = tool.validator.safeParse(rawArgs ?? {});
  if (!parsed.success) return renderError(formatZodIssues(spec.name, parsed.error));
  const { host: hostArg, ...args } = parsed.data as Record<string, unknown> & { host?: string | null };
  let host: ReturnType<typeof selectHost>;
  try {
    host = spec.targetsHost
      ? selectHost(deps.hosts, spec, hostArg)
      : (deps.hosts.entries[0] as ReturnType<typeof selectHost>);
  } catch (err) {
    return renderError((err as Error).message);
  }
  const ctx = deps.contexts.forTool({
    tool: spec.name,
    host,
    hostNamed: hostArg !== undefined && hostArg !== null,
    signal: mcp.mcpReq.signal,
    progress: progressReporter(mcp),
  });
  try {
    return renderResult(await spec.def.run(args, ctx));
  } catch (err) {
    if (err instanceof CallerError) return renderError(err.message);
    const mapped = toEngineError(err, host.label, host.url ?? "the default Docker socket");
    if (mapped instanceof CallerError) return renderError(mapped.message);
    deps.log(`docker-mcp-server: ${spec.name} failed unexpectedly: ${(err as Error)?.stack ?? String(err)}`);
    return renderError(`${spec.name} failed: ${(err as Error)?.message ?? String(err)}`);
  }
}
