// 2025-era clients over HTTP keep what that era promises: `initialize` opens a session (Mcp-Session-Id), the session
// keeps one server instance, its GET stream carries `resources/subscribe` notifications, DELETE ends it. (The SDK's
// createMcpHandler serves 2025 traffic statelessly; the sessionful leg is routed here with isLegacyRequest.)
// A session belongs to the principal that opened it, keeps the narrowing it was opened with, and ends after
// IDLE_MS without requests or open streams.

import { randomUUID } from "node:crypto";
import {
  type AuthInfo,
  isInitializeRequest,
  type Server,
  WebStandardStreamableHTTPServerTransport,
} from "@modelcontextprotocol/server";
import type { Narrowing } from "./server.js";

const IDLE_MS = 30 * 60_000;
const SWEEP_MS = 60_000;

interface Session {
  readonly transport: WebStandardStreamableHTTPServerTransport;
  readonly principal: string;
  readonly readOnly: boolean;
  active: number;
  lastUsed: number;
}

export interface SessionAnswer {
  readonly response: Response;
  /** Call when the response has been written (or the client went away). */
  done(): void;
}

const rpcError = (status: number, code: number, message: string, headers: Record<string, string> = {}) =>
  Response.json({ jsonrpc: "2.0", id: null, error: { code, message } }, { status, headers });

export const principalOf = (authInfo: AuthInfo | undefined): string =>
  authInfo ? `${authInfo.clientId}/${String(authInfo.extra?.sub ?? "")}` : "";

export class LegacySessions {
  private readonly sessions = new Map<string, Session>();
  private readonly sweeper: ReturnType<typeof setInterval>;

  constructor(
    private readonly createServer: (narrowing: Narrowing) => Server,
    private readonly maxSessions: number,
    private readonly onerror: (error: Error) => void,
  ) {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  async handle(
    request: Request,
    parsedBody: unknown,
    authInfo: AuthInfo | undefined,
    narrowing: Narrowing,
  ): Promise<SessionAnswer> {
    const id = request.headers.get("mcp-session-id");
    if (id) {
      const session = this.sessions.get(id);
      if (!session || session.principal !== principalOf(authInfo)) {
        return settled(rpcError(404, -32001, "Session not found: it ended or never existed; send initialize again."));
      }
      if (narrowing.readOnly && !session.readOnly) {
        return settled(
          rpcError(
            400,
            -32600,
            "X-MCP-Readonly applies to a whole session: send it with initialize to open a read-only session.",
          ),
        );
      }
      return this.serve(session, request, parsedBody, authInfo);
    }
    const opening = Array.isArray(parsedBody) ? parsedBody.some(isInitializeRequest) : isInitializeRequest(parsedBody);
    if (request.method !== "POST" || !opening) {
      return settled(
        rpcError(400, -32600, "No Mcp-Session-Id: open a session with initialize first (2025-era clients)."),
      );
    }
    if (this.sessions.size >= this.maxSessions) {
      return settled(
        rpcError(503, -32603, `Too many open sessions (${this.maxSessions}); retry later.`, { "retry-after": "5" }),
      );
    }
    const session: Session = {
      transport: new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        onsessioninitialized: (sessionId) => {
          this.sessions.set(sessionId, session);
        },
      }),
      principal: principalOf(authInfo),
      readOnly: narrowing.readOnly === true,
      active: 0,
      lastUsed: Date.now(),
    };
    const server = this.createServer(narrowing);
    await server.connect(session.transport);
    const closed = session.transport.onclose;
    session.transport.onclose = () => {
      closed?.();
      if (session.transport.sessionId) this.sessions.delete(session.transport.sessionId);
    };
    server.onerror = (error) => this.onerror(error);
    return this.serve(session, request, parsedBody, authInfo);
  }

  /** Ends every session (shutdown). */
  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((session) => session.transport.close().catch(() => undefined)));
  }

  private async serve(
    session: Session,
    request: Request,
    parsedBody: unknown,
    authInfo: AuthInfo | undefined,
  ): Promise<SessionAnswer> {
    session.active += 1;
    session.lastUsed = Date.now();
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      session.active -= 1;
      session.lastUsed = Date.now();
    };
    try {
      const response = await session.transport.handleRequest(request, {
        parsedBody,
        ...(authInfo ? { authInfo } : {}),
      });
      return { response, done };
    } catch (err) {
      done();
      throw err;
    }
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, session] of this.sessions) {
      if (session.active === 0 && now - session.lastUsed > IDLE_MS) {
        this.sessions.delete(id);
        session.transport.close().catch((err: unknown) => this.onerror(err as Error));
      }
    }
  }
}

function settled(response: Response): SessionAnswer {
  return { response, done: () => undefined };
}
