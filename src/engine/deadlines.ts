// Deadlines for every Engine API request, kept on the http.Agent of each connection so that unix sockets, TCP, TLS
// and SSH dial-stdio channels all get them: a connect deadline for each new socket, and per request a deadline for
// the whole response or, for streams and long polls (request-kind.ts), for its first byte. A socket that timed out
// is destroyed, never handed back to the pool. The same watch turns a response whose connection closes half way
// into an error naming the host, where Node would end a stream quietly early or leave a buffered call hanging.

import type { Agent, ClientRequest, IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { TLSSocket } from "node:tls";
import { EngineTimeoutError, StreamEndedEarlyError } from "./errors.js";
import { describeRequest, requestDeadline } from "./request-kind.js";
import { later } from "./timers.js";

export interface DeadlinePolicy {
  /** Host label and endpoint, for messages. */
  label: string;
  where: string;
  requestMs: number;
  connectMs: number;
}

type SocketCallback = (err: Error | null | undefined, socket?: Duplex) => void;

/** The two Agent methods Node calls for every request and every new socket (absent from @types/node). */
interface AgentInternals {
  addRequest(this: Agent, req: ClientRequest, options: unknown): void;
  createConnection(this: Agent, options: unknown, callback: SocketCallback): Duplex | undefined;
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

function hostOf(policy: DeadlinePolicy): string {
  return `host '${policy.label}' (${policy.where})`;
}

const REQUEST_ADVICE =
  "is the daemon hung? Raise DOCKER_MCP_SERVER_REQUEST_TIMEOUT for a slow daemon, or call system_reconnect.";

/** Installs the deadlines on `agent`; call once, after any createConnection of its own is in place. */
export function armDeadlines(agent: Agent, policy: DeadlinePolicy): void {
  const internals = agent as unknown as AgentInternals;
  const addRequest = internals.addRequest;
  const createConnection = internals.createConnection;
  internals.addRequest = function (this: Agent, req, options) {
    watchRequest(req, policy);
    addRequest.call(this, req, options);
  };
  internals.createConnection = function (this: Agent, options, callback) {
    return connectWithin(policy, (done) => createConnection.call(this, options, done), callback);
  };
}

/**
 * Runs `create` under the connect deadline. A socket returned at once (net, TLS) is connected at its 'connect' or
 * 'secureConnect'; one handed to the callback later (an SSH channel) is connected when it arrives.
 */
function connectWithin(
  policy: DeadlinePolicy,
  create: (done: SocketCallback) => Duplex | undefined,
  callback: SocketCallback,
): Duplex | undefined {
  const timedOut = () =>
    new EngineTimeoutError(
      `${hostOf(policy)} did not accept a connection within ${seconds(policy.connectMs)}; is the daemon up and the ` +
        "endpoint right? Raise DOCKER_MCP_SERVER_CONNECT_TIMEOUT for a slow network.",
    );
  let settled = false;
  let socket: Duplex | undefined;
  const cancel = later(policy.connectMs, () => {
    if (settled) return;
    settled = true;
    if (socket) socket.destroy(timedOut());
    else callback(timedOut());
  });
  const connected = () => {
    settled = true;
    cancel();
  };
  socket = create((err, created) => {
    // net.createConnection also registers this callback as a plain 'connect' listener (no arguments).
    if (!err && !created) return;
    if (settled) {
      created?.destroy();
      return;
    }
    connected();
    callback(err, created);
  });
  if (!socket) return undefined;
  if (socket instanceof TLSSocket) socket.once("secureConnect", connected);
  else if ((socket as Socket).connecting) socket.once("connect", connected);
  else connected();
  socket.once("close", connected);
  return socket;
}

function watchRequest(req: ClientRequest, policy: DeadlinePolicy): void {
  const upgrade = req.getHeader("upgrade") !== undefined;
  const deadline = requestDeadline(req.method, req.path, upgrade, policy.requestMs);
  const what = describeRequest(req.method, req.path);
  let socket: Duplex | undefined;
  let response: IncomingMessage | undefined;
  let settled = false;
  let errored = false;
  let cancelTimer: (() => void) | undefined;

  const arm = () => {
    cancelTimer?.();
    cancelTimer = Number.isFinite(deadline.ms) ? later(deadline.ms, expire) : undefined;
  };
  const settle = () => {
    if (settled) return;
    settled = true;
    cancelTimer?.();
    socket?.removeListener("close", onSocketClose);
  };
  const expire = () => {
    const err = new EngineTimeoutError(
      response
        ? `${hostOf(policy)} started answering ${what} but did not finish within ${seconds(deadline.ms)}; ${REQUEST_ADVICE}`
        : `${hostOf(policy)} did not answer ${what} within ${seconds(deadline.ms)}; ${REQUEST_ADVICE}`,
    );
    settle();
    // Destroying the response reaches its reader; either way the socket goes down with the error, which is what
    // docker-modem receives as the request's error.
    if (response && !response.destroyed) response.destroy(err);
    req.destroy(err);
  };
  const reportCut = (cause: Error | undefined) => {
    const err = new StreamEndedEarlyError(
      `${hostOf(policy)} closed the connection in the middle of its answer to ${what}` +
        `${cause ? ` (${cause.message})` : ""}: the response ended early, so its result would be incomplete. ` +
        "Retry; if it keeps happening, check the daemon and anything in between (a proxy, the SSH link).",
    );
    settle();
    response?.destroy(err);
    // Node emits nothing more on a request whose socket is gone, and docker-modem's buffered calls listen only there.
    if (!errored) req.emit("error", err);
  };
  // Prepended so it runs before Node's own close handling, which would end a stream with a bare "aborted" and leave a
  // buffered call unanswered. A destroyed request or response means we or the caller closed it: not a cut.
  const onSocketClose = () => {
    if (settled || !response || response.complete || response.destroyed || req.destroyed) return;
    reportCut(undefined);
  };

  req.once("socket", (assigned: Duplex) => {
    socket = assigned;
    if (settled) return;
    assigned.prependListener("close", onSocketClose);
    arm();
  });
  req.once("response", (res: IncomingMessage) => {
    response = res;
    if (deadline.firstByteOnly) {
      cancelTimer?.();
      cancelTimer = undefined;
    }
    res.once("end", settle);
  });
  // Only with an Upgrade header: a listener makes Node keep the socket for whoever asked for it.
  if (upgrade) req.once("upgrade", settle);
  if (deadline.firstByteOnly) {
    // Upload progress (archive put, image load, a build context) means the daemon is still taking the request.
    const progress = () => {
      if (!response && !settled && socket) arm();
    };
    req.on("drain", progress);
    req.once("finish", progress);
  }
  req.on("error", (err: Error) => {
    errored = true;
    // A reset in the middle of a response (not one we or the caller caused) is a cut too.
    if (!settled && response && !response.complete && !response.destroyed && !req.destroyed) reportCut(err);
    settle();
  });
  req.once("close", settle);
}
