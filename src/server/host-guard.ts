// Call-time host selection and guard (config.md §4.5). Runs before any daemon contact.

import type { HostEntry, HostRegistry } from "../config/hosts.js";
import { DEFAULT_LABEL } from "../config/hosts.js";
import type { Category } from "./categories.js";
import { CONNECTION_CONTROL_TOOLS } from "./categories.js";
import { UserError } from "./define-tool.js";

function labelList(registry: HostRegistry): string {
  return `[${registry.entries.map((entry) => `'${entry.label}'`).join(", ")}]`;
}

export function isWrite(toolName: string, category: Category): boolean {
  return category !== "read_only" && !CONNECTION_CONTROL_TOOLS.has(toolName);
}

/** Picks the host a call targets, refusing what the configuration forbids. */
export function selectHost(
  registry: HostRegistry,
  toolName: string,
  category: Category,
  hostArg: string | null | undefined,
): HostEntry {
  const [defaultHost] = registry.entries;
  if (!defaultHost) throw new UserError("no Docker host is configured");
  const write = isWrite(toolName, category);
  const guarded = registry.multi || registry.entries.some((entry) => entry.readOnly);
  const given = hostArg === null || hostArg === undefined ? undefined : hostArg;

  if (!guarded) {
    // A single writable host: only the internal label resolves.
    if (given === undefined || given === defaultHost.label || given === DEFAULT_LABEL) return defaultHost;
    throw new UserError(`unknown host '${given}'; configured hosts: ${labelList(registry)}`);
  }
  let target: HostEntry;
  if (given === undefined) {
    if (write && registry.multi) {
      throw new UserError(
        `'host' is required when multiple hosts are configured: ${toolName} changes state, so name its target explicitly. ` +
          `Configured hosts: ${labelList(registry)}.`,
      );
    }
    target = defaultHost;
  } else {
    const found = registry.entries.find((entry) => entry.label === given);
    if (!found) throw new UserError(`unknown host '${given}'; configured hosts: ${labelList(registry)}`);
    target = found;
  }
  if (write && target.readOnly) {
    throw new UserError(
      `host '${target.label}' is read-only (marked (ro) in DOCKER_MCP_SERVER_HOSTS): ${toolName} would change state there. ` +
        "Target a writable host, or set DOCKER_MCP_SERVER_READONLY=1 for a fully read-only server.",
    );
  }
  return target;
}
