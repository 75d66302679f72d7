// Which container, if any, the server itself runs in. Identified once by the preflight; used by the
// self-termination guard on the container tools.

import { readFileSync } from "node:fs";
import type Docker from "dockerode";
import type { HostEntry, HostRegistry } from "../config/hosts.js";

export interface SelfContainer {
  id: string;
  hostLabel: string;
}

/** The first host reached over a local transport: the one that can host this server's container. */
export function selfHost(registry: HostRegistry): HostEntry | undefined {
  return registry.entries.find(
    (entry) => entry.url === null || entry.url.startsWith("unix://") || entry.url.startsWith("npipe://"),
  );
}

function ownHostname(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const fromEnv = env.HOSTNAME?.trim();
  if (fromEnv) return fromEnv;
  try {
    return readFileSync("/etc/hostname", "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Looks the hostname up as a container on the self host; any failure leaves the guard inert (undefined). */
export async function identifySelf(
  registry: HostRegistry,
  docker: (host: HostEntry) => Promise<Docker>,
  env: Readonly<Record<string, string | undefined>>,
): Promise<SelfContainer | undefined> {
  const host = selfHost(registry);
  const name = ownHostname(env);
  if (!host || !name) return undefined;
  try {
    const info = (await (await docker(host)).getContainer(name).inspect()) as { Id?: string };
    return info.Id ? { id: info.Id, hostLabel: host.label } : undefined;
  } catch {
    return undefined;
  }
}
