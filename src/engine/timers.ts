// Waiting that stays correct for any duration: Node fires a setTimeout longer than 2^31-1 ms (~24.8 days) at once,
// which would turn a long deadline into an immediate one and a long poll interval into a busy loop.

const MAX_TIMER_MS = 2_147_483_647;

/** setTimeout for any delay: a longer one re-arms in steps. Returns the canceller. */
export function later(ms: number, fire: () => void): () => void {
  const due = performance.now() + ms;
  let timer: NodeJS.Timeout;
  const arm = () => {
    const left = due - performance.now();
    timer = setTimeout(left > MAX_TIMER_MS ? arm : fire, Math.min(Math.max(left, 0), MAX_TIMER_MS));
  };
  arm();
  return () => clearTimeout(timer);
}

/** Sleeps `ms`, or rejects with `cancelled()` as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal, cancelled: () => Error): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      cancel();
      reject(cancelled());
    };
    const cancel = later(ms, () => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    });
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
