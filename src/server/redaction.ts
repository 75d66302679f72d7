// Redaction on the result path (DOCKER_MCP_SERVER_REDACT): every tool result is walked for the shapes that carry
// secrets (base/redact.ts), a call's own secret arguments are scrubbed from its answer and errors, and `reveal` is
// offered only where the server allows it.

import {
  type DocumentKeeps,
  isWalkable,
  redactDocument,
  SecretNames,
  scrubText,
  secretStrings,
} from "../base/redact.js";
import type { RedactionConfig } from "../config/redaction.js";
import { InbandResult } from "../engine/inband.js";
import type { ToolSpec } from "./inventory.js";

/** The per-call parameter of the inspect tools that shows secrets (contract/params.ts revealParam). */
export const REVEAL = "reveal";

/** Tools whose job is to return a swarm secret keep it. */
const KEEPS: Readonly<Record<string, DocumentKeeps>> = {
  swarm_join_tokens: { joinTokens: true },
  swarm_unlock_key: { unlockKey: true },
};

/** The spec as this configuration advertises it: without `reveal` unless DOCKER_MCP_SERVER_REDACT=reveal. */
export function withRevealPolicy(spec: ToolSpec, config: RedactionConfig): ToolSpec {
  if (config.mode === "reveal" || !Object.hasOwn(spec.def.input, REVEAL)) return spec;
  const { [REVEAL]: _hidden, ...input } = spec.def.input;
  return { ...spec, def: { ...spec.def, input } };
}

/** The sentence for `reveal` passed where this server does not offer it; undefined when it may be passed. */
export function revealRefusal(declared: ToolSpec, raw: unknown, config: RedactionConfig): string | undefined {
  if (config.mode === "reveal" || raw === null || typeof raw !== "object" || !Object.hasOwn(raw, REVEAL)) {
    return undefined;
  }
  if (!Object.hasOwn(declared.def.input, REVEAL)) return undefined;
  return config.mode === "off"
    ? `${declared.name}: reveal is not needed here: this server does not redact (DOCKER_MCP_SERVER_REDACT=0). Call again without it.`
    : `${declared.name}: reveal is not allowed on this server; secret values stay redacted. Call again without it (the server's operator can allow it with DOCKER_MCP_SERVER_REDACT=reveal).`;
}

export class ResultRedactor {
  readonly names: SecretNames;

  constructor(readonly config: RedactionConfig) {
    this.names = new SecretNames(config.names);
  }

  get active(): boolean {
    return this.config.mode !== "off";
  }

  /** Whether this call shows secrets: redaction off, or reveal=true where allowed. */
  private shows(args: Record<string, unknown>): boolean {
    return !this.active || (this.config.mode === "reveal" && args[REVEAL] === true);
  }

  /** A handler's result with secrets hidden (in-band archives pass through: they are bytes, not documents). */
  result(tool: string, args: Record<string, unknown>, value: unknown): unknown {
    if (this.shows(args) || value instanceof InbandResult) return value;
    const hidden = redactDocument(value, this.names, KEEPS[tool]).value;
    const secrets = secretStrings(args, this.names);
    return secrets.length === 0 ? hidden : scrubStrings(hidden, secrets);
  }

  /** An error's text with the call's own secret arguments taken out. */
  error(args: Record<string, unknown>, message: string): string {
    if (!this.active) return message;
    return scrubText(message, secretStrings(args, this.names));
  }
}

/** Every string in `value` scrubbed of `secrets` (a daemon message or CLI output that echoes an argument). */
function scrubStrings(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") return scrubText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => scrubStrings(item, secrets));
  if (!isWalkable(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    Object.defineProperty(out, key, {
      value: scrubStrings(child, secrets),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
