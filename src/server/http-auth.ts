// Who may use the HTTP endpoint: a bearer token compared in constant time with the configured one, and/or (OAuth
// resource-server mode) a JWT access token from the configured issuer. A refusal is a 401 with a WWW-Authenticate
// challenge (RFC 6750; in OAuth mode it points at the protected-resource metadata, RFC 9728). Tokens are never
// logged or echoed.

import { createHash, timingSafeEqual } from "node:crypto";
import type { AuthInfo } from "@modelcontextprotocol/server";
import type { HttpConfig } from "../config/http.js";
import { type Fetch, JwtVerifier, TokenError } from "./jwt.js";

export const RESOURCE_METADATA_PATH = "/.well-known/oauth-protected-resource";

export type AuthOutcome =
  | { readonly ok: true; readonly authInfo: AuthInfo | undefined }
  | { readonly ok: false; readonly status: 401; readonly challenge: string; readonly message: string };

const digest = (text: string) => createHash("sha256").update(text).digest();

/** Equal-length digests make the comparison's time independent of where (or whether) the strings differ. */
export function tokensMatch(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

export interface Authenticator {
  /** True when the endpoint is open (loopback without a token). */
  readonly open: boolean;
  check(authorization: string | undefined): Promise<AuthOutcome>;
  /** The RFC 9728 document, in OAuth mode. */
  readonly resourceMetadata: Record<string, unknown> | undefined;
}

export function createAuthenticator(config: HttpConfig, options: { fetch?: Fetch } = {}): Authenticator {
  const { token, oauth } = config;
  const origin = new URL(config.publicUrl);
  const metadataUrl = `${origin.origin}${RESOURCE_METADATA_PATH}${origin.pathname === "/" ? "" : origin.pathname}`;
  const verifier = oauth
    ? new JwtVerifier({
        issuer: oauth.issuer,
        audience: oauth.audience,
        jwksUrl: oauth.jwksUrl,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      })
    : undefined;
  const challenge = (error?: string, description?: string) => {
    const parts = [
      'Bearer realm="docker-mcp-server"',
      ...(oauth ? [`resource_metadata="${metadataUrl}"`] : []),
      ...(error ? [`error="${error}"`] : []),
      ...(description ? [`error_description="${description.replace(/["\\]/g, "")}"`] : []),
    ];
    return parts.join(", ");
  };
  const refuse = (message: string, error?: string): AuthOutcome => ({
    ok: false,
    status: 401,
    challenge: challenge(error, error ? message : undefined),
    message,
  });

  return {
    open: !token && !oauth,
    resourceMetadata: oauth
      ? {
          resource: config.publicUrl,
          authorization_servers: [oauth.issuer],
          bearer_methods_supported: ["header"],
          resource_name: "docker-mcp-server",
        }
      : undefined,
    async check(authorization) {
      if (!token && !oauth) return { ok: true, authInfo: undefined };
      const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(authorization ?? "");
      if (!match) return refuse("This endpoint needs an Authorization: Bearer <token> header.");
      const given = match[1] as string;
      if (token && tokensMatch(given, token)) {
        return { ok: true, authInfo: { token: given, clientId: "static-token", scopes: [] } };
      }
      if (!verifier) return refuse("The bearer token is not the one this server was started with.", "invalid_token");
      try {
        const claims = await verifier.verify(given);
        return {
          ok: true,
          authInfo: {
            token: given,
            clientId: claims.clientId ?? claims.sub ?? "unknown",
            scopes: [...claims.scopes],
            expiresAt: claims.expiresAt,
            extra: { sub: claims.sub },
          },
        };
      } catch (err) {
        if (err instanceof TokenError) return refuse(`The access token was refused: ${err.message}.`, "invalid_token");
        throw err;
      }
    },
  };
}
