#!/usr/bin/env node

// CLI entry: --version, --help, `doctor`, or serve MCP over stdio. Nothing else happens here.

import { HostsConfigError } from "./config/hosts.js";
import { type HttpConfig, HttpConfigError, loadHttpConfig } from "./config/http.js";
import { loadConfig, type ServerConfig } from "./config/index.js";
import { RedactionConfigError } from "./config/redaction.js";
import { SafetyConfigError } from "./config/safety.js";
import type { EnginePool } from "./engine/pool.js";
import type { SelfContainer } from "./engine/self.js";
import { capYoungGeneration, tuneHeapForStartup } from "./heap.js";
import { VERSION } from "./version.js";

const HELP = `docker-mcp-server ${VERSION} — an MCP server for Docker (stdio)

Usage:
  docker-mcp-server            serve MCP over stdio (what MCP clients run)
  docker-mcp-server --http [host:]port
                               serve MCP over Streamable HTTP at /mcp (default 127.0.0.1:8808)
  docker-mcp-server doctor     check every configured daemon, the docker CLI and its plugins
  docker-mcp-server --version  print the version
  docker-mcp-server --help     this text

Configuration is by environment variables (DOCKER_MCP_SERVER_HOSTS, _READONLY, _NO_DESTRUCTIVE, _DISABLE, …,
and DOCKER_MCP_SERVER_HTTP_TOKEN / _HTTP_TOKEN_FILE for --http); see the README for the full list.`;

// Before the heavy modules load (they are imported dynamically below); see heap.ts.
tuneHeapForStartup(process.execArgv, process.env.NODE_OPTIONS);

const stderr = (line: string) => process.stderr.write(`${line}\n`);

/** Variables docker-modem would read behind our back; the config has already captured them. */
const AMBIENT_DOCKER_VARS = [
  "DOCKER_HOST",
  "DOCKER_TLS_VERIFY",
  "DOCKER_CERT_PATH",
  "DOCKER_CLIENT_TIMEOUT",
  "DOCKER_PATH_PREFIX",
];

