// DOCKER_MCP_SERVER_CONFIRM: before a covered destructive tool acts, show what would go and get the user's yes.
// Three ways, picked per call: the 2025 elicitation request (elicitation/create) when the client declared form
// elicitation; the input_required result on protocol revision 2026-07-28 when the request's capabilities include
// elicitation (the retry's requestState is a single-use server token bound to the call); otherwise the preview and a
// confirm_token the agent passes back, after asking the user, on the same call. Nothing runs without one of these.

import {
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  type ElicitRequestFormParams,
  type InputRequiredResult,
  inputRequired,
  inputResponse,
  type ServerContext,
} from "@modelcontextprotocol/server";
import { decimalBytes, shortId } from "../base/display.js";
import { shorten } from "../base/quote.js";
import type { SecretNames } from "../base/redact.js";
import { scrubArguments } from "../base/scrub.js";
import type { ConfirmMode } from "../config/safety.js";
import type { Preview, PreviewItem, PreviewTable } from "../contract/preview.js";
import type { ToolContext } from "../contract/tool.js";
import type { ConfirmationDecision } from "./audit.js";
import { confirmationCovers } from "./confirm-policy.js";
import type { CallBinding, ConfirmTokens } from "./confirm-tokens.js";
import type { ToolSpec } from "./inventory.js";
import { renderError, renderResult, type ToolResult } from "./render.js";

export interface ConfirmDependencies {
  readonly mode: ConfirmMode;
  readonly tokens: ConfirmTokens;
  readonly previews: PreviewTable;
  /** The configured secret names, for the arguments a generic preview shows. */
  readonly names?: SecretNames;
}

/** What the protocol instance knows about the client (2025 era: from initialize). */
export interface ClientView {
  capabilities(): ClientCapabilities | undefined;
  protocolVersion(): string | undefined;
}

export type Gate =
  | { readonly proceed: true; readonly decision: ConfirmationDecision }
  | {
      readonly proceed: false;
      readonly decision: ConfirmationDecision;
      readonly result: ToolResult | InputRequiredResult;
    };

/** How long the 2025 elicitation waits for the user: human-paced, far above the protocol's 60 s default. */
const ELICITATION_TIMEOUT_MS = 10 * 60_000;
const MESSAGE_ITEMS = 25;
const RESULT_ITEMS = 200;
const ANSWER_KEY = "confirm";

const MODERN_REVISION = "2026-07-28";

function isModern(version: string | undefined): boolean {
  return version !== undefined && version >= MODERN_REVISION;
}

function formElicitation(capabilities: ClientCapabilities | undefined): boolean {
  const elicitation = capabilities?.elicitation as Record<string, unknown> | undefined;
  if (!elicitation) return false;
  // An empty object means form mode (the 2025-06-18 shape); otherwise form must be listed.
  return Object.keys(elicitation).length === 0 || elicitation.form !== undefined;
}

function itemLine(item: PreviewItem): string {
  const label =
    item.name && item.id && !item.id.startsWith(item.name)
      ? `${item.name} (${shortId(item.id)})`
      : (item.name ?? (item.id ? shortId(item.id) : "?"));
  const facts = [
    item.state,
    item.size !== undefined ? decimalBytes(item.size) : undefined,
    item.in_use && item.in_use.length > 0 ? `in use by ${item.in_use.slice(0, 5).join(", ")}` : undefined,
    item.note,
  ].filter((fact) => fact !== undefined);
  return `- ${item.kind} ${shorten(label, 120)}${facts.length > 0 ? `: ${facts.join("; ")}` : ""}`;
}

/** The human text: what would go, bounded, for the elicitation message. */
export function previewMessage(tool: string, host: string, preview: Preview): string {
  const lines = [`Confirm ${tool} on host '${host}'? ${preview.summary}`];
  for (const item of preview.items.slice(0, MESSAGE_ITEMS)) lines.push(itemLine(item));
  if (preview.items.length > MESSAGE_ITEMS) lines.push(`- … and ${preview.items.length - MESSAGE_ITEMS} more`);
  for (const note of preview.notes ?? []) lines.push(`Note: ${note}`);
  return lines.join("\n");
}

function previewData(preview: Preview) {
  return {
    summary: preview.summary,
    items: preview.items.slice(0, RESULT_ITEMS),
    ...(preview.items.length > RESULT_ITEMS ? { more_items: preview.items.length - RESULT_ITEMS } : {}),
    ...(preview.notes && preview.notes.length > 0 ? { notes: preview.notes } : {}),
  };
}

/** Every covered tool has a preview: its own, or this one (the call as it would be made). */
function genericPreview(binding: CallBinding, names?: SecretNames): Preview {
  return {
    summary: `${binding.tool} would run on host '${binding.host}' with the arguments shown; this tool has no itemised preview.`,
    items: [],
    notes: [`arguments: ${JSON.stringify(scrubArguments(binding.args, [], names))}`],
  };
}

