// A prompt is data plus a renderer, like a tool: its name, domain, arguments, and a function that writes the plan
// the agent then carries out. The renderer sees which tools are registered, so a plan never names a tool the client
// cannot call: a step whose tools are switched off says what cannot be done here instead.

import type { Domain } from "./domains.js";

/** What an argument's values are completed from (completion/complete). */
export type CompletionSource =
  | "container"
  | "image"
  | "network"
  | "volume"
  | "service"
  | "node"
  | "compose_project"
  | "context"
  | "host"
  | "doc_section";

export interface PromptArg {
  readonly name: string;
  /** Omitted where the name says it all. */
  readonly description?: string;
  /** Arguments arrive as strings; integers and booleans are converted before rendering. */
  readonly type?: "string" | "integer" | "boolean";
  /** Present = optional with this default; absent = required. */
  readonly default?: string | number | boolean | null;
  readonly complete?: CompletionSource;
}

export type PromptArgs = Readonly<Record<string, string | number | boolean | null>>;

export interface PromptEnvironment {
  /** Whether a tool is registered under the current switches. */
  has(tool: string): boolean;
  /** Configured host labels when two or more hosts exist; empty otherwise. */
  readonly multiHostLabels: readonly string[];
}

export interface PromptDef {
  readonly name: string;
  /** null: registers whatever is disabled. */
  readonly domain: Domain | null;
  /** Registers only with two or more hosts. */
  readonly multiHost?: boolean;
  /** One line; every byte of prompts/list is paid for in every conversation. */
  readonly description: string;
  readonly args: readonly PromptArg[];
  render(args: PromptArgs, env: PromptEnvironment): string;
}

export function definePrompt(def: PromptDef): PromptDef {
  return def;
}
