// The one error a caller can fix. Every room below the server throws it (or a subclass that names its source); the
// server checks for it once and returns its message as the tool's error text, with no stack in the logs.

export class CallerError extends Error {
  override name = "CallerError";
}
