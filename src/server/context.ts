// Builds what a handler receives (contract/tool.ts ToolContext, contract/resource.ts ResourceContext) from the
// configuration, the engine pool and the documentation library. Only this module knows where each capability comes
// from; tools see the narrow interfaces.

import { join } from "node:path";
import type Docker from "dockerode";
import { CallerError } from "../base/errors.js";
import { redactDocument, SecretNames } from "../base/redact.js";
import { CliRunner } from "../cli/runner.js";
import { describeHosts, type HostEntry } from "../config/hosts.js";
import type { ServerConfig } from "../config/index.js";
import type { DomainDecl } from "../contract/domain.js";
import type { ResourceContext } from "../contract/resource.js";
import type { RedactionPolicy, RegistryAccess, RegistryLogins, ToolContext } from "../contract/tool.js";
import { createDocsLibrary, type DocsLibrary } from "../docs/library.js";
import { type DocSection, OVERVIEW_SECTIONS, REFERENCE_SECTIONS } from "../docs/sections.js";
import { withSignals } from "../engine/api.js";
import { dockerConfigLogins, readUserDockerConfig } from "../engine/docker-config.js";
import { mergeLabels } from "../engine/labels.js";
import type { EnginePool } from "../engine/pool.js";
import type { SelfContainer } from "../engine/self.js";
import { type Transport, undiciTransport } from "../https/transport.js";
import { RegistryClient } from "../registry/client.js";
import { hubEndpoints } from "../registry/hub.js";

const DAEMON_VERSION_TIMEOUT_MS = 10_000;

/** Where the preflight leaves the server's own container once it is known. */
export interface SelfHolder {
  current: SelfContainer | undefined;
}

export interface ContextSources {
  readonly config: ServerConfig;
  readonly engine: EnginePool;
  readonly declarations: readonly DomainDecl[];
  readonly self: SelfHolder;
  /** Tests substitute a loopback transport for the docs pages; the server uses the real one. */
  readonly docsTransport?: Transport;
}

/** Every section in index order, split by whether a disabled domain hides it. */
export function docSections(declarations: readonly DomainDecl[], disabled: readonly string[]) {
  const enabled: DocSection[] = [...OVERVIEW_SECTIONS];
  const hidden: Array<{ section: DocSection; domain: string }> = [];
  for (const decl of declarations) {
    for (const section of decl.docs ?? []) {
      if (decl.name !== null && disabled.includes(decl.name)) hidden.push({ section, domain: decl.name });
      else enabled.push(section);
    }
  }
  enabled.push(...REFERENCE_SECTIONS);
  return { enabled, hidden };
}

export interface PerCall {
  readonly tool: string;
  readonly host: HostEntry;
  /** Whether the call named its host (system_close without one closes every host). */
  readonly hostNamed: boolean;
  readonly signal: AbortSignal;
  progress(message: string, total?: number): void;
}

export interface ContextFactory {
  readonly docs: DocsLibrary;
  /** The one docker CLI runner (its plugin probe feeds the tool catalog). */
  readonly cli: CliRunner;
  readonly disabledDocSections: readonly string[];
  forTool(call: PerCall): ToolContext;
  forResource(signal: AbortSignal, catalog: () => Promise<unknown>): ResourceContext;
}

export function createContextFactory(sources: ContextSources): ContextFactory {
  const { config, engine } = sources;
  const dockerConfigFile = join(config.resolve.dockerConfigDir, "config.json");
  const registryTransport = undiciTransport(config.registryCaFile);
  const hub = hubEndpoints(config.testHubUrl, config.testHubRegistryUrl);
  const hosts = describeHosts(config.hosts);
  const fromEnv = { username: config.registryUsername, password: config.registryPassword };
  const sections = docSections(sources.declarations, config.disabled);

  const docs = createDocsLibrary({
    sections: sections.enabled,
    disabled: sections.hidden,
    cacheDir: config.docsCacheDir,
    version: config.version,
    transport: () => sources.docsTransport ?? registryTransport,
    async apiVersion(signal) {
      const host = config.hosts.entries[0];
      if (!host) throw new CallerError("No Docker host is configured, so the Engine API version is unknown.");
      try {
        const docker = await engine.docker(host);
        const bounded = AbortSignal.any([signal, AbortSignal.timeout(DAEMON_VERSION_TIMEOUT_MS)]);
        const { ApiVersion } = await withSignals(docker).version({ abortSignal: bounded });
        if (!ApiVersion) throw new Error("the daemon reported no ApiVersion");
        return ApiVersion;
      } catch (err) {
        throw new CallerError(
          `Cannot tell which Engine API reference to fetch: the default host '${host.label}' did not answer (${(err as Error).message}). ` +
            "Section 'engine-api' is the version-independent reference.",
        );
      }
    },
  });

  const cli = new CliRunner({
    config,
    async sshConnection(host) {
      // The engine's kept SSH connection of this host: the CLI proxy opens channels on it.
      const { ssh } = await engine.connection(host);
      if (!ssh) throw new CallerError(`Host '${host.label}' has no SSH connection.`);
      return ssh;
    },
  });

  function logins(host: HostEntry): RegistryLogins {
    return {
      cached: engine.logins(host),
      fromDockerConfig: async () => dockerConfigLogins(await readUserDockerConfig(dockerConfigFile)),
      fromEnv,
    };
  }

  const names = new SecretNames(config.redaction.names);
  const active = config.redaction.mode !== "off";
  const redaction: RedactionPolicy = {
    active,
    names,
    document: <T>(document: T, reveal?: boolean | null): T =>
      !active || (reveal === true && config.redaction.mode === "reveal")
        ? document
        : (redactDocument(document, names).value as T),
  };

  const registry: RegistryAccess = {
    client: (address, credentials, signal) =>
      new RegistryClient(address, { version: config.version, credentials, transport: registryTransport, signal }),
    hub,
  };

  function forTool(call: PerCall): ToolContext {
    const { host } = call;
    return {
      tool: call.tool,
      host,
      signal: call.signal,
      docker: () => engine.docker(host),
      progress: call.progress,
      labels: (caller) => mergeLabels(caller, { enabled: !config.noLabels, tool: call.tool, version: config.version }),
      hostFiles: { inContainer: config.inContainer, home: config.resolve.home },
      dockerConfigFile,
      logins: logins(host),
      self: { container: () => sources.self.current, allowTerminate: config.allowSelfTerminate },
      connections: {
        close: () => engine.close(call.hostNamed ? host : undefined),
        reconnect: () => engine.reconnect(host),
      },
      hosts,
      registry,
      docs,
      cli: cli.forCall(host, call.signal),
      redaction,
    };
  }

  function forResource(signal: AbortSignal, catalog: () => Promise<unknown>): ResourceContext {
    return { signal, hosts: config.hosts, docker: (host): Promise<Docker> => engine.docker(host), docs, catalog };
  }

  return {
    docs,
    cli,
    disabledDocSections: sections.hidden.map(({ section }) => section.name),
    forTool,
    forResource,
  };
}
