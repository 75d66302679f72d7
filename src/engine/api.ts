// dockerode 5 accepts an options object (with abortSignal) on calls where @types/dockerode 4 only knows callbacks;
// this typed view says what the runtime does, in one place.

import type Docker from "dockerode";

export interface CallOptions {
  abortSignal?: AbortSignal;
}

export interface SignalledCalls {
  ping(options: CallOptions): Promise<unknown>;
  version(options: CallOptions): Promise<Docker.DockerVersion & Record<string, unknown>>;
  info(options: CallOptions): Promise<Record<string, unknown>>;
  df(options: CallOptions): Promise<Record<string, unknown>>;
}

export function withSignals(docker: Docker): SignalledCalls {
  return docker as unknown as SignalledCalls;
}
