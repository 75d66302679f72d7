// A real ToolContext for calling a handler directly (the registry and docs suites): built by the server's own
// context factory from a configuration, so tests exercise the same capabilities the server hands out.

import { z } from "zod";
import type { ServerConfig } from "../../src/config/index.js";
import type { ToolContext } from "../../src/contract/tool.js";
import { EnginePool } from "../../src/engine/pool.js";
import type { Transport } from "../../src/https/transport.js";
import { type ContextFactory, createContextFactory, type PerCall } from "../../src/server/context.js";
import { ALL_DOMAINS } from "../../src/tools/index.js";

export function contextFactory(config: ServerConfig, docsTransport?: Transport): ContextFactory {
  return contextParts(config, docsTransport).factory;
}

/** The factory and the engine pool behind it (tests that count SSH connections). */
export function contextParts(
  config: ServerConfig,
  docsTransport?: Transport,
): { factory: ContextFactory; engine: EnginePool } {
  const engine = new EnginePool(config.hosts, {
    explicit: config.hosts.explicit,
    tlsVerify: undefined,
    certPath: undefined,
    home: config.resolve.home,
    sshAuthSock: undefined,
    platform: process.platform,
  });
  const factory = createContextFactory({
    config,
    engine,
    declarations: ALL_DOMAINS,
    self: { current: undefined },
    ...(docsTransport ? { docsTransport } : {}),
  });
  return { factory, engine };
}

export function toolContext(config: ServerConfig, call: Partial<PerCall> = {}, docsTransport?: Transport): ToolContext {
  const host = config.hosts.entries[0];
  if (!host) throw new Error("the test configuration has no host");
  return contextFactory(config, docsTransport).forTool({
    tool: "test",
    host,
    hostNamed: false,
    signal: new AbortController().signal,
    progress() {},
    ...call,
  });
}

/** A handler as the suites call it directly. */
export type Handler = { input: z.ZodRawShape; run(args: never, ctx: ToolContext): Promise<unknown> };

/** Calls a handler the way the server does: arguments through its schema first (defaults applied). */
export async function call<T = Record<string, unknown>>(tool: Handler, args: object, ctx: ToolContext): Promise<T> {
  return (await tool.run(z.object(tool.input).parse(args) as never, ctx)) as T;
}

/** The error message of a call that must fail; a call that succeeds fails the test. */
export async function failure(tool: Handler, args: object, ctx: ToolContext): Promise<string> {
  try {
    await call(tool, args, ctx);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("expected the call to fail");
}
