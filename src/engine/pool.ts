// One lazily created Engine API client per pinned host. Creation, closing and swapping are
// serialised per host because tool calls run concurrently.

import type Docker from "dockerode";
import type { HostEntry, HostRegistry } from "../config/hosts.js";
import { type ConnectionEnvironment, type EngineConnection, openConnection } from "./connection.js";
import { EngineError } from "./errors.js";
import type { RegistryLogin } from "./registry-auth.js";

interface Slot {
  connection: EngineConnection | undefined;
  pending: Promise<EngineConnection> | undefined;
  /** In-memory registry logins (system_login), dropped with the client. */
  logins: Map<string, RegistryLogin>;
}

export class EnginePool {
  private readonly slots = new Map<string, Slot>();

  constructor(
    readonly hosts: HostRegistry,
    private readonly env: ConnectionEnvironment,
  ) {
    for (const entry of hosts.entries)
      this.slots.set(entry.label, { connection: undefined, pending: undefined, logins: new Map() });
  }

  private slot(host: HostEntry): Slot {
    const slot = this.slots.get(host.label);
    if (!slot) throw new EngineError(`unknown host '${host.label}'`);
    return slot;
  }

  private async build(host: HostEntry): Promise<EngineConnection> {
    try {
      return await openConnection(host, this.env);
    } catch (err) {
      throw new EngineError(
        `Cannot reach the Docker daemon for host '${host.label}' at ${host.url ?? "the default Docker socket"}: ${(err as Error).message}`,
      );
    }
  }

  async connection(host: HostEntry): Promise<EngineConnection> {
    const slot = this.slot(host);
    if (slot.connection) return slot.connection;
    if (!slot.pending) {
      slot.pending = this.build(host).then(
        (connection) => {
          slot.connection = connection;
          slot.pending = undefined;
          return connection;
        },
        (err: unknown) => {
          slot.pending = undefined;
          throw err;
        },
      );
    }
    return await slot.pending;
  }

  async docker(host: HostEntry): Promise<Docker> {
    return (await this.connection(host)).docker;
  }

  logins(host: HostEntry): Map<string, RegistryLogin> {
    return this.slot(host).logins;
  }

  /** Closes one host's client (or every client); they are rebuilt lazily. Errors while closing are silent. */
  close(host?: HostEntry): void {
    const targets = host ? [this.slot(host)] : [...this.slots.values()];
    for (const slot of targets) {
      try {
        slot.connection?.close();
      } catch {
        // Closing a broken client must not fail the call.
      }
      slot.connection = undefined;
      slot.logins.clear();
    }
  }

  /**
   * Builds a fresh client, validates it with a version call and only then swaps it in, closing the old one.
   * Returns the version document of the new connection.
   */
  async reconnect(host: HostEntry): Promise<Record<string, unknown>> {
    const slot = this.slot(host);
    let fresh: EngineConnection;
    try {
      fresh = await openConnection(host, this.env);
    } catch (err) {
      throw new EngineError(`Could not build a Docker client for host '${host.label}': ${(err as Error).message}`);
    }
    let version: Record<string, unknown>;
    try {
      version = (await fresh.docker.version()) as unknown as Record<string, unknown>;
    } catch (err) {
      fresh.close();
      throw new EngineError(
        `The daemon is unreachable for host '${host.label}' at ${fresh.where}; kept the previous connection: ${(err as Error).message}`,
      );
    }
    const old = slot.connection;
    slot.connection = fresh;
    slot.logins.clear();
    try {
      old?.close();
    } catch {
      // The old client may already be broken.
    }
    return version;
  }

  /** For tests and the benchmark: how many SSH handshakes a host has made. */
  sshConnectCount(host: HostEntry): number | undefined {
    return this.slots.get(host.label)?.connection?.ssh?.connectCount;
  }
}
