// DOCKER_MCP_SERVER_AUDIT: one JSON line per mutating or destructive call, on stderr or appended to a file. Each line
// is one write on a file opened with O_APPEND, so lines from concurrent calls (or several servers sharing the file)
// never interleave. Arguments are scrubbed (base/scrub.ts) and bounded; a secret never reaches the log.

import { closeSync, openSync, writeSync } from "node:fs";
import { shorten } from "../base/quote.js";
import type { SecretNames } from "../base/redact.js";
import { scrubArguments } from "../base/scrub.js";
import { type AuditTarget, SafetyConfigError } from "../config/safety.js";

/** How the call was confirmed, or why it was not. */
export type ConfirmationDecision =
  | "not_required"
  | "preview_failed"
  | "elicitation_requested"
  | "elicitation_accepted"
  | "elicitation_declined"
  | "elicitation_cancelled"
  | "elicitation_failed"
  | "token_issued"
  | "token_accepted"
  | "token_refused";

export type Outcome = "ok" | "error" | "not_performed";

export interface AuditEntry {
  readonly tool: string;
  readonly category: string;
  readonly host: string;
  readonly args: Record<string, unknown>;
  readonly outcome: Outcome;
  readonly confirmation: ConfirmationDecision;
  readonly startedAt: number;
  readonly error?: string;
  readonly result?: unknown;
}

/** Tool-specific argument names that hold a secret without looking like one. */
const SECRET_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  secret_create: ["data"],
};

/** Argument names that name the object a call acts on. */
const TARGET_KEYS = [
  "id_or_name",
  "id",
  "ids",
  "name",
  "names",
  "container",
  "image",
  "volume",
  "network",
  "service",
  "node",
  "project",
  "project_name",
  "stack",
  "builder",
  "repository",
];

/** Result keys that list what a call removed or created. */
const RESULT_TARGET_KEYS = ["id", "Id", "ID", "deleted", "removed", "ContainersDeleted", "created"];

const MAX_TARGETS = 50;

function asTargets(value: unknown): string[] {
  if (typeof value === "string") return [shorten(value, 100)];
  if (Array.isArray(value)) return value.flatMap((item) => (typeof item === "string" ? [shorten(item, 100)] : []));
  return [];
}

export function targetsOf(args: Record<string, unknown>, result: unknown): string[] {
  const found = TARGET_KEYS.flatMap((key) => asTargets(args[key]));
  if (result !== null && typeof result === "object" && !Array.isArray(result)) {
    const record = result as Record<string, unknown>;
    for (const key of RESULT_TARGET_KEYS) found.push(...asTargets(record[key]));
  }
  return [...new Set(found)].slice(0, MAX_TARGETS);
}

export function auditLine(entry: AuditEntry, now: number, names?: SecretNames): string {
  const line = {
    time: new Date(entry.startedAt).toISOString(),
    tool: entry.tool,
    category: entry.category,
    host: entry.host,
    targets: targetsOf(entry.args, entry.result),
    arguments: scrubArguments(entry.args, SECRET_ARGUMENTS[entry.tool] ?? [], names),
    outcome: entry.outcome,
    ...(entry.error ? { error: shorten(entry.error, 300) } : {}),
    duration_ms: Math.max(0, now - entry.startedAt),
    confirmation: entry.confirmation,
  };
  return `${JSON.stringify(line)}\n`;
}

export interface AuditLog {
  record(entry: AuditEntry): void;
  close(): void;
}

/**
 * Opens the audit target. The file is opened once, at start-up (a path that cannot be written stops the server
 * there, not at the first destructive call), append-only and readable by the owner only.
 */
export function openAuditLog(
  target: AuditTarget | undefined,
  log: (line: string) => void,
  names?: SecretNames,
): AuditLog | undefined {
  if (!target) return undefined;
  if (target.kind === "stderr") {
    return {
      record: (entry) => process.stderr.write(auditLine(entry, Date.now(), names)),
      close() {},
    };
  }
  let fd: number;
  try {
    fd = openSync(target.path, "a", 0o600);
  } catch (err) {
    throw new SafetyConfigError(
      `DOCKER_MCP_SERVER_AUDIT=${target.path} cannot be opened for appending (${(err as Error).message}). Give a writable file path, or stderr.`,
    );
  }
  let failed = false;
  return {
    record(entry) {
      try {
        writeSync(fd, auditLine(entry, Date.now(), names));
      } catch (err) {
        // Logged once: the call's result is not the place for it, and a full disk must not stop the server.
        if (!failed) log(`docker-mcp-server: cannot write the audit log ${target.path}: ${(err as Error).message}`);
        failed = true;
      }
    },
    close: () => closeSync(fd),
  };
}
