// cjsExports: a CommonJS package's exports however import() delivered them (the split bundle puts ssh2 and undici in
// chunks of their own, whose namespace holds them only under `default`; inlined or under Node they are named too).

import { describe, expect, it } from "vitest";
import { cjsExports } from "../../src/base/cjs.js";

class Client {}

describe("cjsExports", () => {
  it("reads module.exports from `default` when that is the exports object", () => {
    expect(cjsExports({ default: { Client } } as { Client?: typeof Client }).Client).toBe(Client);
  });

  it("keeps a namespace whose default is not an exports object (none, or a constructor)", () => {
    expect(cjsExports({ Client }).Client).toBe(Client);
    const namespace = { default: Client, Client };
    expect(cjsExports(namespace)).toBe(namespace);
  });

  it("works on the real packages under Node", async () => {
    expect(typeof cjsExports(await import("ssh2")).Client).toBe("function");
    expect(typeof cjsExports(await import("undici")).Agent).toBe("function");
  });
});
