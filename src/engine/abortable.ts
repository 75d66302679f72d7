// Some transports (the kept SSH channel) do not settle a dockerode promise when its abortSignal fires; a long-poll
// such as POST /containers/{id}/wait would then hang the call. Racing the signal guarantees the caller returns.

/** Resolves or rejects like `promise`, or rejects with an AbortError as soon as `signal` fires. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(abortError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}

function abortError(): Error {
  const error = new Error("The call was cancelled.");
  error.name = "AbortError";
  return error;
}
