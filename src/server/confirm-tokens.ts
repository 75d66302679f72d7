// Single-use confirmations bound to one call: the tool, the host and the exact arguments, valid for a short time.
// Used for confirm_token (clients without elicitation) and for the requestState of a 2026-07-28 input_required round.
// A token is consumed by any attempt to use it, so a refused one cannot be retried or probed.

import { createHash, randomBytes } from "node:crypto";

export interface CallBinding {
  readonly tool: string;
  readonly host: string;
  readonly args: Record<string, unknown>;
}

interface Pending {
  readonly digest: string;
  readonly tool: string;
  readonly host: string;
  readonly expiresAt: number;
}

export type Redemption = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** JSON with sorted keys and unset values dropped, so `{a:1,b:null}` and `{b:null,a:1}` bind the same call. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined && item !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function digestOf(binding: CallBinding): string {
  return createHash("sha256")
    .update(`${binding.tool}\n${binding.host}\n${canonicalJson(binding.args)}`)
    .digest("hex");
}

/** At most this many open confirmations; the oldest is dropped first (a loop of previews cannot grow memory). */
const MAX_PENDING = 256;

export class ConfirmTokens {
  private readonly pending = new Map<string, Pending>();

  constructor(
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  issue(binding: CallBinding): string {
    this.sweep();
    while (this.pending.size >= MAX_PENDING) {
      const oldest = this.pending.keys().next().value as string;
      this.pending.delete(oldest);
    }
    const token = `ct_${randomBytes(18).toString("base64url")}`;
    this.pending.set(token, {
      digest: digestOf(binding),
      tool: binding.tool,
      host: binding.host,
      expiresAt: this.now() + this.ttlMs,
    });
    return token;
  }

  redeem(token: string, binding: CallBinding): Redemption {
    const entry = this.pending.get(token);
    this.pending.delete(token);
    const again = `Call ${binding.tool} without confirm_token to get a new preview and token.`;
    if (!entry) {
      return {
        ok: false,
        reason: `confirm_token is not valid: it was already used, or never issued by this server session. ${again}`,
      };
    }
    if (entry.expiresAt <= this.now()) {
      return {
        ok: false,
        reason: `confirm_token expired (tokens are valid for ${Math.round(this.ttlMs / 1000)} s). ${again}`,
      };
    }
    if (entry.tool !== binding.tool) {
      return { ok: false, reason: `confirm_token was issued for ${entry.tool}, not ${binding.tool}. ${again}` };
    }
    if (entry.host !== binding.host) {
      return {
        ok: false,
        reason: `confirm_token was issued for host '${entry.host}', not '${binding.host}'. ${again}`,
      };
    }
    if (entry.digest !== digestOf(binding)) {
      return {
        ok: false,
        reason: `confirm_token was issued for different arguments: the preview the user agreed to does not cover this call. ${again}`,
      };
    }
    return { ok: true };
  }

  private sweep(): void {
    const now = this.now();
    for (const [token, entry] of this.pending) if (entry.expiresAt <= now) this.pending.delete(token);
  }
}
