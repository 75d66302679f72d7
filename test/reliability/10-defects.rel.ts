// One focused case per defect of the hostile-client report (defects 4 and 5 live in 30-faults.rel.ts, beside the
// fault proxy they need). Until the fixes land these fail, by design: each failure names what the server did.

import { afterAll, beforeAll, describe, it } from "vitest";
import { tb } from "../support/testbed.js";
import { isPrune, widening } from "./fuzz/prunes.js";
import { notActionable, oversize, utf8Bytes } from "./support/actionable.js";
import { containerExists, engineAHost, removeObjects, startContainer, testImage } from "./support/engine-a.js";
import { occupyPort } from "./support/hang-server.js";
import { limits } from "./support/mode.js";
import { RawSession } from "./support/raw-session.js";
import { marker } from "./support/run.js";
import { newSecret } from "./support/secrets.js";
import { describeOutcome, type Outcome, type RelServer } from "./support/server.js";
import { directServer, guardedServer, newGuard } from "./support/servers.js";

/** A server that refuses an oversize message has no reason to take long over it. */
const OVERSIZE_ANSWER_MS = 30_000;

/** A JSON-RPC error answer is immediate work; this only absorbs a busy machine. */
const PROTOCOL_ANSWER_MS = 8_000;

const sleeper = () => `${marker()}-defects-sleeper`;
const runNames: string[] = [];

/** The failure line for an answer that is not an actionable, capped error (undefined: it is one). */
function badError(outcome: Outcome, mustMention: string[] = []): string | undefined {
  if (outcome.kind !== "result" || !outcome.isError) return describeOutcome(outcome);
  const reason = notActionable(outcome.text);
  if (reason) return `${reason}: ${JSON.stringify(outcome.text.slice(0, 160))}`;
  if (oversize(outcome.text)) return `error of ${utf8Bytes(outcome.text)} bytes (cap ${limits.errorCapBytes})`;
  if (mustMention.length > 0 && !mustMention.some((m) => outcome.text.includes(m)))
    return `does not name ${mustMention.join(" or ")}: ${JSON.stringify(outcome.text.slice(0, 160))}`;
  return undefined;
}

/** Calls each case and collects the failures as lines `label → what happened`. */
async function failures(
  server: RelServer,
  cases: Array<{ label: string; tool: string; args: unknown; mention?: string[] }>,
): Promise<string[]> {
  const out: string[] = [];
  for (const c of cases) {
    const outcome = await server.call(c.tool, c.args, { timeoutMs: limits.answerWithinMs });
    const bad = badError(outcome, c.mention);
    if (bad) out.push(`${c.label} → ${bad}`);
  }
  return out;
}

async function registered(
  server: RelServer,
): Promise<Map<string, { properties: Record<string, unknown>; required: string[] }>> {
  const { tools } = await server.client.listTools();
  return new Map(
    tools.map((t) => [
      t.name,
      {
        properties: (t.inputSchema.properties ?? {}) as Record<string, unknown>,
        required: t.inputSchema.required ?? [],
      },
    ]),
  );
}

beforeAll(() => startContainer(sleeper()));
afterAll(() => {
  removeObjects("container", [sleeper(), ...runNames]);
});

