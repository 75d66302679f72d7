// The safety settings beyond the registration switches: when a destructive call needs the user's confirmation
// (DOCKER_MCP_SERVER_CONFIRM), how long a confirm_token stays valid (DOCKER_MCP_SERVER_CONFIRM_TTL) and where the
// audit log goes (DOCKER_MCP_SERVER_AUDIT). A value that cannot be read stops the server: a mistyped safety
// setting must never silently mean "no confirmation" or "no audit".

import { isAbsolute } from "node:path";
import type { EnvReader } from "./env.js";

/** Which destructive tools ask first: all of them, only the prune family, or none. */
export type ConfirmMode = "destructive" | "prune" | "off";

export type AuditTarget = { readonly kind: "stderr" } | { readonly kind: "file"; readonly path: string };

export interface SafetySettings {
  readonly confirm: ConfirmMode;
  /** How long a confirm_token (and a pending 2026-07-28 confirmation) stays valid. */
  readonly confirmTtlMs: number;
  /** Undefined: no audit log. */
  readonly audit: AuditTarget | undefined;
}

export class SafetyConfigError extends Error {}

export const DEFAULT_CONFIRM_TTL_SECONDS = 120;
const MAX_CONFIRM_TTL_SECONDS = 3600;
const CONFIRM_MODES: readonly ConfirmMode[] = ["destructive", "prune", "off"];

function confirmMode(value: string | undefined): ConfirmMode {
  const text = value?.trim().toLowerCase();
  if (!text) return "destructive";
  if ((CONFIRM_MODES as readonly string[]).includes(text)) return text as ConfirmMode;
  throw new SafetyConfigError(
    `DOCKER_MCP_SERVER_CONFIRM=${JSON.stringify(value?.slice(0, 80))} is not one of destructive (the default: every destructive tool asks first), prune (only the *_prune tools ask) or off.`,
  );
}

function confirmTtl(value: string | undefined): number {
  const text = value?.trim();
  if (!text) return DEFAULT_CONFIRM_TTL_SECONDS * 1000;
  const seconds = /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!(seconds > 0 && seconds <= MAX_CONFIRM_TTL_SECONDS)) {
    throw new SafetyConfigError(
      `DOCKER_MCP_SERVER_CONFIRM_TTL=${JSON.stringify(text.slice(0, 80))} is not a number of seconds between 0 and ${MAX_CONFIRM_TTL_SECONDS} (default ${DEFAULT_CONFIRM_TTL_SECONDS}).`,
    );
  }
  return Math.max(1, Math.round(seconds * 1000));
}

function auditTarget(value: string | undefined): AuditTarget | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (text.toLowerCase() === "stderr") return { kind: "stderr" };
  if (!isAbsolute(text)) {
    throw new SafetyConfigError(
      `DOCKER_MCP_SERVER_AUDIT=${JSON.stringify(text.slice(0, 200))} must be stderr or an absolute file path (the server's working directory is up to the client).`,
    );
  }
  return { kind: "file", path: text };
}

export function readSafety(reader: EnvReader): SafetySettings {
  return {
    confirm: confirmMode(reader.get("DOCKER_MCP_SERVER_CONFIRM")),
    confirmTtlMs: confirmTtl(reader.get("DOCKER_MCP_SERVER_CONFIRM_TTL")),
    audit: auditTarget(reader.get("DOCKER_MCP_SERVER_AUDIT")),
  };
}
