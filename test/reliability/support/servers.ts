// The two ways the suite points a server at engine A: straight at its socket, or through a guard of its own.

import { join } from "node:path";
import { engineAHost, engineASocket } from "./engine-a.js";
import { GuardProxy } from "./guard-proxy.js";
import { runPath } from "./run.js";
import { RelServer } from "./server.js";

let serial = 0;

export function directServer(name: string, env: Record<string, string> = {}): Promise<RelServer> {
  return RelServer.start({ name, hosts: engineAHost(), env });
}

export interface Guarded {
  guard: GuardProxy;
  server: RelServer;
  close: () => Promise<void>;
}

/** A fresh guard in front of engine A. */
export function newGuard(): Promise<GuardProxy> {
  return GuardProxy.start(join(runPath("sockets"), `guard-${process.pid}-${++serial}.sock`), engineASocket());
}

/** A server whose only daemon is engine A behind a fresh guard (writes refused and recorded). */
export async function guardedServer(name: string): Promise<Guarded> {
  const guard = await newGuard();
  const server = await RelServer.start({ name, hosts: guard.url, isolateNetwork: true });
  return {
    guard,
    server,
    close: async () => {
      await server.close();
      await guard.close();
    },
  };
}
