// The prompts this configuration registers and their protocol shape: a prompt whose
// domain is disabled, or a multi-host prompt with one host, is not registered; arguments arrive as strings and are
// converted before rendering; a bad or missing argument is an Invalid Params error with one readable sentence.

import { INVALID_PARAMS, ProtocolError } from "@modelcontextprotocol/server";
import type { ServerConfig } from "../config/index.js";
import type { PromptArg, PromptArgs, PromptDef, PromptEnvironment } from "../contract/prompt.js";
import type { PromptInfo } from "./catalog.js";

export interface PromptSurface {
  readonly registered: readonly PromptDef[];
  /** Every defined prompt, for the tool catalog. */
  readonly catalog: readonly PromptInfo[];
}

export function buildPromptSurface(prompts: readonly PromptDef[], config: ServerConfig): PromptSurface {
  const registers = (prompt: PromptDef) =>
    (prompt.domain === null || !config.disabled.includes(prompt.domain)) && (!prompt.multiHost || config.hosts.multi);
  return {
    registered: prompts.filter(registers),
    catalog: prompts.map((prompt) => ({
      name: prompt.name,
      domain: prompt.domain,
      registered: registers(prompt),
      multi_host: prompt.multiHost === true,
    })),
  };
}

export function promptListEntry(prompt: PromptDef) {
  return {
    name: prompt.name,
    description: prompt.description,
    ...(prompt.args.length > 0
      ? {
          arguments: prompt.args.map((arg) => ({
            name: arg.name,
            ...(arg.description ? { description: arg.description } : {}),
            ...(arg.default === undefined ? { required: true } : {}),
          })),
        }
      : {}),
  };
}

const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off"]);

function convert(prompt: string, arg: PromptArg, raw: string): string | number | boolean {
  const text = raw.trim();
  if (arg.type === "integer") {
    if (!/^-?\d{1,9}$/.test(text)) {
      throw new ProtocolError(INVALID_PARAMS, `${prompt}: ${arg.name} must be a whole number, e.g. "5".`);
    }
    return Number(text);
  }
  if (arg.type === "boolean") {
    const lower = text.toLowerCase();
    if (TRUE.has(lower)) return true;
    if (FALSE.has(lower)) return false;
    throw new ProtocolError(INVALID_PARAMS, `${prompt}: ${arg.name} must be true or false.`);
  }
  return raw;
}

/** Typed arguments from the client's strings: defaults filled in, required ones checked, unknown ones refused. */
export function promptArguments(prompt: PromptDef, given: Readonly<Record<string, unknown>> | undefined): PromptArgs {
  const out: Record<string, string | number | boolean | null> = {};
  const known = new Set(prompt.args.map((arg) => arg.name));
  const unknown = Object.keys(given ?? {}).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    const expected = prompt.args.length > 0 ? prompt.args.map((arg) => arg.name).join(", ") : "none";
    throw new ProtocolError(
      INVALID_PARAMS,
      `${prompt.name}: unknown argument(s) ${unknown.map((name) => `'${name.slice(0, 64)}'`).join(", ")}; expected: ${expected}.`,
    );
  }
  for (const arg of prompt.args) {
    const raw = given && Object.hasOwn(given, arg.name) ? given[arg.name] : undefined;
    if (raw === undefined || raw === null || raw === "") {
      if (arg.default === undefined) {
        throw new ProtocolError(INVALID_PARAMS, `${prompt.name}: the argument '${arg.name}' is required.`);
      }
      out[arg.name] = arg.default;
      continue;
    }
    if (typeof raw !== "string") {
      throw new ProtocolError(INVALID_PARAMS, `${prompt.name}: ${arg.name} must be given as a string.`);
    }
    out[arg.name] = convert(prompt.name, arg, raw);
  }
  return out;
}

export function renderPrompt(
  prompt: PromptDef,
  given: Readonly<Record<string, unknown>> | undefined,
  env: PromptEnvironment,
) {
  const text = prompt.render(promptArguments(prompt, given), env);
  return {
    description: prompt.description,
    messages: [{ role: "user" as const, content: { type: "text" as const, text } }],
  };
}
