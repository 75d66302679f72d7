// The only place that spawns `docker`. A call: the tool has built its argv (and the
// flag guard has run) → the plugin probe → the pinned, scrubbed environment → for an ssh:// host a loopback proxy on
// the server's kept SSH connection → the bounded child process → the proxy torn down, on every path.

import { delimiter } from "node:path";
import { shorten } from "../base/quote.js";
import type { HostEntry } from "../config/hosts.js";
import type { ServerConfig } from "../config/index.js";
import { type DockerBinary, dockerNotFound, findDocker } from "./binary.js";
import { cliEnvironment, scrubbedEnvironment, startupContext } from "./env.js";
import { CliError } from "./errors.js";
import { type CliPlugin, PluginProbe, PROBE_TIMEOUT_MS, type ProbeState } from "./plugins.js";
import { type CliResult, runProcess, type StreamName } from "./process.js";
import { type ChannelOpener, DIAL_STDIO, type SshProxy, startSshProxy } from "./ssh-proxy.js";

export type { CliResult } from "./process.js";

export const DEFAULT_TIMEOUT_SECONDS = 60;

export interface CliRunOptions {
  /** The time limit; the process group is killed when it passes (default 60 s). */
  timeoutSeconds?: number;
  /** Working directory, verbatim (compose project_dir, bake cwd). */
  cwd?: string | undefined;
  /** The plugin the command needs; probed (cached) before anything runs. */
  plugin?: CliPlugin;
  /** Every output line as it arrives (progress). */
  onLine?: (line: string, stream: StreamName) => void;
  /** Keep the end of an over-long output instead of its start (logs, transcripts). */
  keep?: "head" | "tail";
  /** Names the command in errors; default `docker <first word> <second word>`. */
  describe?: string;
  /**
   * The server's own allow-listed environment, no host pinned and nothing proxied: for commands that only read or
   * write the CLI's local configuration (context_*), so "current" means what the user's CLI would use.
   */
  ambient?: boolean;
  /** Extra variables overlaid last, e.g. BUILDX_EXPERIMENTAL=1. */
  env?: Readonly<Record<string, string>>;
}

/** The runner bound to one tool call's host and cancellation signal (ToolContext.cli). */
export interface CliAccess {
  run(args: readonly string[], options?: CliRunOptions): Promise<CliResult>;
}

export interface CliRunnerSources {
  readonly config: ServerConfig;
  /** The kept SSH connection of an ssh:// host (the engine pool's), for the proxy. */
  sshConnection(host: HostEntry): Promise<ChannelOpener>;
}

function describeArgs(args: readonly string[]): string {
  const words = args.filter((arg) => !arg.startsWith("-")).slice(0, 2);
  return ["docker", ...words].join(" ");
}

export class CliRunner {
  readonly plugins: PluginProbe;
  private readonly startupContext: string | undefined;

  constructor(private readonly sources: CliRunnerSources) {
    this.startupContext = startupContext(sources.config);
    this.plugins = new PluginProbe((plugin) => this.probe(plugin));
  }

  /** The docker binary, looked up on every call so an install mid-session is seen. */
  docker(): DockerBinary | undefined {
    const { config } = this.sources;
    return findDocker(config.env.PATH, config.resolve.home, config.env, process.platform);
  }

  private requireDocker(): DockerBinary {
    const docker = this.docker();
    if (!docker) throw new CliError(this.missingDocker());
    return docker;
  }

  /** What a CLI-backed tool answers when there is no docker binary (installed or in this image). */
  missingDocker(): string {
    return dockerNotFound(this.sources.config.inContainer);
  }

  /** `docker <plugin> version`: a local question, so no daemon is pinned and nothing is proxied. */
  private async probe(plugin: CliPlugin): Promise<ProbeState> {
    const docker = this.docker();
    if (!docker) return { available: false };
    const env = scrubbedEnvironment(this.sources.config);
    delete env.DOCKER_HOST;
    delete env.DOCKER_CONTEXT;
    const result = await runProcess(docker.path, [plugin, "version"], {
      env,
      timeoutMs: PROBE_TIMEOUT_MS,
      describe: `docker ${plugin} version`,
    });
    if (result.returncode !== 0) return { available: false };
    return { available: true, version: result.stdout.trim().split("\n")[0] ?? "" };
  }

