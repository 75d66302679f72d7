// Joining and leaving: swarm_init, swarm_join, swarm_leave, swarm_unlock. Join tokens and unlock keys pass through
// these calls but never appear in a result or an error.

import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { defineTool } from "../../contract/tool.js";
import { concealing, type Explain, SwarmApi } from "../../engine/swarm.js";

const stringMap = z.record(z.string(), z.string());

/** Refusals of init and join that a caller can act on. */
function membershipRefusal(host: string): Explain {
  return (_status, message) => {
    if (/already part of a swarm/i.test(message)) {
      return `Host '${host}' is already in a swarm: swarm_leave first (force=true on a manager), or add other nodes with swarm_join.`;
    }
    if (/live-restore/i.test(message)) {
      return `Host '${host}' runs dockerd with --live-restore, which Docker refuses in swarm mode: use a daemon without it.`;
    }
    if (/advertise|multiple addresses|listen address|could not find local IP/i.test(message)) {
      return `${message.replace(/\.?$/, ".")} Pass advertise_addr (an address the other nodes reach this one at).`;
    }
    return undefined;
  };
}

interface Info {
  Swarm?: { NodeID?: string; LocalNodeState?: string; ControlAvailable?: boolean };
}

export const swarmInit = defineTool({
  description: "Start a new swarm with this daemon as manager: {node_id, swarm_id}.",
  input: {
    advertise_addr: z.string().nullish().describe("Address other nodes reach it at."),
    listen_addr: z.string().default("0.0.0.0:2377"),
    force_new_cluster: z.boolean().default(false),
    default_addr_pool: z.array(z.string()).nullish().describe('Overlay subnets, e.g. ["10.20.0.0/16"].'),
    subnet_size: z.number().int().nullish(),
    data_path_addr: z.string().nullish(),
    data_path_port: z.number().int().nullish().describe("VXLAN port (default 4789)."),
    name: z.string().nullish(),
    labels: stringMap.nullish(),
    autolock_managers: z.boolean().nullish(),
    log_driver: z.record(z.string(), z.unknown()).nullish().describe('Task default {"Name","Options"}.'),
  },
  async run(args, ctx) {
    if (args.data_path_port != null && (args.data_path_port < 1024 || args.data_path_port > 49151)) {
      throw new CallerError(`data_path_port must be within 1024-49151 (got ${args.data_path_port}).`);
    }
    if (args.subnet_size != null && (args.subnet_size < 1 || args.subnet_size > 32)) {
      throw new CallerError(`subnet_size is a prefix length, 1-32 (got ${args.subnet_size}).`);
    }
    const api = await SwarmApi.of(ctx);
    const spec = {
      ...(args.name ? { Name: args.name } : {}),
      ...(args.labels ? { Labels: args.labels } : {}),
      ...(args.autolock_managers != null ? { EncryptionConfig: { AutoLockManagers: args.autolock_managers } } : {}),
      ...(args.log_driver ? { TaskDefaults: { LogDriver: args.log_driver } } : {}),
    };
    const nodeId = await api.post<string>(
      "/swarm/init",
      {
        ListenAddr: args.listen_addr,
        ForceNewCluster: args.force_new_cluster,
        ...(args.advertise_addr ? { AdvertiseAddr: args.advertise_addr } : {}),
        ...(args.data_path_addr ? { DataPathAddr: args.data_path_addr } : {}),
        ...(args.data_path_port ? { DataPathPort: args.data_path_port } : {}),
        ...(args.default_addr_pool?.length ? { DefaultAddrPool: args.default_addr_pool } : {}),
        ...(args.subnet_size ? { SubnetSize: args.subnet_size } : {}),
        Spec: spec,
      },
      undefined,
      membershipRefusal(ctx.host.label),
    );
    const swarm = await api.get<{ ID?: string }>("/swarm");
    return {
      node_id: nodeId,
      swarm_id: swarm.ID ?? null,
      ...(args.autolock_managers ? { autolock: "on: keep the key from swarm_unlock_key" } : {}),
    };
  },
});

export const swarmJoin = defineTool({
  description: "Join a swarm as a worker or manager (the token decides). Returns {node_id, role}.",
  input: {
    remote_addrs: z.array(z.string()).min(1).describe('Managers, e.g. ["10.0.0.1:2377"].'),
    join_token: z.string().min(1),
    listen_addr: z.string().default("0.0.0.0:2377"),
    advertise_addr: z.string().nullish(),
    data_path_addr: z.string().nullish(),
  },
  async run(args, ctx) {
    const api = await SwarmApi.of(ctx);
    const invalid: Explain = (status, message) => {
      if (/join token|token is/i.test(message)) {
        return `The join token was refused by the swarm at ${args.remote_addrs.join(", ")}: read a current one with swarm_join_tokens on a manager.`;
      }
      return membershipRefusal(ctx.host.label)(status, message);
    };
    await concealing(args.join_token, ctx.host, "join token", () =>
      api.post<unknown>(
        "/swarm/join",
        {
          ListenAddr: args.listen_addr,
          RemoteAddrs: args.remote_addrs,
          JoinToken: args.join_token,
          ...(args.advertise_addr ? { AdvertiseAddr: args.advertise_addr } : {}),
          ...(args.data_path_addr ? { DataPathAddr: args.data_path_addr } : {}),
        },
        undefined,
        invalid,
      ),
    );
    const info = await api.get<Info>("/info");
    return {
      node_id: info.Swarm?.NodeID ?? null,
      role: info.Swarm?.ControlAvailable ? "manager" : "worker",
      state: info.Swarm?.LocalNodeState ?? null,
    };
  },
});

export const swarmLeave = defineTool({
  description: "Leave the swarm (a manager needs force=true; the last manager leaving erases it).",
  input: { force: z.boolean().default(false) },
  async run(args, ctx) {
    const api = await SwarmApi.of(ctx);
    await api.post<unknown>("/swarm/leave", undefined, { force: args.force }, (_status, message) => {
      if (/not part of a swarm/i.test(message)) return `Host '${ctx.host.label}' is not in a swarm; nothing to leave.`;
      if (/participating as a manager|force/i.test(message)) {
        return `Host '${ctx.host.label}' is a swarm manager: pass force=true to leave anyway (if it is the last manager, the swarm and all its services, secrets and configs are erased).`;
      }
      return undefined;
    });
    return { left: true };
  },
});

export const swarmUnlock = defineTool({
  description: "Unlock a locked (autolock) manager with its unlock key.",
  input: { key: z.string().min(1) },
  async run(args, ctx) {
    const api = await SwarmApi.of(ctx);
    await concealing(args.key, ctx.host, "unlock key", () =>
      api.post<unknown>("/swarm/unlock", { UnlockKey: args.key }, undefined, (_status, message) => {
        if (/not locked/i.test(message))
          return `The swarm on host '${ctx.host.label}' is not locked; nothing to unlock.`;
        if (/invalid|incorrect|key/i.test(message)) {
          return `That is not the unlock key of the swarm on host '${ctx.host.label}' (if it was rotated, use the newest one).`;
        }
        return undefined;
      }),
    );
    return { unlocked: true };
  },
});
