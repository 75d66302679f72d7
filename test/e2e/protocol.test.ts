// The bundle under hostile input over stdio: raw lines that are not JSON or not JSON-RPC, params of the wrong type,
// messages over the size cap and in-band payloads over their limit. Each gets a JSON-RPC or tool error and the
// session goes on.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_MESSAGE_BYTES } from "../../src/server/limits.js";
import { callTool, type Spawned, spawnServer } from "../support/mcp-client.js";
import { answerTo, type Json, type RawServer, spawnRaw } from "../support/raw-stdio.js";
import { tb } from "../support/testbed.js";

const MiB = 1024 * 1024;
const env = () => ({ DOCKER_MCP_SERVER_HOSTS: `a=${tb("ENGINE_A_HOST")}` });

const errorOf = (message: Json) => message.error as { code: number; message: string; data?: unknown };

/** A readable sentence: no zod dump, no JSON, one line. */
function expectReadable(text: string): void {
  expect(text).not.toMatch(/[[{\n]|invalid_type|invalid_union/);
}

async function expectPingWorks(server: RawServer, id: number): Promise<void> {
  expect(await server.request(id, "ping")).toEqual({ jsonrpc: "2.0", id, result: {} });
}

describe("lines that are not JSON-RPC", () => {
  let server: RawServer;
  beforeAll(async () => {
    server = spawnRaw(env());
  });
  afterAll(async () => {
    expect(server.noise()).toEqual([]);
    await server.close();
  });

  it("a line that is not JSON gets -32700 with id null, before and after initialize", async () => {
    await server.write("this is not json\n");
    const before = await server.next(answerTo(null));
    expect(errorOf(before).code).toBe(-32700);
    expect(errorOf(before).message).toContain("Parse error");
    await server.initialize();
    await server.write('{"jsonrpc":"2.0","id":1,"method":"ping"\n');
    expect(errorOf(await server.next(answerTo(null))).code).toBe(-32700);
    await expectPingWorks(server, 2);
  });

  it.each([
    ["a wrong jsonrpc version", '{"jsonrpc":"1.0","id":10,"method":"ping"}', 10, '"jsonrpc" must be "2.0"'],
    ["no method", '{"jsonrpc":"2.0","id":11}', 11, '"method" is missing'],
    ["a non-string method", '{"jsonrpc":"2.0","id":12,"method":7}', 12, '"method" must be a string'],
    ["params that are not an object", '{"jsonrpc":"2.0","id":13,"method":"ping","params":[1]}', 13, '"params"'],
    ["an unknown member", '{"jsonrpc":"2.0","id":14,"method":"ping","x":1}', 14, 'unexpected member "x"'],
    ["an id that is an object", '{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}', null, '"id" must be'],
    ["a batch (unsupported)", '[{"jsonrpc":"2.0","id":15,"method":"ping"}]', null, "batches are not supported"],
    ["a bare number", "42", null, "a JSON-RPC message is an object"],
  ])("%s gets -32600 Invalid Request", async (_case, line, id, sentence) => {
    await server.write(`${line}\n`);
    const answer = await server.next(answerTo(id));
    expect(errorOf(answer).code).toBe(-32600);
    expect(errorOf(answer).message).toContain(sentence);
    await expectPingWorks(server, 20);
  });

  it("a tools/call whose name is not a string gets -32602 in one sentence", async () => {
    const answer = await server.request(21, "tools/call", { name: 5, arguments: {} });
    expect(errorOf(answer).code).toBe(-32602);
    expect(errorOf(answer).message).toBe(
      "Invalid params for tools/call: name: expected string, received number. Check the request against the MCP schema.",
    );
  });
});

describe("the 2026-07-28 stateless era through the same transport", () => {
  it("server/discover and enveloped calls are served; a wrong param type gets -32602 in one sentence", async () => {
    const server = spawnRaw(env());
    const _meta = {
      "io.modelcontextprotocol/protocolVersion": "2026-07-28",
      "io.modelcontextprotocol/clientInfo": { name: "raw", version: "0" },
      "io.modelcontextprotocol/clientCapabilities": {},
    };
    try {
      const discovered = await server.request(1, "server/discover", { _meta });
      expect((discovered.result as { supportedVersions: string[] }).supportedVersions).toContain("2026-07-28");
      const call = await server.request(2, "tools/call", { name: "host_list", arguments: {}, _meta });
      expect((call.result as { isError?: boolean }).isError).toBeFalsy();
      const wrong = await server.request(3, "tools/call", { name: 5, arguments: {}, _meta });
      expect(errorOf(wrong)).toEqual({
        code: -32602,
        message:
          "Invalid params for tools/call: name: expected string, received number. Check the request against the MCP schema.",
      });
      expect(server.noise()).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe("initialize with params of the wrong type", () => {
  it("a non-string protocolVersion gets -32602 in one sentence; a correct initialize then works", async () => {
    const server = spawnRaw(env());
    try {
      const answer = await server.request(1, "initialize", {
        protocolVersion: 5,
        capabilities: {},
        clientInfo: { name: "x", version: "1" },
      });
      expect(errorOf(answer).code).toBe(-32602);
      expect(errorOf(answer).message).toContain("protocolVersion: expected string, received number");
      expectReadable(errorOf(answer).message);
      await server.initialize();
      const call = await server.request(2, "tools/call", { name: "host_list", arguments: {} });
      expect((call.result as { isError?: boolean }).isError).toBeFalsy();
      expect(server.noise()).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

/** Writes one request line of exactly `size` bytes (plus its newline) in 1 MiB pieces, as a client streaming it would. */
async function writeRequestLine(server: RawServer, id: number, size: number): Promise<void> {
  const head = Buffer.from(
    `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"image_load","arguments":{"data":"`,
  );
  const end = Buffer.from('"}}}\n');
  const piece = Buffer.alloc(MiB, "A");
  let left = size - head.length - (end.length - 1);
  await server.write(head);
  for (; left > 0; left -= MiB) await server.write(left >= MiB ? piece : piece.subarray(0, left));
  await server.write(end);
}

describe("message size", () => {
  it("a 70 MiB line gets -32600 naming the limits, and the session goes on", async () => {
    const server = spawnRaw(env());
    try {
      await server.initialize();
      await writeRequestLine(server, 70, 70 * MiB);
      const answer = await server.next(answerTo(70), 30_000);
      expect(errorOf(answer).code).toBe(-32600);
      expect(errorOf(answer).message).toContain(
        `Request too large: the message is ${70 * MiB} bytes (70 MiB), over the ${MAX_MESSAGE_BYTES}-byte (48 MiB) limit per message`,
      );
      expect(errorOf(answer).message).toContain("may decode to at most 32 MiB");
      expect(errorOf(answer).data).toEqual({ size: 70 * MiB, limit: MAX_MESSAGE_BYTES });
      const call = await server.request(2, "tools/call", { name: "host_list", arguments: {} });
      expect((call.result as { isError?: boolean }).isError).toBeFalsy();
      expect(server.noise()).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("an oversized line is never held whole: a 256 MiB line costs the cap plus garbage, not 256 MiB", async () => {
    const server = spawnRaw(env());
    try {
      await server.initialize();
      const before = server.peakRss();
      await writeRequestLine(server, 256, 256 * MiB);
      expect(errorOf(await server.next(answerTo(256), 60_000)).code).toBe(-32600);
      // Up to the cap is buffered (it could have been a valid message), then discarded as it streams; seen: +80 MiB.
      expect(server.peakRss() - before).toBeLessThan(128 * MiB);
      await expectPingWorks(server, 3);
    } finally {
      await server.close();
    }
  });
});

describe("in-band payloads through the SDK client", () => {
  let server: Spawned;
  let work: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "dmcp-protocol-"));
    server = await spawnServer(env());
  });
  afterAll(async () => {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("a 50 MiB image_load tar (busybox:local from engine a) is refused naming the limits; the session lives", async () => {
    const file = join(work, "busybox-50m.tar");
    execFileSync("docker", ["-H", tb("ENGINE_A_HOST"), "save", "-o", file, "busybox:local"]);
    const padding = 50 * MiB - readFileSync(file).length;
    writeFileSync(join(work, "padding.bin"), Buffer.alloc(Math.max(padding, 0), 1));
    execFileSync("tar", ["-rf", file, "-C", work, "padding.bin"]);
    const data = readFileSync(file).toString("base64");
    expect(data.length).toBeGreaterThan(MAX_MESSAGE_BYTES);
    // The SDK writes the id last: the answer still reaches this call (the test would time out otherwise).
    const refused = await server.client.callTool({ name: "image_load", arguments: { data } }, { timeout: 20_000 }).then(
      () => undefined,
      (err: Error & { code?: number }) => err,
    );
    expect(refused?.code).toBe(-32600);
    expect(refused?.message).toContain("Request too large");
    expect(refused?.message).toContain("may decode to at most 32 MiB");
    expect((await callTool(server.client, "host_list")).isError).toBe(false);
  });

  it("exactly 32 MiB decoded reaches the tool (the message cap fits it)", async () => {
    const data = Buffer.alloc(32 * MiB).toString("base64");
    const result = await callTool(server.client, "image_load", { data });
    expect(result.isError).toBe(true);
    expect(result.text).toContain("data is not a `docker save` archive");
  });

  it.each([
    ["image_load", {}, "use from_file"],
    ["container_archive_put", { id_or_name: "dmcp-no-such-container", path: "/tmp" }, "use from_file"],
    ["image_build", {}, "use path"],
  ])("%s refuses data over 32 MiB from its length, before decoding", async (tool, args, instead) => {
    // Not base64 at all: decoding first would say so instead of naming the limit.
    const data = "!".repeat(Math.ceil((32 * MiB + 1) / 3) * 4);
    const result = await callTool(server.client, tool, { ...args, data });
    expect(result.isError).toBe(true);
    expect(result.text).toContain(
      `data decodes to ${(data.length / 4) * 3} bytes, over the in-band limit of 33554432 bytes (32 MiB); nothing was sent.`,
    );
    expect(result.text).toContain(instead);
  });
});
