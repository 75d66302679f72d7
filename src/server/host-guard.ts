// Call-time host selection and guard. Runs before any daemon contact.

import { CallerError } from "../base/errors.js";
import type { HostEntry, HostRegistry } from "../config/hosts.js";
import { DEFAULT_LABEL } from "../config/hosts.js";
import type { ToolSpec } from "./inventory.js";

function labelList(registry: HostRegistry): string {
  return `[${registry.entries.map((entry) => `'${entry.label}'`).join(", ")}]`;
}

export function isWrite(spec: Pick<ToolSpec, "category" | "connectionControl">): boolean {
  return spec.category !== "read_only" && !spec.connectionControl;
}

/** Picks the host a call targets, refusing what the configuration forbids. */
export function selectHost(
  registry: HostRegistry,
  spec: Pick<ToolSpec, "name" | "category" | "connectionControl">,
  hostArg: string | null | undefined,
): HostEntry {
  const [defaultHost] = registry.entries;
  if (!defaultHost) throw new CallerError("no Docker host is configured");
  const write = isWrite(spec);
  const toolName = spec.name;
  const guarded = registry.multi || registry.entries.some((entry) => entry.readOnly);
  const given = hostArg === null || hostArg === undefined ? undefined : hostArg;

  if (!guarded) {
    // A single writable host: only the internal label resolves.
    if (given === undefined || given === defaultHost.label || given === DEFAULT_LABEL) return defaultHost;
    throw new CallerError(`unknown host '${given}'; configured hosts: ${labelList(registry)}`);
  }
  let target: HostEntry;
  if (given === undefined) {
    if (write && registry.multi) {
      throw new CallerError(
        `'host' is required when multiple hosts are configured: ${toolName} changes state, so name its target explicitly. ` +
          `Configured hosts: ${labelList(registry)}.`,
      );
    }
    target = defaultHost;
  } else {
    const found = registry.entries.find((entry) => entry.label === given);
    if (!found) throw new CallerError(`unknown host '${given}'; configured hosts: ${labelList(registry)}`);
    target = found;
  }
  if (write && target.readOnly) {
    throw new CallerError(
      `host '${target.label}' is read-only (marked (ro) in DOCKER_MCP_SERVER_HOSTS): ${toolName} would change state there. ` +
        "Target a writable host, or set DOCKER_MCP_SERVER_READONLY=1 for a fully read-only server.",
    );
  }
  return target;
}
