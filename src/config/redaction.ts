// DOCKER_MCP_SERVER_REDACT and DOCKER_MCP_SERVER_REDACT_NAMES: whether results hide secret values, whether a call
// may ask to see them (`reveal`), and which names look secret. A bad value stops the server at start-up.

import { DEFAULT_SECRET_NAMES, SECRET_NAME_FRAGMENT } from "../base/redact.js";

/** `on` (the default): hidden; `reveal`: hidden unless a call passes reveal=true; `off`: nothing is hidden. */
export type RedactionMode = "on" | "reveal" | "off";

export interface RedactionConfig {
  readonly mode: RedactionMode;
  /** The default fragments plus DOCKER_MCP_SERVER_REDACT_NAMES, upper-cased. */
  readonly names: readonly string[];
}

export class RedactionConfigError extends Error {}

const MODES: Readonly<Record<string, RedactionMode>> = {
  "": "on",
  "1": "on",
  on: "on",
  true: "on",
  yes: "on",
  reveal: "reveal",
  "0": "off",
  off: "off",
  false: "off",
  no: "off",
};

export function parseRedaction(mode: string | undefined, names: string | undefined): RedactionConfig {
  const text = (mode ?? "").trim().toLowerCase();
  const parsed = MODES[text];
  if (parsed === undefined) {
    throw new RedactionConfigError(
      `DOCKER_MCP_SERVER_REDACT='${(mode ?? "").trim().slice(0, 80)}' is not a redaction mode: use 1 (hide secrets, the default), reveal (hide unless a call passes reveal=true) or 0 (show everything).`,
    );
  }
  const extra = (names ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  for (const fragment of extra) {
    if (!SECRET_NAME_FRAGMENT.test(fragment)) {
      throw new RedactionConfigError(
        `DOCKER_MCP_SERVER_REDACT_NAMES: '${fragment.slice(0, 80)}' is not a name fragment: use letters, digits, '_', '-' and '.', comma-separated (e.g. DSN,SALT).`,
      );
    }
  }
  return Object.freeze({
    mode: parsed,
    names: Object.freeze([...new Set([...DEFAULT_SECRET_NAMES, ...extra.map((part) => part.toUpperCase())])]),
  });
}