function configure(): ServerConfig {
  try {
    const config = loadConfig(process.env, { version: VERSION });
    for (const name of AMBIENT_DOCKER_VARS) delete process.env[name];
    for (const notice of config.notices) stderr(notice);
    return config;
  } catch (err) {
    if (err instanceof HostsConfigError) {
      stderr(`docker-mcp-server: invalid DOCKER_MCP_SERVER_HOSTS — ${err.message}`);
      process.exit(1);
    }
    if (err instanceof SafetyConfigError || err instanceof RedactionConfigError) {
      stderr(`docker-mcp-server: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}

async function createPool(config: ServerConfig): Promise<EnginePool> {
  const { EnginePool } = await import("./engine/pool.js");
  return new EnginePool(config.hosts, {
    explicit: config.hosts.explicit,
    tlsVerify: config.ambient.tlsVerify,
    certPath: config.ambient.certPath,
    home: config.resolve.home,
    sshAuthSock: config.env.SSH_AUTH_SOCK?.trim() || undefined,
    platform: process.platform,
    requestTimeoutMs: config.requestTimeoutMs,
    connectTimeoutMs: config.connectTimeoutMs,
  });
}

/**
 * A stray error from a third-party socket (dockerode, ssh2) must not take the whole session down: log it and keep
 * serving. Tool calls already turn their own failures into tool errors.
 */
function keepServingOnStrayErrors(): void {
  process.on("uncaughtException", (err) =>
    stderr(`docker-mcp-server: unexpected error (still serving): ${err.stack ?? err}`),
  );
  process.on("unhandledRejection", (reason) =>
    stderr(`docker-mcp-server: unhandled rejection (still serving): ${(reason as Error)?.stack ?? String(reason)}`),
  );
}

/** Everything both transports serve: the pool and the assembled protocol surface. */
async function assembleAll(config: ServerConfig) {
  const [{ assemble }, { ALL_DOMAINS }, { ALL_RESOURCES }, { ALL_PROMPTS }, { ALL_PREVIEWS }] = await Promise.all([
    import("./server/server.js"),
    import("./tools/index.js"),
    import("./resources/index.js"),
    import("./prompts/index.js"),
    import("./tools/previews/index.js"),
  ]);
  const pool = await createPool(config);
  const self: { current: SelfContainer | undefined } = { current: undefined };
  const assembled = assemble({
    config,
    engine: pool,
    domains: ALL_DOMAINS,
    resources: ALL_RESOURCES,
    prompts: ALL_PROMPTS,
    previews: ALL_PREVIEWS,
    self,
    log: stderr,
  });
  return { pool, self, assembled };
}

/** The preflight never holds up serving (an SSH handshake can take seconds). */
async function preflight(config: ServerConfig, pool: EnginePool, self: { current: SelfContainer | undefined }) {
  // Serving has started on either transport: the young generation may now grow to its cap (heap.ts).
  capYoungGeneration();
  const { runPreflight } = await import("./server/preflight.js");
  runPreflight(config, pool).then(
    (result) => {
      self.current = result.self;
      for (const line of result.lines) stderr(line);
    },
    (err: unknown) => stderr(`docker-mcp-server: preflight failed: ${(err as Error).message}`),
  );
}

async function serveHttp(config: ServerConfig, http: HttpConfig): Promise<void> {
  keepServingOnStrayErrors();
  const { startHttpEndpoint } = await import("./server/http-endpoint.js");
  const { pool, self, assembled } = await assembleAll(config);
  let endpoint: Awaited<ReturnType<typeof startHttpEndpoint>>;
  try {
    endpoint = await startHttpEndpoint({ config: http, assembled, log: stderr });
  } catch (err) {
    stderr(`docker-mcp-server: cannot listen on ${http.host}:${http.port}: ${(err as Error).message}`);
    process.exit(1);
  }
  const auth = http.oauth
    ? `OAuth tokens from ${http.oauth.issuer}`
    : http.token
      ? "a bearer token"
      : "no authentication (loopback only)";
  stderr(`docker-mcp-server: serving MCP over HTTP at ${endpoint.url} (${auth})`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      stderr(`docker-mcp-server: ${signal} again, exiting now.`);
      process.exit(1);
    }
    stopping = true;
    stderr(`docker-mcp-server: ${signal}: finishing in-flight calls (at most ${http.shutdownMs / 1000} s)…`);
    endpoint.close().then(
      () => {
        pool.close();
        process.exit(0);
      },
      (err: unknown) => {
        stderr(`docker-mcp-server: shutdown failed: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  await preflight(config, pool, self);
}

async function serve(config: ServerConfig): Promise<void> {
  keepServingOnStrayErrors();
  const [{ serveStdio }, { CappedStdioTransport }, { ListenTap }, { MAX_MESSAGE_BYTES, TOO_LARGE_ADVICE }] =
    await Promise.all([
      import("@modelcontextprotocol/server/stdio"),
      import("./server/stdio-transport.js"),
      import("./server/listen-tap.js"),
      import("./server/limits.js"),
    ]);
  const { pool, self, assembled } = await assembleAll(config);
  // The connection's current instance (serveStdio pins one per era; a discarded discover probe is replaced).
  let current: ReturnType<typeof assembled.createServer> | undefined;
  // 2026-07-28 `subscriptions/listen` streams reach the subscription hub through the tap; its notices go out through
  // the pinned instance, whose outbound path the SDK routes onto the listening streams.
  const bridge = assembled.listenBridge({
    updated: (uri) => void current?.sendResourceUpdated({ uri }).catch(() => undefined),
    listChanged: () => void current?.sendResourceListChanged().catch(() => undefined),
  });
  serveStdio(
    () => {
      current = assembled.createServer();
      return current;
    },
    {
      legacy: "serve",
      // Not the SDK's stdio transport: one oversized or malformed line must get an error answer, not end the session.
      transport: new ListenTap(
        new CappedStdioTransport(process.stdin, process.stdout, {
          maxMessageBytes: MAX_MESSAGE_BYTES,
          tooLargeAdvice: TOO_LARGE_ADVICE,
        }),
        bridge,
      ),
      onerror: (err) => stderr(`docker-mcp-server: ${err.message}`),
    },
  );
  await preflight(config, pool, self);
}

/** `--http`, `--http [host:]port` or `--http=[host:]port`; undefined when the flag is absent. */
function httpArgument(argv: string[]): { listen: string | undefined; rest: string[] } | undefined {
  const index = argv.findIndex((arg) => arg === "--http" || arg.startsWith("--http="));
  if (index < 0) return undefined;
  const arg = argv[index] as string;
  if (arg.startsWith("--http=")) {
    return { listen: arg.slice("--http=".length), rest: argv.filter((_, i) => i !== index) };
  }
  const next = argv[index + 1];
  const takesNext = next !== undefined && !next.startsWith("-");
  return {
    listen: takesNext ? next : undefined,
    rest: argv.filter((_, i) => i !== index && !(takesNext && i === index + 1)),
  };
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes("--version")) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const config = configure();
  if (argv[0] === "doctor") {
    const { runDoctor } = await import("./doctor.js");
    const pool = await createPool(config);
    const ok = await runDoctor(config, pool, (line) => process.stdout.write(`${line}\n`));
    pool.close();
    process.exit(ok ? 0 : 1);
  }
  const http = httpArgument(argv);
  const rest = http ? http.rest : argv;
  if (rest.length > 0) {
    stderr(`docker-mcp-server: unknown argument '${rest[0]}'. Run with --help for usage.`);
    process.exit(2);
  }
  if (!http) {
    await serve(config);
    return;
  }
  let httpConfig: HttpConfig;
  try {
    const { MAX_MESSAGE_BYTES } = await import("./server/limits.js");
    httpConfig = loadHttpConfig(http.listen, config.env, { defaultMaxBodyBytes: MAX_MESSAGE_BYTES });
    // The token lives in the configuration only: nothing spawned later can read it from the environment.
    delete process.env.DOCKER_MCP_SERVER_HTTP_TOKEN;
  } catch (err) {
    if (!(err instanceof HttpConfigError)) throw err;
    stderr(`docker-mcp-server: ${err.message}`);
    process.exit(1);
  }
  await serveHttp(config, httpConfig);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  // A setting that cannot be honoured (an audit file that cannot be opened) is a sentence, not a stack.
  stderr(
    `docker-mcp-server: ${err instanceof SafetyConfigError ? err.message : ((err as Error)?.stack ?? String(err))}`,
  );
  process.exit(1);
});
