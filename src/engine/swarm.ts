// Requests of the swarm family (swarm, nodes, services, secrets, configs). A call that needs a manager on a daemon
// that is not one fails with one plain sentence instead of the Engine's 503, the same for every tool and resource.

import type Docker from "dockerode";
import { type EngineRequest, engineRequest } from "./api.js";
import { EngineError, explainDaemonErrors, toEngineError } from "./errors.js";
import { pathSegment } from "./path-segment.js";

export const NOT_MANAGER = "this daemon is not a swarm manager: run swarm_init, or point `host` at a manager";

/** Turns the daemon's answer for "no manager here" (or "the swarm is locked") into the sentence a caller can act on. */
export function swarmRefusal(host: string, status: number | undefined, message: string): string | undefined {
  if (status !== 503) return undefined;
  if (/needs to be unlocked|is locked/i.test(message)) {
    return `The swarm on host '${host}' is locked: call swarm_unlock with its unlock key.`;
  }
  if (/not a swarm manager|not part of a swarm/i.test(message)) return `Host '${host}': ${NOT_MANAGER}.`;
  return undefined;
}

/** The sentence for a refusal a tool can explain better (404, 409, in use, …); undefined passes the error on. */
export type Explain = (status: number | undefined, message: string) => string | undefined;

/** Anything that can give a daemon, its host label and a cancellation signal (a tool context fits). */
export interface SwarmCaller {
  docker(): Promise<Docker>;
  readonly host: { readonly label: string };
  readonly signal: AbortSignal;
}

export class SwarmApi {
  constructor(
    readonly docker: Docker,
    readonly host: string,
    readonly signal: AbortSignal,
  ) {}

  static async of(caller: SwarmCaller): Promise<SwarmApi> {
    return new SwarmApi(await caller.docker(), caller.host.label, caller.signal);
  }

  request<T>(request: Omit<EngineRequest, "signal">, explain?: Explain): Promise<T> {
    return explainDaemonErrors(
      () => engineRequest<T>(this.docker, { ...request, signal: this.signal }),
      (status, message) => explain?.(status, message) ?? swarmRefusal(this.host, status, message),
    );
  }

  get<T>(path: string, query?: Record<string, unknown>, explain?: Explain): Promise<T> {
    return this.request<T>({ method: "GET", path, ...(query ? { query } : {}) }, explain);
  }

  post<T>(path: string, body: unknown, query?: Record<string, unknown>, explain?: Explain): Promise<T> {
    return this.request<T>({ method: "POST", path, body, ...(query ? { query } : {}) }, explain);
  }

  delete(path: string, query?: Record<string, unknown>, explain?: Explain): Promise<unknown> {
    return this.request<unknown>({ method: "DELETE", path, ...(query ? { query } : {}) }, explain);
  }
}

export type SwarmObject = "service" | "node" | "secret" | "config" | "task";

const LIST_TOOL: Record<SwarmObject, string> = {
  service: "service_list",
  node: "node_list",
  secret: "secret_list",
  config: "config_list",
  task: "service_ps",
};

/** `/services/<ref>` and friends: the daemon resolves an id, a name or an id prefix. */
export function objectPath(kind: SwarmObject, ref: string): string {
  const capital = `${kind[0]?.toUpperCase()}${kind.slice(1)}`;
  return `/${kind}s/${pathSegment(ref, capital, ` Pass its id instead (${LIST_TOOL[kind]} shows it).`)}`;
}

/** The not-found sentence every swarm tool uses for its object. */
export function notFound(kind: SwarmObject, ref: string, host: string): Explain {
  return (status, message) => {
    if (status === 404) return `No such ${kind} '${ref}' on host '${host}'. See ${LIST_TOOL[kind]}.`;
    if (/ambiguous|multiple/i.test(message)) {
      return `'${ref}' matches more than one ${kind} on host '${host}': pass the full id (${LIST_TOOL[kind]} shows it).`;
    }
    return undefined;
  };
}

/** Combines explanations: the first that has a sentence wins. */
export function explainAll(...explains: Array<Explain | undefined>): Explain {
  return (status, message) => {
    for (const explain of explains) {
      const sentence = explain?.(status, message);
      if (sentence !== undefined) return sentence;
    }
    return undefined;
  };
}

/**
 * Runs `call`, which carries a value that must never be shown (a secret's data, a join token, an unlock key): a
 * failure whose text quotes it is replaced by a sentence that does not.
 */
export async function concealing<T>(
  value: string,
  host: { readonly label: string; readonly url?: string | null },
  what: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const mapped = toEngineError(err, host.label, host.url ?? "the default Docker socket");
    const quoted = (text: string | undefined) => Boolean(value) && Boolean(text?.includes(value));
    if (quoted(mapped.message) || quoted((err as Error)?.stack) || quoted((err as Error)?.message)) {
      throw new EngineError(
        `The daemon on host '${host.label}' refused the ${what}; its reply is withheld because it quoted the ${what}.`,
      );
    }
    throw mapped;
  }
}
