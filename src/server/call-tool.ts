// One tools/call: check the raw arguments (what zod would drop silently), validate them, pick and guard the host,
// get the user's confirmation when DOCKER_MCP_SERVER_CONFIRM covers the tool (confirm.ts), run the handler with its
// context, render the result or the error, and write the audit line of a mutating or destructive call (audit.ts). Every caller-fixable error (CallerError and its subclasses) is returned as is; anything
// else is mapped to a daemon error when it is one, or logged with its stack and returned as a short failure.

import type { ServerContext } from "@modelcontextprotocol/server";
import { z } from "zod";
import { CallerError } from "../base/errors.js";
import type { HostRegistry } from "../config/hosts.js";
import { toEngineError } from "../engine/errors.js";
import { checkArguments } from "./argument-check.js";
import type { AuditLog, ConfirmationDecision, Outcome } from "./audit.js";
import { type ClientView, type ConfirmDependencies, confirmGate } from "./confirm.js";
import type { ContextFactory } from "./context.js";
import { selectHost } from "./host-guard.js";
import type { JsonSchema } from "./json-shape.js";
import { type ResultRedactor, revealRefusal } from "./redaction.js";
import { renderError, renderResult, type ToolResult } from "./render.js";
import type { RegisteredTool } from "./surface.js";
import { formatZodIssues, type Issue } from "./zod-issues.js";

export interface CallDependencies {
  readonly hosts: HostRegistry;
  readonly contexts: ContextFactory;
  /** Hides secrets in results and errors (DOCKER_MCP_SERVER_REDACT). */
  readonly redactor: ResultRedactor;
  /** Where unexpected errors are logged (stderr). */
  log(line: string): void;
  /** Absent: nothing asks first (tests of handlers that build their own dependencies). */
  readonly confirm?: ConfirmDependencies;
  readonly audit?: AuditLog | undefined;
}

const UNKNOWN_CLIENT: ClientView = { capabilities: () => undefined, protocolVersion: () => undefined };

const argumentSchemas = new WeakMap<RegisteredTool, JsonSchema>();

/** The validator as JSON schema (with `host` when the tool takes it), made once per tool on first use. */
function argumentSchema(tool: RegisteredTool): JsonSchema {
  let schema = argumentSchemas.get(tool);
  if (!schema) {
    schema = z.toJSONSchema(tool.validator, { io: "input", unrepresentable: "any" }) as JsonSchema;
    argumentSchemas.set(tool, schema);
  }
  return schema;
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
  client: ClientView = UNKNOWN_CLIENT,
): Promise<ToolResult> {
  const { spec } = tool;
  const raw = rawArgs ?? {};
  const refused = revealRefusal(spec, raw, deps.redactor.config);
  if (refused) return renderError(refused);
  const problem = checkArguments(spec.name, raw, argumentSchema(tool));
  if (problem) return renderError(problem);
  const parsed = tool.validator.safeParse(raw);
  if (!parsed.success) {
    return renderError(formatZodIssues(spec.name, parsed.error.issues as Issue[], raw, argumentSchema(tool)));
  }
  const {
    host: hostArg,
    confirm_token: confirmToken,
    ...args
  } = parsed.data as Record<string, unknown> & { host?: string | null; confirm_token?: string | null };
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
  const startedAt = Date.now();
  let confirmation: ConfirmationDecision = "not_required";
  const { redactor } = deps;
  const audit = (outcome: Outcome, extra: { error?: string; result?: unknown } = {}) => {
    if (spec.category === "read_only" || !deps.audit) return;
    deps.audit.record({
      tool: spec.name,
      category: spec.category,
      host: host.label,
      args,
      outcome,
      confirmation,
      startedAt,
      ...extra,
    });
  };
  // Every error leaves through here: redacted once, audited, rendered.
  const failed = (message: string): ToolResult => {
    const shown = redactor.error(args, message);
    audit("error", { error: shown });
    return renderError(shown);
  };
  try {
    if (tool.confirms && deps.confirm) {
      // What the audit says if the preview throws (an object that does not exist, a filter the prune refuses).
      confirmation = "preview_failed";
      const gate = await confirmGate(deps.confirm, {
        spec,
        binding: { tool: spec.name, host: host.label, args },
        confirmToken: confirmToken ?? undefined,
        ctx,
        mcp,
        client,
      });
      confirmation = gate.decision;
      if (!gate.proceed) {
        audit("not_performed");
        return gate.result as ToolResult;
      }
    }
    const value = redactor.result(spec.name, args, await spec.def.run(args, ctx));
    audit("ok", { result: value });
    return renderResult(value);
  } catch (err) {
    if (err instanceof CallerError) return failed(err.message);
    const mapped = toEngineError(err, host.label, host.url ?? "the default Docker socket");
    if (mapped instanceof CallerError) return failed(mapped.message);
    const stack = redactor.error(args, (err as Error)?.stack ?? String(err));
    deps.log(`docker-mcp-server: ${spec.name} failed unexpectedly: ${stack}`);
    return failed(`${spec.name} failed: ${(err as Error)?.message ?? String(err)}`);
  }
}
