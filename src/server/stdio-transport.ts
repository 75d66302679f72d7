// MCP over stdio, one JSON-RPC message per line, each line capped as it streams. Replaces the SDK's stdio transport,
// whose read buffer closes the whole connection on one oversized message and ignores lines that are not JSON-RPC.
// Here: an oversized line is discarded as it arrives and answered with -32600 (its id recovered from the line's
// edges when it is a request, null otherwise); a line that is not JSON gets -32700 and one that is not a JSON-RPC
// request or notification -32600; the session goes on with the next line. Outbound validation dumps from the SDK
// are rewritten into one sentence (protocol-errors.ts).

import type { Readable, Writable } from "node:stream";
import {
  isJSONRPCErrorResponse,
  type JSONRPCMessage,
  ProtocolErrorCode,
  type Transport,
} from "@modelcontextprotocol/server";
import { decodeLine } from "./jsonrpc-inbound.js";
import { type Frame, LineFramer } from "./line-framer.js";
import { readableErrorResponse } from "./protocol-errors.js";
import { type RequestId, recoverRequestId } from "./request-id.js";

export interface CappedStdioOptions {
  /** The most bytes one line (one message, without its newline) may have. */
  readonly maxMessageBytes: number;
  /** Said after the too-large error's first sentence: what the caller can do instead. */
  readonly tooLargeAdvice?: string;
}

function mib(bytes: number): string {
  const value = bytes / (1024 * 1024);
  return `${Number.isInteger(value) ? value : value.toFixed(1)} MiB`;
}

export class CappedStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly framer: LineFramer;
  private started = false;
  private closed = false;

  constructor(
    private readonly stdin: Readable,
    private readonly stdout: Writable,
    private readonly options: CappedStdioOptions,
  ) {
    this.framer = new LineFramer(options.maxMessageBytes);
  }

  async start(): Promise<void> {
    if (this.started) throw new Error("CappedStdioTransport already started.");
    this.started = true;
    this.stdin.on("data", this.onData);
    this.stdin.on("error", this.onStdinError);
    this.stdin.on("end", this.onStdinEnd);
    this.stdin.on("close", this.onStdinEnd);
    this.stdout.on("error", this.onStdoutError);
    if (this.stdin.readableEnded || this.stdin.destroyed) setImmediate(this.onStdinEnd);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stdin.off("data", this.onData);
    this.stdin.off("error", this.onStdinError);
    this.stdin.off("end", this.onStdinEnd);
    this.stdin.off("close", this.onStdinEnd);
    // The stdout error listener stays: a write failing after close must not become an uncaught exception.
    if (this.stdin.listenerCount("data") === 0) this.stdin.pause();
    this.framer.reset();
    this.onclose?.();
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) return Promise.reject(new Error("CappedStdioTransport is closed."));
    return this.writeLine(isJSONRPCErrorResponse(message) ? readableErrorResponse(message) : message);
  }

  private readonly onData = (chunk: Buffer | string): void => {
    this.framer.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk, this.onFrame);
  };

  private readonly onFrame = (frame: Frame): void => {
    if (this.closed) return;
    if (frame.kind === "oversized") {
      const limit = this.options.maxMessageBytes;
      this.onerror?.(new Error(`Refused a ${frame.size}-byte message (the limit is ${limit} bytes).`));
      const advice = this.options.tooLargeAdvice ? ` ${this.options.tooLargeAdvice}` : "";
      this.answer(
        recoverRequestId(frame.head, frame.tail),
        ProtocolErrorCode.InvalidRequest,
        `Request too large: the message is ${frame.size} bytes (${mib(frame.size)}), over the ${limit}-byte (${mib(limit)}) limit per message; nothing was done.${advice}`,
        { size: frame.size, limit },
      );
      return;
    }
    const inbound = decodeLine(frame.bytes.toString("utf8"));
    switch (inbound.kind) {
      case "blank":
        return;
      case "answer":
        this.answer(inbound.id, inbound.code, inbound.message);
        return;
      case "drop":
        this.onerror?.(new Error(inbound.reason));
        return;
      case "message":
        try {
          this.onmessage?.(inbound.message);
        } catch (err) {
          this.onerror?.(err instanceof Error ? err : new Error(String(err)));
        }
    }
  };

  private readonly onStdinError = (error: Error): void => {
    this.onerror?.(error);
  };

  private readonly onStdinEnd = (): void => {
    this.close().catch(() => undefined);
  };

  private readonly onStdoutError = (error: Error): void => {
    if (this.closed) return;
    this.onerror?.(error);
    this.close().catch(() => undefined);
  };

  /** An error answer the transport writes itself (an id of null is valid JSON-RPC, but not an SDK message type). */
  private answer(id: RequestId | null, code: number, message: string, data?: unknown): void {
    const error = { code, message, ...(data === undefined ? {} : { data }) };
    this.writeLine({ jsonrpc: "2.0", id, error }).catch((err: unknown) =>
      this.onerror?.(err instanceof Error ? err : new Error(String(err))),
    );
  }

  /** Writes one line; resolves once the stream took it (after 'drain' when its buffer was full). */
  private writeLine(message: object): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => {
        this.stdout.off("drain", onDrain);
        reject(error);
      };
      const onDrain = () => {
        this.stdout.off("error", onError);
        resolve();
      };
      this.stdout.once("error", onError);
      if (this.stdout.write(`${JSON.stringify(message)}\n`)) {
        this.stdout.off("error", onError);
        resolve();
      } else {
        this.stdout.once("drain", onDrain);
      }
    });
  }
}
