// Turns a final non-2xx response into a message that says what the registry said, and what to do for the usual ones.

import { HttpStatusError } from "../https/errors.js";

interface OciErrors {
  errors?: Array<{ code?: unknown; message?: unknown }>;
  message?: unknown;
  detail?: unknown;
}

/** The registry's own explanation: OCI `errors[]`, a Hub `message`/`detail`, or the start of a text body. */
export function explainBody(body: Buffer): string {
  const text = body.toString("utf8").trim();
  if (!text) return "";
  try {
    const parsed = JSON.parse(text) as OciErrors;
    if (Array.isArray(parsed.errors) && parsed.errors.length > 0) {
      return parsed.errors
        .slice(0, 3)
        .map((error) => [error.code, error.message].filter((part) => typeof part === "string" && part).join(": "))
        .join("; ");
    }
    for (const key of ["message", "detail"] as const) if (typeof parsed[key] === "string") return parsed[key] as string;
  } catch {
    // not JSON: fall through to the text
  }
  return text.startsWith("<") ? "" : text.replace(/\s+/g, " ").slice(0, 200);
}

const HINTS: Readonly<Record<number, string>> = {
  401: "The registry wants credentials, or refused the ones given (pass username/password, or set DOCKER_MCP_SERVER_REGISTRY_USERNAME/PASSWORD).",
  403: "The credentials are valid but lack access to this repository.",
  404: "Check the repository name and the tag or digest.",
};

export function statusError(what: string, url: URL, status: number, body: Buffer): HttpStatusError {
  const said = explainBody(body);
  const hint = HINTS[status];
  return new HttpStatusError(
    status,
    `${what} ${url.origin}${url.pathname} failed: HTTP ${status}${said ? ` (${said})` : ""}.${hint ? ` ${hint}` : ""}`,
  );
}
