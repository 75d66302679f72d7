// Which Engine API requests are streams or long polls. Those only have to start answering in time (the tool bounds
// the rest); every other request must be answered whole within the request timeout.

export interface RequestDeadline {
  /** Only the response headers (or the protocol upgrade) must arrive in time. */
  firstByteOnly: boolean;
  ms: number;
}

/** Method + path (version prefix and query removed) of the streaming and long-polling endpoints. */
const FIRST_BYTE_ONLY: ReadonlyArray<readonly [string, RegExp]> = [
  ["GET", /^\/events$/],
  ["GET", /^\/containers\/[^/]+\/(?:logs|stats|export|archive|attach\/ws)$/],
  ["PUT", /^\/containers\/[^/]+\/archive$/],
  // The daemon sends /wait's headers at once and the body when the container stops.
  ["POST", /^\/containers\/[^/]+\/(?:attach|wait)$/],
  ["POST", /^\/exec\/[^/]+\/start$/],
  ["POST", /^\/(?:images\/create|images\/load|build|session|grpc)$/],
  ["POST", /^\/images\/.+\/push$/],
  ["GET", /^\/images\/(?:.+\/)?get$/],
];

/** stop/restart answer only after the grace period `t` (the daemon's default is 10 s). */
const GRACEFUL = /^\/containers\/[^/]+\/(?:stop|restart)$/;
const DEFAULT_STOP_SECONDS = 10;

function split(path: string): { route: string; query: URLSearchParams } {
  const url = new URL(path, "http://engine");
  return { route: url.pathname.replace(/^\/v\d+(?:\.\d+)?(?=\/)/, ""), query: url.searchParams };
}

/** The deadline of one request; `upgrade`: it asks for a protocol upgrade (exec/attach hijack, BuildKit session). */
export function requestDeadline(method: string, path: string, upgrade: boolean, requestMs: number): RequestDeadline {
  const { route, query } = split(path);
  const verb = method.toUpperCase();
  if (upgrade || FIRST_BYTE_ONLY.some(([m, pattern]) => m === verb && pattern.test(route))) {
    return { firstByteOnly: true, ms: requestMs };
  }
  if (verb === "POST" && GRACEFUL.test(route)) {
    const t = Number(query.get("t") ?? DEFAULT_STOP_SECONDS);
    // A negative t waits for the container however long it takes: only the daemon can end that call.
    if (Number.isFinite(t) && t < 0) return { firstByteOnly: false, ms: Number.POSITIVE_INFINITY };
    return { firstByteOnly: false, ms: requestMs + (Number.isFinite(t) ? t : DEFAULT_STOP_SECONDS) * 1000 };
  }
  return { firstByteOnly: false, ms: requestMs };
}

/** Method and path without the version prefix or the query (which can be long JSON), for messages. */
export function describeRequest(method: string, path: string): string {
  return `${method.toUpperCase()} ${split(path).route}`;
}