  /** Whether a plugin is installed (cached 60 s); for the tool catalog and doctor. */
  async pluginState(plugin: CliPlugin): Promise<ProbeState & { docker: boolean }> {
    if (!this.docker()) return { available: false, docker: false };
    return { ...(await this.plugins.state(plugin)), docker: true };
  }

  /** The environment a call to `host` gets, before the SSH rewrite. */
  environment(host: HostEntry | undefined, docker?: DockerBinary): Record<string, string> {
    return cliEnvironment(this.sources.config, host, {
      startupContext: this.startupContext,
      extraPathDir: docker?.extraPathDir,
    });
  }

  private ambientEnvironment(docker: DockerBinary): Record<string, string> {
    const env = scrubbedEnvironment(this.sources.config);
    if (docker.extraPathDir)
      env.PATH = env.PATH ? `${env.PATH}${delimiter}${docker.extraPathDir}` : docker.extraPathDir;
    return env;
  }

  async run(
    host: HostEntry | undefined,
    args: readonly string[],
    options: CliRunOptions & { signal?: AbortSignal },
  ): Promise<CliResult> {
    const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
      throw new CliError(
        `timeout_seconds must be a positive number of seconds (got ${timeoutSeconds}). Nothing was run.`,
      );
    }
    const describe = options.describe ?? describeArgs(args);
    // A command line cannot carry a NUL byte; say so instead of Node's message about args[n].
    const withNul = args.findIndex((arg) => arg.includes("\0"));
    if (withNul >= 0) {
      throw new CliError(
        `A value passed to ${describe} contains a NUL byte, which a command line cannot carry: ${shorten(JSON.stringify(args[withNul]), 80)}. Remove it; nothing was run.`,
      );
    }
    const docker = this.requireDocker();
    if (options.plugin) await this.plugins.require(options.plugin);
    const env = {
      ...(options.ambient ? this.ambientEnvironment(docker) : this.environment(host, docker)),
      ...options.env,
    };
    let proxy: SshProxy | undefined;
    try {
      if (!options.ambient && env.DOCKER_HOST?.startsWith("ssh://")) {
        proxy = await this.sshProxy(host ?? this.sources.config.hosts.entries[0], env.DOCKER_HOST);
        env.DOCKER_HOST = proxy.url;
        // The loopback hop is plaintext; SSH already protects the way to the daemon.
        delete env.DOCKER_TLS_VERIFY;
        delete env.DOCKER_CERT_PATH;
      }
      return await runProcess(docker.path, args, {
        env,
        timeoutMs: timeoutSeconds * 1000,
        ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onLine ? { onLine: options.onLine } : {}),
        ...(options.keep ? { keep: options.keep } : {}),
        describe,
      });
    } finally {
      await proxy?.close();
    }
  }

  private async sshProxy(host: HostEntry | undefined, url: string): Promise<SshProxy> {
    if (!host || host.url?.trim() !== url.trim()) {
      throw new CliError(
        `DOCKER_HOST=${url} is not a configured host, so there is no kept SSH connection for it. Name it in DOCKER_MCP_SERVER_HOSTS.`,
      );
    }
    let first: Awaited<ReturnType<ChannelOpener["exec"]>>;
    let opener: ChannelOpener;
    try {
      opener = await this.sources.sshConnection(host);
      // Open the first dial-stdio channel now, so an SSH failure is this call's error, not a vague CLI one.
      first = await opener.exec(DIAL_STDIO);
    } catch (err) {
      const message = (err as Error).message;
      throw new CliError(
        message.includes("Could not establish the SSH connection")
          ? message
          : `Could not establish the SSH connection to host '${host.label}' for the docker CLI: ${message}`,
      );
    }
    return await startSshProxy(opener, first);
  }

  /** The runner bound to one call. */
  forCall(host: HostEntry, signal: AbortSignal): CliAccess {
    return { run: (args, options = {}) => this.run(host, args, { ...options, signal }) };
  }
}
