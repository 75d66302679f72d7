// A tool is data plus a handler. This module holds the types tools are written against and the context a handler
// receives; it imports no SDK. The tool's name, category and marks are not here: its domain's table says them once
// (domain.ts).

import type Docker from "dockerode";
import type { z } from "zod";
import type { SecretNames } from "../base/redact.js";
import type { CliAccess } from "../cli/runner.js";
import type { HostEntry, HostRow } from "../config/hosts.js";
import type { DocsLibrary } from "../docs/library.js";
import type { HostFileEnvironment } from "../engine/host-files.js";
import type { LoginSources } from "../engine/registry-auth.js";
import type { SelfContainer } from "../engine/self.js";
import type { RegistryClient } from "../registry/client.js";
import type { Credentials } from "../registry/credentials.js";
import type { HubEndpoints } from "../registry/hub.js";

export type Category = "read_only" | "mutating" | "destructive";

/**
 * Registry logins as the Engine API tools see them (pull, push, build, system_login): the host's in-memory logins,
 * the user's Docker config (read bounded at each call) and the server env pair. Choosing among them is
 * engine/registry-auth.ts's job; a Docker config the caller names is read through engine/docker-config.ts.
 */
export type RegistryLogins = LoginSources;

/** The self-termination guard's facts. */
export interface SelfGuard {
  /** The server's own container, once the preflight identified it. */
  container(): SelfContainer | undefined;
  /** DOCKER_MCP_SERVER_ALLOW_SELF_TERMINATE. */
  readonly allowTerminate: boolean;
}

/** For system_close / system_reconnect. */
export interface ConnectionControl {
  /** Closes the named host's connection, or every host's when the call named none. */
  close(): void;
  /** Rebuilds the target host's connection; returns the new connection's version document. */
  reconnect(): Promise<Record<string, unknown>>;
}

/** Outbound HTTPS to registries and Docker Hub (no daemon involved). */
export interface RegistryAccess {
  client(registry: string, credentials: Credentials, signal: AbortSignal): RegistryClient;
  readonly hub: HubEndpoints;
}

/** Secret redaction as configured (DOCKER_MCP_SERVER_REDACT), for tools that hide secrets in text they shape. */
export interface RedactionPolicy {
  /** False with DOCKER_MCP_SERVER_REDACT=0. A call's `reveal: true` (offered only when allowed) also shows. */
  readonly active: boolean;
  readonly names: SecretNames;
  /** A raw document (inspect) with its secrets hidden, before any shaping; as is when shown (`reveal`, or off). */
  document<T>(document: T, reveal?: boolean | null): T;
}

export type CallerLabels = Record<string, string> | readonly string[] | null | undefined;

export interface ToolContext {
  /** The tool being called. */
  readonly tool: string;
  /** The host this call targets (the default host when `host` was omitted). */
  readonly host: HostEntry;
  /** Aborted when the client cancels the call. */
  readonly signal: AbortSignal;
  /** The Engine API client of the target host (created on first use). */
  docker(): Promise<Docker>;
  /** Reports progress when the client asked for it (a counter that only goes up); otherwise a no-op. */
  progress(message: string, total?: number): void;
  /** The labels for an object this call creates: the caller's over the provenance set. */
  labels(caller: CallerLabels): Record<string, string> | undefined;
  /** Rules for files on the server's machine (dest_path, from_file, build contexts). */
  readonly hostFiles: HostFileEnvironment;
  /** The Docker config file (`~/.docker/config.json` or under DOCKER_CONFIG). */
  readonly dockerConfigFile: string;
  readonly logins: RegistryLogins;
  readonly self: SelfGuard;
  readonly connections: ConnectionControl;
  /** The configured daemons, as host_list shows them. */
  readonly hosts: readonly HostRow[];
  readonly registry: RegistryAccess;
  readonly docs: DocsLibrary;
  /** The docker CLI, pinned to this call's host and cancelled with it (compose, stack, context, buildx, scout). */
  readonly cli: CliAccess;
  readonly redaction: RedactionPolicy;
}

export type Shape = z.ZodRawShape;

export interface ToolDef<S extends Shape = Shape> {
  /** First sentence: what the tool does. Every byte is paid for in every conversation. */
  readonly description: string;
  readonly input: S;
  run(args: z.output<z.ZodObject<S>>, ctx: ToolContext): Promise<unknown>;
}

/** Identity helper that keeps the argument type of `run` tied to the input shape. */
export function defineTool<S extends Shape>(def: ToolDef<S>): ToolDef<S> {
  return def;
}
