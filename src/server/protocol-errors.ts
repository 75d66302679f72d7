// Turns the SDK's raw validation dumps into one readable sentence. When a request's params fail the SDK's schema it
// answers with the zod issue list as its message — pretty-printed JSON, and as -32603 Internal error for every method
// but tools/call. On the way out, such an answer becomes -32602 Invalid params naming the first issues.

import { type JSONRPCErrorResponse, ProtocolErrorCode } from "@modelcontextprotocol/server";

const MAX_ISSUES = 3;

interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly errors?: readonly (readonly Issue[])[];
}

function isIssueList(value: unknown): value is Issue[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (issue) =>
        typeof issue === "object" &&
        issue !== null &&
        Array.isArray((issue as Issue).path) &&
        typeof (issue as Issue).message === "string",
    )
  );
}

/** A union's issue stands for its closest branch: the one with the fewest issues. */
function flatten(issue: Issue, prefix: readonly PropertyKey[]): { path: readonly PropertyKey[]; message: string } {
  const path = [...prefix, ...issue.path];
  const branches = (issue.errors ?? []).filter((branch) => branch.length > 0);
  if (branches.length === 0) return { path, message: issue.message };
  const closest = branches.reduce((best, branch) => (branch.length < best.length ? branch : best));
  return flatten(closest[0] as Issue, path);
}

/**
 * `params.protocolVersion: expected string, received number; …` from zod issues (the first three); with `inParams`,
 * the leading `params` is left out (the sentence already says "Invalid params").
 */
function describe(issues: readonly Issue[], inParams = false): string {
  const parts = issues.slice(0, MAX_ISSUES).map((issue) => {
    const flat = flatten(issue, []);
    const path = inParams && flat.path.length > 1 && flat.path[0] === "params" ? flat.path.slice(1) : flat.path;
    const text = flat.message.replace(/^Invalid input: /, "");
    return path.length > 0 ? `${path.map(String).join(".")}: ${text}` : text;
  });
  const more = issues.length > MAX_ISSUES ? ` (and ${issues.length - MAX_ISSUES} more)` : "";
  return `${parts.join("; ")}${more}`;
}

/** describe() for a value that may be a zod issue list; undefined when it is not one. */
export function describeIssues(value: unknown): string | undefined {
  return isIssueList(value) ? describe(value) : undefined;
}

/** The issue list a message embeds (`[…]` alone or after a `… request: ` prefix), if it is one. */
function embeddedIssues(message: string): { prefix: string; issues: Issue[] } | undefined {
  const start = message.indexOf("[");
  if (start === -1 || !message.trimEnd().endsWith("]")) return undefined;
  try {
    const parsed: unknown = JSON.parse(message.slice(start));
    return isIssueList(parsed) ? { prefix: message.slice(0, start), issues: parsed } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The same error response with a readable message when the SDK put a validation dump in it; otherwise unchanged.
 * A dump about the request's params becomes -32602; one about anything else (a result the server built) keeps its
 * code, since the caller could not have fixed it.
 */
export function readableErrorResponse(response: JSONRPCErrorResponse): JSONRPCErrorResponse {
  const found = embeddedIssues(response.error.message);
  if (!found) return response;
  const aboutParams = found.issues.every((issue) => issue.path[0] === "params") && !/\bresult\b/i.test(found.prefix);
  if (!aboutParams) {
    const lead = found.prefix.replace(/:\s*$/, "").trim() || "Invalid message";
    return { ...response, error: { ...response.error, message: `${lead}: ${describe(found.issues)}.` } };
  }
  const inParams = describe(found.issues, true);
  const method = /^Invalid (\S+) request:\s*$/.exec(found.prefix)?.[1];
  const message = `Invalid params${method ? ` for ${method}` : ""}: ${inParams}. Check the request against the MCP schema.`;
  return { ...response, error: { ...response.error, code: ProtocolErrorCode.InvalidParams, message } };
}
