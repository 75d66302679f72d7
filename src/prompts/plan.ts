// Writes a prompt's plan: numbered steps, each naming the tools it uses. A step whose tools are not all registered
// (read-only server, a disabled domain) is kept in place but says what cannot be done here, without naming the
// absent tool; the agent is told to report it rather than improvise.

import type { PromptEnvironment } from "../contract/prompt.js";

export interface Step {
  /** What the step achieves, in plain words (shown when its tools are switched off). */
  readonly what: string;
  /** How, naming the tool calls. */
  readonly how: string;
  /** Every tool `how` names. */
  readonly tools: readonly string[];
}

export const step = (what: string, how: string, tools: readonly string[]): Step => ({ what, how, tools });

/** A step with no tool (judgement, reporting, asking the user). */
export const say = (text: string): Step => ({ what: text, how: "", tools: [] });

export interface PlanText {
  readonly goal: string;
  readonly steps: readonly Step[];
  /** Closing rules (safety stops, the shape of the answer). */
  readonly rules?: readonly string[];
}

export function renderPlan(plan: PlanText, env: PromptEnvironment): string {
  let blocked = 0;
  const lines = plan.steps.map((item, index) => {
    const available = item.tools.every((tool) => env.has(tool));
    if (!available) blocked += 1;
    const body = !item.how ? item.what : available ? `${item.what}: ${item.how}` : `${item.what} — not possible here`;
    return `${index + 1}. ${body}`;
  });
  const out = [plan.goal, "", ...lines];
  if (plan.rules && plan.rules.length > 0) out.push("", ...plan.rules.map((rule) => `- ${rule}`));
  if (blocked > 0) {
    out.push(
      "",
      `${blocked} step(s) are marked "not possible here": this server has the tools for them switched off ` +
        "(read-only mode, no-destructive mode or a disabled domain). Tell the user which, and do not work around it.",
    );
  }
  return out.join("\n");
}

/** `tool(a=1, b="x")` with JSON-quoted values; undefined and null arguments are left out. */
export function call(tool: string, args: Readonly<Record<string, unknown>> = {}): string {
  const parts = Object.entries(args)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(
      ([key, value]) => `${key}=${typeof value === "string" && value.startsWith("<") ? value : JSON.stringify(value)}`,
    );
  return `\`${tool}(${parts.join(", ")})\``;
}

/** Splits a comma list, trimming and dropping empty entries. */
export function commaList(value: string): string[] {
  return value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** Text that names a tool it only suggests (not a step's call): kept when the tool is registered, else `otherwise`. */
export function ifHas(env: PromptEnvironment, tool: string, text: string, otherwise = ""): string {
  return env.has(tool) ? text : otherwise;
}
