// What a destructive tool would do, computed with read-only calls before the user is asked (DOCKER_MCP_SERVER_CONFIRM).
// A preview is data: the server shows it in the elicitation message and in the confirm_token result.

import type { ToolContext } from "./tool.js";

/** One object that would go. `in_use` names what uses it (containers, services) when something does. */
export interface PreviewItem {
  readonly kind: string;
  readonly id?: string;
  readonly name?: string;
  /** Bytes, when the daemon reports them. */
  readonly size?: number;
  readonly state?: string;
  readonly in_use?: readonly string[];
  /** Anything else worth knowing before agreeing (e.g. "anonymous volumes go with it"). */
  readonly note?: string;
}

export interface Preview {
  /** One sentence: what would happen ("3 stopped containers would be removed (12 MB)"). */
  readonly summary: string;
  readonly items: readonly PreviewItem[];
  /** Caveats: what the preview cannot know, or what goes beyond the listed objects. */
  readonly notes?: readonly string[];
}

/** Computes a tool's preview from its validated arguments; read-only calls only. */
export type PreviewFn = (args: Record<string, unknown>, ctx: ToolContext) => Promise<Preview>;

/** Tool name → its preview. Tools without one get the generic preview (the tool, host and arguments). */
export type PreviewTable = Readonly<Record<string, PreviewFn>>;
