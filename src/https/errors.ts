// Failures of an outbound HTTPS exchange (registry, Hub, docs). Messages are safe to show: they never carry
// credentials.

import { CallerError } from "../base/errors.js";

export class HttpsError extends CallerError {
  override name = "HttpsError";
}

/** An HTTP status the caller has to see (404 unknown repository, 401 bad credentials, …). */
export class HttpStatusError extends HttpsError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