describe.concurrent("defects of the hostile-client report", () => {
  it("defect 1: system_login with dockercfg_path /dev/zero answers an error in bounded time", {
    timeout: 60_000,
  }, async ({ expect }) => {
    const { server, close } = await guardedServer("d1-login");
    try {
      const outcome = await server.call(
        "system_login",
        { username: "dmcp-rel", password: newSecret("defect 1 login"), dockercfg_path: "/dev/zero" },
        { timeoutMs: limits.answerWithinMs },
      );
      const died = server.alive() ? "" : ` — server ${server.deathNote()}`;
      expect(badError(outcome, ["/dev/zero"]), `${describeOutcome(outcome)}${died}`).toBeUndefined();
      expect(await server.ping(), "the server answers a ping afterwards").toBe(true);
    } finally {
      await close();
    }
  });

  it("defect 1: container_archive_put with from_file /dev/zero answers an error in bounded time", {
    timeout: 60_000,
  }, async ({ expect }) => {
    // Straight at engine A: a real daemon keeps reading the endless body (the guard would refuse it at once).
    const server = await directServer("d1-archive");
    try {
      const outcome = await server.call(
        "container_archive_put",
        { id_or_name: sleeper(), path: "/tmp", from_file: "/dev/zero" },
        { timeoutMs: limits.answerWithinMs },
      );
      const died = server.alive() ? "" : ` — server ${server.deathNote()}`;
      expect(badError(outcome, ["/dev/zero"]), `${describeOutcome(outcome)}${died}`).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it("defect 2: a 50 MiB image_load payload (one message over 64 MiB) gets an answer and the session goes on", {
    timeout: 120_000,
  }, async ({ expect }) => {
    const guard = await newGuard();
    const session = await RawSession.start("d2-image-load", guard.url);
    try {
      await session.initialize();
      const data = Buffer.alloc(50 * 1024 * 1024).toString("base64");
      const answer = await session.request(
        { jsonrpc: "2.0", id: "big-load", method: "tools/call", params: { name: "image_load", arguments: { data } } },
        OVERSIZE_ANSWER_MS,
      );
      const exit = session.transport.exit;
      expect(
        answer,
        exit
          ? `the server exited (code ${exit.code}, signal ${exit.signal}): ${session.transport.stderr().trim().split("\n").slice(-2).join(" | ").slice(0, 300)}`
          : `no answer within ${OVERSIZE_ANSWER_MS / 1000} s`,
      ).toBeDefined();
      expect(await session.ping(), "the session goes on (ping)").toBe(true);
    } finally {
      await session.close();
      await guard.close();
    }
  });

  it("defect 2: a 65 MiB request gets a JSON-RPC error and the session goes on", { timeout: 120_000 }, async ({
    expect,
  }) => {
    const session = await RawSession.start("d2-oversize", engineAHost());
    try {
      await session.initialize();
      const pad = "x".repeat(65 * 1024 * 1024);
      const answer = await session.request(
        { jsonrpc: "2.0", id: "oversize", method: "ping", params: { _meta: { pad } } },
        OVERSIZE_ANSWER_MS,
      );
      const exit = session.transport.exit;
      expect(
        answer?.error?.code,
        exit
          ? `the server exited (code ${exit.code}, signal ${exit.signal}): ${session.transport.stderr().trim().split("\n").slice(-2).join(" | ").slice(0, 300)}`
          : `answer: ${JSON.stringify(answer)?.slice(0, 200)}`,
      ).toBeTypeOf("number");
      expect(await session.ping(), "the session goes on (ping)").toBe(true);
    } finally {
      await session.close();
    }
  });

  it("defect 3: a null or empty filter value is an error on every prune and list tool, never a wider call", {
    timeout: 120_000,
  }, async ({ expect }) => {
    const { server, guard, close } = await guardedServer("d3-filters");
    try {
      const tools = [...(await registered(server))].filter(
        ([name, schema]) => /_(prune|list)$/.test(name) && "filters" in schema.properties,
      );
      expect(tools.length, "prune and list tools with filters").toBeGreaterThanOrEqual(8);
      const lines: string[] = [];
      for (const [tool] of tools) {
        for (const key of ["label", "until"]) {
          for (const [label, value] of [
            ["null", null],
            ["[]", []],
            ["{}", {}],
          ] as const) {
            const filters = { [key]: value };
            const seen = guard.records.length;
            const outcome = await server.call(tool, { filters }, { timeoutMs: limits.answerWithinMs });
            const bad = badError(outcome, [key]);
            const widened = guard.records
              .slice(seen)
              .filter(isPrune)
              .map((record) => widening(record, filters))
              .filter((reason) => reason !== undefined);
            if (widened.length > 0)
              lines.push(`${tool} {${key}: ${label}} reached the daemon as a prune with ${widened[0]}`);
            else if (bad) lines.push(`${tool} {${key}: ${label}} → ${bad}`);
          }
        }
      }
      expect(lines).toEqual([]);
    } finally {
      await close();
    }
  });

  it("defect 6: a container_run that fails leaves no container behind", { timeout: 120_000 }, async ({ expect }) => {
    const server = await directServer("d6-run");
    const port = await occupyPort();
    try {
      const base = { image: testImage(), command: ["sleep", "30"] };
      const cases: Array<[string, Record<string, unknown>]> = [
        ["a network that does not exist", { network: `${marker()}-no-such-net` }],
        ["an empty network name", { network: "" }],
        ["a host port already taken", { ports: { "80/tcp": ["127.0.0.1", port.port] } }],
        ["a user that does not exist", { user: "dmcp-rel-no-such-user" }],
        ["an entrypoint that does not exist", { entrypoint: "/dmcp-rel-no-such-binary" }],
      ];
      const lines: string[] = [];
      for (const [i, [label, extra]] of cases.entries()) {
        const name = `${marker()}-run6-${i}`;
        runNames.push(name);
        const outcome = await server.call("container_run", { ...base, ...extra, name }, { timeoutMs: 60_000 });
        const left = await containerExists(name);
        if (outcome.kind !== "result" || !outcome.isError)
          lines.push(`${label}: expected an error, got ${describeOutcome(outcome)}`);
        if (left) lines.push(`${label}: left container ${name} behind`);
      }
      expect(lines).toEqual([]);
    } finally {
      await port.release();
      await server.close();
    }
  });

  it("defect 7: an error about a 1 MiB name stays under 8 KiB", { timeout: 60_000 }, async ({ expect }) => {
    const { server, close } = await guardedServer("d7-cap");
    try {
      const huge = "a".repeat(1024 * 1024);
      const tools = await registered(server);
      const cases = [
        ["container_inspect", "id_or_name"],
        ["image_inspect", "id_or_name"],
        ["image_history", "id_or_name"],
        ["network_inspect", "id_or_name"],
        ["volume_inspect", "name"],
        ["hub_repo_info", "repository"],
        ["docs_lookup", "section"],
      ].filter(([tool]) => tools.has(tool as string));
      const lines: string[] = [];
      for (const [tool, param] of cases) {
        const outcome = await server.call(
          tool as string,
          { [param as string]: huge },
          { timeoutMs: limits.answerWithinMs },
        );
        if (outcome.kind !== "result" || !outcome.isError) lines.push(`${tool}: ${describeOutcome(outcome)}`);
        else if (oversize(outcome.text)) lines.push(`${tool}: error of ${utf8Bytes(outcome.text)} bytes`);
      }
      expect(lines).toEqual([]);
    } finally {
      await close();
    }
  });

  it("defect 8: prototype-named option keys get a sentence naming the key, not a JavaScript error", {
    timeout: 60_000,
  }, async ({ expect }) => {
    const { server, close } = await guardedServer("d8-proto");
    try {
      const own = (key: string) => JSON.parse(`{${JSON.stringify(key)}:1}`) as Record<string, unknown>;
      const cases = ["constructor", "toString", "hasOwnProperty", "valueOf", "__proto__"].flatMap((key) => [
        {
          label: `container_create extra_kwargs.${key}`,
          tool: "container_create",
          args: { image: testImage(), extra_kwargs: own(key) },
          mention: [key],
        },
        {
          label: `container_run extra_kwargs.${key}`,
          tool: "container_run",
          args: { image: testImage(), extra_kwargs: own(key) },
          mention: [key],
        },
        {
          label: `container_update updates.${key}`,
          tool: "container_update",
          args: { id_or_name: sleeper(), updates: own(key) },
          mention: [key],
        },
      ]);
      expect(await failures(server, cases)).toEqual([]);
    } finally {
      await close();
    }
  });

  it("defect 8: invalid UTF-16 in a name gets a sentence, not 'URI malformed'", { timeout: 60_000 }, async ({
    expect,
  }) => {
    const { server, close } = await guardedServer("d8-utf16");
    try {
      const cases = [
        { label: "volume_inspect name", tool: "volume_inspect", args: { name: "x\uD800y" } },
        { label: "network_inspect id_or_name", tool: "network_inspect", args: { id_or_name: "x\uD800y" } },
        { label: "volume_remove name", tool: "volume_remove", args: { name: "\uDC00" } },
        { label: "container_rename name", tool: "container_rename", args: { id_or_name: sleeper(), name: "\uDC00" } },
        { label: "container_top ps_args", tool: "container_top", args: { id_or_name: sleeper(), ps_args: "\uDC00" } },
      ];
      expect(await failures(server, cases)).toEqual([]);
    } finally {
      await close();
    }
  });

  it("defect 8: a NUL byte in a path gets a sentence, not Node's raw message", { timeout: 60_000 }, async ({
    expect,
  }) => {
    const { server, close } = await guardedServer("d8-nul");
    try {
      const path = "/tmp/dmcp-rel\u0000x";
      const cases = [
        { label: "image_load from_file", tool: "image_load", args: { from_file: path } },
        {
          label: "container_archive_put from_file",
          tool: "container_archive_put",
          args: { id_or_name: sleeper(), path: "/tmp", from_file: path },
        },
        {
          label: "system_login dockercfg_path",
          tool: "system_login",
          args: { username: "u", password: newSecret("defect 8 nul"), dockercfg_path: path },
        },
        { label: "image_build path", tool: "image_build", args: { path } },
        { label: "image_save dest_path", tool: "image_save", args: { id_or_name: testImage(), dest_path: path } },
        {
          label: "container_export dest_path",
          tool: "container_export",
          args: { id_or_name: sleeper(), dest_path: path },
        },
      ];
      expect(await failures(server, cases)).toEqual([]);
    } finally {
      await close();
    }
  });

  it("defect 8: a wrong-shaped argument says which shape is expected, not a bare 'Invalid input.'", {
    timeout: 60_000,
  }, async ({ expect }) => {
    const { server, close } = await guardedServer("d8-shape");
    try {
      const cases = [
        {
          label: "container_run command: 5",
          tool: "container_run",
          args: { image: testImage(), command: 5 },
          mention: ["command"],
        },
        {
          label: "container_run environment: true",
          tool: "container_run",
          args: { image: testImage(), environment: true },
          mention: ["environment"],
        },
        {
          label: "container_exec cmd: {}",
          tool: "container_exec",
          args: { id_or_name: sleeper(), cmd: {} },
          mention: ["cmd"],
        },
        {
          label: "container_logs tail: true",
          tool: "container_logs",
          args: { id_or_name: sleeper(), tail: true },
          mention: ["tail"],
        },
        { label: "volume_create labels: 5", tool: "volume_create", args: { labels: 5 }, mention: ["labels"] },
      ];
      expect(await failures(server, cases)).toEqual([]);
    } finally {
      await close();
    }
  });

  it("defect 8: a whitespace name gets a sentence, not 'page not found'", { timeout: 60_000 }, async ({ expect }) => {
    const { server, close } = await guardedServer("d8-space");
    try {
      const tools = await registered(server);
      const cases = [...tools]
        .filter(([, schema]) => schema.required.length === 1 && /^(id_or_name|name)$/.test(schema.required[0] ?? ""))
        .flatMap(([tool, schema]) =>
          [" ", "\t", "\n", "\r\n"].map((blank) => ({
            label: `${tool} ${schema.required[0]}=${JSON.stringify(blank)}`,
            tool,
            args: { [schema.required[0] as string]: blank },
          })),
        );
      expect(cases.length).toBeGreaterThan(20);
      expect(await failures(server, cases)).toEqual([]);
    } finally {
      await close();
    }
  });

  it("defect 9: a wrong password after a good login is refused, not 'Login Succeeded (cached…)'", {
    timeout: 60_000,
  }, async ({ expect }) => {
    const server = await directServer("d9-login");
    try {
      const registry = tb("REGISTRY_TLS");
      const good = await server.call(
        "system_login",
        { username: tb("REGISTRY_USER"), password: tb("REGISTRY_PASSWORD"), registry },
        { timeoutMs: 30_000 },
      );
      expect(good.kind === "result" && !good.isError, `the good login: ${describeOutcome(good)}`).toBe(true);
      const wrong = await server.call(
        "system_login",
        { username: tb("REGISTRY_USER"), password: newSecret("defect 9 wrong password"), registry },
        { timeoutMs: 30_000 },
      );
      expect(wrong.kind === "result" && wrong.isError, `the wrong password: ${describeOutcome(wrong)}`).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("defect 10: malformed JSON gets -32700 and invalid requests get -32600; the session goes on", {
    timeout: 60_000,
  }, async ({ expect }) => {
    const session = await RawSession.start("d10-lenient", engineAHost());
    try {
      await session.initialize();
      const lines: string[] = [];
      await session.writeRaw("{not json\n");
      const parse = await session.waitFor((m) => m.error?.code === -32700, PROTOCOL_ANSWER_MS);
      if (!parse) lines.push(`malformed JSON: no -32700 answer within ${PROTOCOL_ANSWER_MS / 1000} s`);
      const invalid: Array<[string, Record<string, unknown>]> = [
        ["no method", { jsonrpc: "2.0", id: 41 }],
        ["a numeric method", { jsonrpc: "2.0", id: 42, method: 7 }],
        ["jsonrpc 1.0", { jsonrpc: "1.0", id: 43, method: "ping" }],
      ];
      for (const [, message] of invalid) await session.writeRaw(`${JSON.stringify(message)}\n`);
      const answers = await Promise.all(
        invalid.map(([, message]) =>
          session.waitFor((m) => m.error?.code === -32600 && m.id === message.id, PROTOCOL_ANSWER_MS),
        ),
      );
      answers.forEach((answer, i) => {
        if (!answer) lines.push(`${invalid[i]?.[0]}: no -32600 answer within ${PROTOCOL_ANSWER_MS / 1000} s`);
      });
      expect(lines).toEqual([]);
      expect(await session.ping(), "the session goes on (ping)").toBe(true);
    } finally {
      await session.close();
    }
  });

  it("defect 10: a non-string protocolVersion gets -32602 with a short message, not -32603 and a dump", {
    timeout: 60_000,
  }, async ({ expect }) => {
    const session = await RawSession.start("d10-version", engineAHost());
    try {
      const answer = await session.request({
        jsonrpc: "2.0",
        id: "init-bad",
        method: "initialize",
        params: { protocolVersion: 20251125, capabilities: {}, clientInfo: { name: "reliability", version: "0" } },
      });
      const shown = JSON.stringify(answer)?.slice(0, 300);
      expect(answer?.error?.code, shown).toBe(-32602);
      const message = answer?.error?.message ?? "";
      expect(message.length, shown).toBeLessThanOrEqual(512);
      expect(message, shown).not.toMatch(/"code":|"path":|\n/);
    } finally {
      await session.close();
    }
  });
});