const REQUESTED_SCHEMA: ElicitRequestFormParams["requestedSchema"] = {
  type: "object",
  properties: {
    [ANSWER_KEY]: { type: "boolean", title: "Go ahead", description: "Check to perform it.", default: false },
  },
  required: [ANSWER_KEY],
};

function notPerformed(tool: string, why: string): ToolResult {
  return renderError(`${tool} was not performed: ${why} Nothing was changed.`);
}

function answerOf(action: string, content: Record<string, unknown> | undefined): ConfirmationDecision {
  if (action === "accept") return content?.[ANSWER_KEY] === true ? "elicitation_accepted" : "elicitation_declined";
  return action === "decline" ? "elicitation_declined" : "elicitation_cancelled";
}

function stopFor(tool: string, decision: ConfirmationDecision): Gate {
  const why =
    decision === "elicitation_cancelled"
      ? "the user cancelled the confirmation."
      : "the user declined the confirmation.";
  return { proceed: false, decision, result: notPerformed(tool, why) };
}

export interface GateCall {
  readonly spec: ToolSpec;
  readonly binding: CallBinding;
  readonly confirmToken: string | undefined;
  readonly ctx: ToolContext;
  readonly mcp: ServerContext;
  readonly client: ClientView;
}

export async function confirmGate(deps: ConfirmDependencies, call: GateCall): Promise<Gate> {
  const { spec, binding, mcp } = call;
  if (!confirmationCovers(spec, deps.mode)) return { proceed: true, decision: "not_required" };
  const tool = spec.name;

  if (call.confirmToken !== undefined) {
    const redeemed = deps.tokens.redeem(call.confirmToken, binding);
    if (redeemed.ok) return { proceed: true, decision: "token_accepted" };
    return { proceed: false, decision: "token_refused", result: renderError(redeemed.reason) };
  }

  const modern = isModern(call.client.protocolVersion());
  if (modern) {
    // A retry of an input_required round carries our token back as requestState, and the user's answer.
    const state = mcp.mcpReq.requestState();
    if (typeof state === "string") {
      const redeemed = deps.tokens.redeem(state, binding);
      if (!redeemed.ok) {
        return {
          proceed: false,
          decision: "token_refused",
          result: renderError(redeemed.reason.replace("confirm_token", "The confirmation round")),
        };
      }
      const answer = inputResponse(mcp.mcpReq.inputResponses, ANSWER_KEY);
      if (answer.kind !== "elicit") {
        return {
          proceed: false,
          decision: "elicitation_failed",
          result: notPerformed(tool, "the retry carried no answer to the confirmation."),
        };
      }
      const decision = answerOf(answer.action, answer.content);
      return decision === "elicitation_accepted" ? { proceed: true, decision } : stopFor(tool, decision);
    }
  }

  const preview = (await deps.previews[tool]?.(binding.args, call.ctx)) ?? genericPreview(binding, deps.names);
  const message = previewMessage(tool, binding.host, preview);

  if (modern) {
    const envelope = mcp.mcpReq.envelope as Record<string, unknown> | undefined;
    const capabilities = envelope?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined;
    if (formElicitation(capabilities)) {
      const result = inputRequired({
        inputRequests: { [ANSWER_KEY]: inputRequired.elicit({ message, requestedSchema: REQUESTED_SCHEMA }) },
        requestState: deps.tokens.issue(binding),
      });
      return { proceed: false, decision: "elicitation_requested", result };
    }
  } else if (formElicitation(call.client.capabilities())) {
    let answer: { action: string; content?: Record<string, unknown> };
    try {
      answer = (await mcp.mcpReq.elicitInput(
        { mode: "form", message, requestedSchema: REQUESTED_SCHEMA },
        { timeout: ELICITATION_TIMEOUT_MS, signal: mcp.mcpReq.signal },
      )) as typeof answer;
    } catch (err) {
      if (mcp.mcpReq.signal.aborted) throw err;
      return {
        proceed: false,
        decision: "elicitation_failed",
        result: notPerformed(tool, `asking the user failed (${shorten((err as Error).message, 200)}).`),
      };
    }
    const decision = answerOf(answer.action, answer.content);
    return decision === "elicitation_accepted" ? { proceed: true, decision } : stopFor(tool, decision);
  }

  const token = deps.tokens.issue(binding);
  return {
    proceed: false,
    decision: "token_issued",
    result: renderResult({
      status: "confirmation_required",
      performed: false,
      tool,
      host: binding.host,
      preview: previewData(preview),
      confirm_token: token,
      expires_in_s: Math.round(deps.tokens.ttlMs / 1000),
      next: `Show this preview to the user. Only if they agree, call ${tool} again with the same arguments and confirm_token; the token works once.`,
    }),
  };
}
