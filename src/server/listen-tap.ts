// stdio side of the listen bridge: a transport decorator that sees each inbound 2026-07-28 `subscriptions/listen`
// before the SDK's serveStdio answers it, starts watching its URIs (a URI nothing notifies on is answered -32602
// here and never reaches the router), and stops when the client cancels the stream or the connection closes.
// Messages keep their order: one that arrives while a listen's event streams open waits for it.

import {
  INTERNAL_ERROR,
  INVALID_PARAMS,
  isJSONRPCNotification,
  isJSONRPCRequest,
  type JSONRPCMessage,
  type Transport,
  type TransportSendOptions,
} from "@modelcontextprotocol/server";
import { CallerError } from "../base/errors.js";
import { type ListenBridge, listenedUris } from "./listen-bridge.js";

type RequestId = string | number;

export class ListenTap implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly releases = new Map<RequestId, () => void>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly inner: Transport,
    private readonly bridge: ListenBridge,
  ) {
    inner.onmessage = (message) => this.inbound(message as JSONRPCMessage);
    inner.onerror = (error) => this.onerror?.(error);
    inner.onclose = () => {
      for (const release of this.releases.values()) release();
      this.releases.clear();
      this.onclose?.();
    };
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  setProtocolVersion = (version: string): void => this.inner.setProtocolVersion?.(version);

  private inbound(message: JSONRPCMessage): void {
    this.queue = this.queue.then(() => this.route(message)).catch((err: unknown) => this.report(err));
  }

  private async route(message: JSONRPCMessage): Promise<void> {
    if (isJSONRPCRequest(message)) {
      const uris = listenedUris(message);
      if (uris) {
        try {
          this.releases.set(message.id, await this.bridge.open(uris));
        } catch (err) {
          // Always answered: a listen that got no answer would leave the client waiting for ever.
          const caller = err instanceof CallerError;
          if (!caller) this.report(err);
          const error = caller
            ? { code: INVALID_PARAMS, message: err.message }
            : {
                code: INTERNAL_ERROR,
                message: `Cannot watch these resources: ${(err as Error)?.message ?? String(err)}`,
              };
          await this.inner.send({ jsonrpc: "2.0", id: message.id, error });
          return;
        }
      }
    } else if (isJSONRPCNotification(message) && message.method === "notifications/cancelled") {
      const id = (message.params as { requestId?: RequestId } | undefined)?.requestId;
      if (id !== undefined) {
        this.releases.get(id)?.();
        this.releases.delete(id);
      }
    }
    this.onmessage?.(message);
  }

  private report(err: unknown): void {
    this.onerror?.(err instanceof Error ? err : new Error(String(err)));
  }
}
