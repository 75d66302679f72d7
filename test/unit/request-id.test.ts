import { describe, expect, it } from "vitest";
import { recoverRequestId } from "../../src/server/request-id.js";

const big = "A".repeat(10_000);
/** The kept edges of a line, as the framer would hand them over. */
function edges(line: string, keep = 4096): [Buffer, Buffer] {
  const bytes = Buffer.from(line);
  return [bytes.subarray(0, keep), bytes.subarray(Math.max(0, bytes.length - keep))];
}

describe("recoverRequestId", () => {
  it.each([
    ["id first (Python SDK order)", `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"d":"${big}"}}`, 7],
    ["id last (TypeScript SDK order)", `{"method":"tools/call","params":{"d":"${big}"},"jsonrpc":"2.0","id":8}`, 8],
    ["a string id", `{ "jsonrpc" : "2.0" , "id" : "a\\"b" , "method" : "x", "params": {"d":"${big}"} }`, 'a"b'],
    ["method last, id before it", `{"params":{"d":"${big}"},"id":9,"method":"x"}`, 9],
  ])("%s", (_case, line, id) => {
    expect(recoverRequestId(...edges(line))).toBe(id);
  });

  it.each([
    ["a response (no method)", `{"jsonrpc":"2.0","id":1,"result":{"d":"${big}"}}`],
    ["a notification (no id)", `{"jsonrpc":"2.0","method":"x","params":{"d":"${big}"}}`],
    ["an id only inside params", `{"method":"x","params":{"d":"${big}","id":5}}`],
    ["an id that is not an integer", `{"jsonrpc":"2.0","id":1.5,"method":"x","params":{"d":"${big}"}}`],
    ["a nested id at the end", `{"method":"x","params":{"d":"${big}"},"meta":{"id":3}}`],
    ["an id cut off at the head's end", `{"jsonrpc":"2.0","method":"x","id":12345`],
    ["no object at all", `[${big}]`],
  ])("null for %s", (_case, line) => {
    const [head, tail] = _case.startsWith("an id cut") ? [Buffer.from(line), Buffer.alloc(0)] : edges(line);
    expect(recoverRequestId(head, tail)).toBeNull();
  });
});
