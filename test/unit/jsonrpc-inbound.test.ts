import { describe, expect, it } from "vitest";
import { decodeLine } from "../../src/server/jsonrpc-inbound.js";

describe("decodeLine", () => {
  it("passes requests, notifications and responses through as messages; ignores blank lines", () => {
    expect(decodeLine('{"jsonrpc":"2.0","id":1,"method":"ping"}\r')).toEqual({
      kind: "message",
      message: { jsonrpc: "2.0", id: 1, method: "ping" },
    });
    expect(decodeLine('{"jsonrpc":"2.0","method":"notifications/initialized"}').kind).toBe("message");
    expect(decodeLine('{"jsonrpc":"2.0","id":"x","result":{}}').kind).toBe("message");
    expect(decodeLine("  \r").kind).toBe("blank");
  });

  it("answers a line that is not JSON with -32700 and id null", () => {
    expect(decodeLine("{nope")).toMatchObject({ kind: "answer", id: null, code: -32700 });
  });

  it.each([
    ['{"jsonrpc":"2.0","id":1}', 1, '"method" is missing'],
    ['{"id":2,"method":"ping"}', 2, '"jsonrpc" must be "2.0" (got undefined)'],
    ['{"jsonrpc":"2.0","id":null,"method":"ping"}', null, '"id" must be a string or an integer (got null)'],
    ['{"jsonrpc":"2.0","id":3,"method":"ping","params":"x"}', 3, '"params" must be an object (got "x")'],
    ['{"jsonrpc":"2.0","id":4,"method":"ping","result":{}}', 4, 'unexpected member "result"'],
    ['{"jsonrpc":"2.0","method":"x","params":{"_meta":{"progressToken":{}}}}', null, "params._meta.progressToken"],
    ['"text"', null, 'a JSON-RPC message is an object (got "text")'],
    ["[]", null, "batches are not supported"],
  ])("answers %s with -32600", (line, id, sentence) => {
    const inbound = decodeLine(line);
    expect(inbound).toMatchObject({ kind: "answer", id, code: -32600 });
    expect((inbound as { message: string }).message).toContain(sentence);
    expect((inbound as { message: string }).message).not.toContain("\n");
  });

  it("drops a malformed response rather than answering it", () => {
    expect(decodeLine('{"jsonrpc":"2.0","id":1,"result":5}')).toMatchObject({ kind: "drop" });
  });
});
