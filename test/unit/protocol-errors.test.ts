import type { JSONRPCErrorResponse } from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import { readableErrorResponse } from "../../src/server/protocol-errors.js";

const dump = (issues: unknown[]) => JSON.stringify(issues, null, 2);
const response = (code: number, message: string): JSONRPCErrorResponse => ({
  jsonrpc: "2.0",
  id: 1,
  error: { code, message },
});

describe("readableErrorResponse", () => {
  const protocolVersion = {
    expected: "string",
    code: "invalid_type",
    path: ["params", "protocolVersion"],
    message: "Invalid input: expected string, received number",
  };

  it("turns the SDK's -32603 params dump into -32602 and one sentence", () => {
    expect(readableErrorResponse(response(-32603, dump([protocolVersion]))).error).toEqual({
      code: -32602,
      message:
        "Invalid params: protocolVersion: expected string, received number. Check the request against the MCP schema.",
    });
  });

  it("names the method from the SDK's prefix and follows a union to its closest branch", () => {
    const union = {
      code: "invalid_union",
      path: ["params"],
      message: "Invalid input",
      errors: [
        [
          { path: ["a"], message: "x" },
          { path: ["b"], message: "y" },
        ],
        [{ path: ["arguments"], message: "Invalid input: expected record, received string" }],
      ],
    };
    const message = readableErrorResponse(response(-32602, `Invalid tools/call request: ${dump([union])}`)).error
      .message;
    expect(message).toBe(
      "Invalid params for tools/call: arguments: expected record, received string. Check the request against the MCP schema.",
    );
  });

  it("keeps the code of a dump about a result, and leaves other errors alone", () => {
    const result = readableErrorResponse(
      response(-32603, `Invalid tools/call result: ${dump([{ path: ["content"], message: "Required" }])}`),
    );
    expect(result.error).toEqual({ code: -32603, message: "Invalid tools/call result: content: Required." });
    const plain = response(-32601, "Method not found");
    expect(readableErrorResponse(plain)).toBe(plain);
    const bracketed = response(-32603, "failed [see log]");
    expect(readableErrorResponse(bracketed)).toBe(bracketed);
  });
});
