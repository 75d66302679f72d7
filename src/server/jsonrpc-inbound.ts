// Decides what one inbound line is: a JSON-RPC message for the SDK, or something the transport answers itself —
// -32700 for a line that is not JSON, -32600 for JSON that is not a JSON-RPC 2.0 request or notification (with the
// request's id when it has a valid one, null otherwise). A malformed response is dropped, never answered (answering
// a response could start a loop of errors between two peers).

import { type JSONRPCMessage, ProtocolErrorCode, parseJSONRPCMessage } from "@modelcontextprotocol/server";
import { describeIssues } from "./protocol-errors.js";
import { isRequestId, type RequestId } from "./request-id.js";

export type Inbound =
  | { readonly kind: "blank" }
  | { readonly kind: "message"; readonly message: JSONRPCMessage }
  | { readonly kind: "answer"; readonly id: RequestId | null; readonly code: number; readonly message: string }
  | { readonly kind: "drop"; readonly reason: string };

const REQUEST_MEMBERS = new Set(["jsonrpc", "id", "method", "params"]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A short name for a value in an error sentence. */
function shown(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (isObject(value)) return "an object";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** What keeps a parsed object from being a JSON-RPC 2.0 request or notification, in words; undefined if nothing. */
function requestProblem(value: Record<string, unknown>): string | undefined {
  if (value.jsonrpc !== "2.0") return `"jsonrpc" must be "2.0" (got ${shown(value.jsonrpc)})`;
  if (!("method" in value)) return `"method" is missing`;
  if (typeof value.method !== "string") return `"method" must be a string (got ${shown(value.method)})`;
  if ("id" in value && !isRequestId(value.id)) return `"id" must be a string or an integer (got ${shown(value.id)})`;
  if ("params" in value && !isObject(value.params)) return `"params" must be an object (got ${shown(value.params)})`;
  const extra = Object.keys(value).filter((key) => !REQUEST_MEMBERS.has(key));
  if (extra.length > 0) {
    return `unexpected member ${extra.map((key) => JSON.stringify(key)).join(", ")}: a request has only jsonrpc, id, method and params`;
  }
  return undefined;
}

function issuesOf(err: unknown): string {
  return describeIssues((err as { issues?: unknown }).issues) ?? String((err as Error)?.message ?? err);
}

function invalid(id: RequestId | null, problem: string): Inbound {
  return { kind: "answer", id, code: ProtocolErrorCode.InvalidRequest, message: `Invalid Request: ${problem}.` };
}

export function decodeLine(text: string): Inbound {
  if (text.trim() === "") return { kind: "blank" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {
      kind: "answer",
      id: null,
      code: ProtocolErrorCode.ParseError,
      message: "Parse error: the line is not valid JSON. Send one JSON-RPC message per line (UTF-8, no raw newlines).",
    };
  }
  if (Array.isArray(value)) return invalid(null, "batches are not supported; send one JSON-RPC message per line");
  if (!isObject(value)) return invalid(null, `a JSON-RPC message is an object (got ${shown(value)})`);
  const isResponse = !("method" in value) && ("result" in value || "error" in value);
  if (isResponse) {
    try {
      return { kind: "message", message: parseJSONRPCMessage(value) };
    } catch (err) {
      return { kind: "drop", reason: `Dropped a malformed JSON-RPC response: ${issuesOf(err)}` };
    }
  }
  const id = isRequestId(value.id) ? value.id : null;
  const problem = requestProblem(value);
  if (problem) return invalid(id, problem);
  try {
    return { kind: "message", message: parseJSONRPCMessage(value) };
  } catch (err) {
    return invalid(id, issuesOf(err));
  }
}
