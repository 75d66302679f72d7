// Failures of the registry/Hub/docs HTTPS client. Messages are safe to show: they never carry credentials.

export class RegistryError extends Error {}

/** An HTTP status the caller has to see (404 unknown repository, 401 bad credentials, …). */
export class HttpStatusError extends RegistryError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
