#!/usr/bin/env node

// CLI entry: --version, --help, `doctor`, or serve MCP over stdio. Nothing else happens here.

import { HostsConfigError } from "./config/hosts.js";
import { loadConfig, type ServerConfig } from "./config/index.js";
import type { EnginePool } from "./engine/pool.js";
import type { SelfContainer } from "./engine/self.js";
import { capYoungGeneration, tuneHeapForStartup } from "./heap.js";
import { VERSION } from "./version.js";

const HELP = `docker-mcp-server ${VERSION} — an MCP server for Docker (stdio)

Usage:
  docker-mcp-server            serve MCP over stdio (what MCP clients run)
  docker-mcp-server doctor     check every configured daemon, the docker CLI and its plugins
  docker-mcp-server --version  print the version
  docker-mcp-server --help     this text

Configuration is by environment variables (DOCKER_MCP_SERVER_HOSTS, _READONLY, _NO_DESTRUCTIVE, _DISABLE, …);
see the README for the full list.`;

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

async function serve(config: ServerConfig): Promise<void> {
  keepServingOnStrayErrors();
  const [
    { serveStdio },
    { CappedStdioTransport },
    { MAX_MESSAGE_BYTES, TOO_LARGE_ADVICE },
    { assemble },
    { ALL_DOMAINS },
    { ALL_RESOURCES },
    { ALL_PROMPTS },
    { runPreflight },
  ] = await Promise.all([
    import("@modelcontextprotocol/server/stdio"),
    import("./server/stdio-transport.js"),
    import("./server/limits.js"),
    import("./server/server.js"),
    import("./tools/index.js"),
    import("./resources/index.js"),
    import("./prompts/index.js"),
    import("./server/preflight.js"),
  ]);
  const pool = await createPool(config);
  const self: { current: SelfContainer | undefined } = { current: undefined };
  const assembled = assemble({
    config,
    engine: pool,
    domains: ALL_DOMAINS,
    resources: ALL_RESOURCES,
    prompts: ALL_PROMPTS,
    self,
    log: stderr,
  });
  serveStdio(() => assembled.createServer(), {
    legacy: "serve",
    // Not the SDK's stdio transport: one oversized or malformed line must get an error answer, not end the session.
    transport: new CappedStdioTransport(process.stdin, process.stdout, {
      maxMessageBytes: MAX_MESSAGE_BYTES,
      tooLargeAdvice: TOO_LARGE_ADVICE,
    }),
    onerror: (err) => stderr(`docker-mcp-server: ${err.message}`),
  });
  capYoungGeneration();
  // The preflight never holds up serving (an SSH handshake can take seconds).
  runPreflight(config, pool).then(
    (result) => {
      self.current = result.self;
      for (const line of result.lines) stderr(line);
    },
    (err: unknown) => stderr(`docker-mcp-server: preflight failed: ${(err as Error).message}`),
  );
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
  if (argv.length > 0) {
    stderr(`docker-mcp-server: unknown argument '${argv[0]}'. Run with --help for usage.`);
    process.exit(2);
  }
  await serve(config);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  stderr(`docker-mcp-server: ${(err as Error)?.stack ?? String(err)}`);
  process.exit(1);
});
