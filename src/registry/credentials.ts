// Which credentials a registry call uses: the arguments when either is given, otherwise
// both environment values. Never a mix, never the Docker config file.

export interface Credentials {
  readonly username: string | undefined;
  readonly password: string | undefined;
}

export function resolveCredentials(
  args: { username?: string | null | undefined; password?: string | null | undefined },
  fallback: Credentials,
): Credentials {
  const argsGiven = (args.username ?? null) !== null || (args.password ?? null) !== null;
  return argsGiven ? { username: args.username ?? undefined, password: args.password ?? undefined } : fallback;
}

/** Basic auth is only sent when both parts are non-empty. */
export function hasBoth(credentials: Credentials): credentials is { username: string; password: string } {
  return Boolean(credentials.username && credentials.password);
}

export function basicAuthorization(credentials: { username: string; password: string }): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, "utf8").toString("base64")}`;
}
