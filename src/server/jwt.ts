// OAuth 2.1 resource-server side: validates a JWT access token (RFC 9068) against the configured issuer's signing
// keys. Signature first (RS/PS/ES 256-512, EdDSA; never `none`, never HMAC: the server holds no shared secret),
// then `iss`, `aud`, `exp` and `nbf`. Keys come from the issuer's JWKS, fetched on first use, kept for ten minutes,
// and fetched again early (at most once a minute) when a token names a key id the cache does not hold.

import { createPublicKey, type JsonWebKey, type KeyObject, verify } from "node:crypto";

const JWKS_TTL_MS = 10 * 60_000;
const REFETCH_GAP_MS = 60_000;
const FETCH_TIMEOUT_MS = 10_000;
const MAX_DOCUMENT_BYTES = 1024 * 1024;
/** Clock skew allowed between the issuer and this machine. */
const LEEWAY_SECONDS = 30;

const ALGORITHMS: Readonly<Record<string, { hash: string; kty: string; pss?: true; p1363?: true }>> = {
  RS256: { hash: "sha256", kty: "RSA" },
  RS384: { hash: "sha384", kty: "RSA" },
  RS512: { hash: "sha512", kty: "RSA" },
  PS256: { hash: "sha256", kty: "RSA", pss: true },
  PS384: { hash: "sha384", kty: "RSA", pss: true },
  PS512: { hash: "sha512", kty: "RSA", pss: true },
  ES256: { hash: "sha256", kty: "EC", p1363: true },
  ES384: { hash: "sha384", kty: "EC", p1363: true },
  ES512: { hash: "sha512", kty: "EC", p1363: true },
  EdDSA: { hash: "", kty: "OKP" },
};

export class TokenError extends Error {}

export interface TokenClaims {
  readonly sub: string | undefined;
  readonly clientId: string | undefined;
  readonly scopes: readonly string[];
  readonly expiresAt: number;
  readonly claims: Readonly<Record<string, unknown>>;
}

interface Jwk extends JsonWebKey {
  kid?: string;
  use?: string;
  alg?: string;
}

export type Fetch = (url: string, init: { signal: AbortSignal }) => Promise<Response>;

async function fetchJson(fetchImpl: Fetch, url: string): Promise<unknown> {
  const response = await fetchImpl(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  const text = await response.text();
  if (text.length > MAX_DOCUMENT_BYTES) throw new Error(`${url} sent more than ${MAX_DOCUMENT_BYTES} bytes`);
  return JSON.parse(text);
}

function decodeSegment(segment: string, what: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value;
  } catch {
    // reported below
  }
  throw new TokenError(`the token's ${what} is not base64url JSON`);
}

/** Keys travel over https only (plain http to loopback, for a local issuer). */
function safeKeyUrl(value: string): string {
  const url = new URL(value);
  const loopback = url.hostname === "localhost" || url.hostname === "[::1]" || url.hostname.startsWith("127.");
  if (url.protocol === "https:" || (url.protocol === "http:" && loopback)) return value;
  throw new Error(`the issuer's jwks_uri '${value.slice(0, 200)}' is not https`);
}

export class JwtVerifier {
  private keys: Jwk[] = [];
  private fetchedAt = 0;
  private lastAttempt = 0;
  private inflight: Promise<void> | undefined;

  constructor(
    private readonly options: {
      readonly issuer: string;
      readonly audience: string;
      /** Known JWKS URL; undefined: read `jwks_uri` from the issuer's metadata. */
      readonly jwksUrl: string | undefined;
      readonly fetch?: Fetch;
      readonly now?: () => number;
    },
  ) {}

  /** The verified claims, or a TokenError saying what was wrong (never the token itself). */
  async verify(token: string): Promise<TokenClaims> {
    const parts = token.split(".");
    if (parts.length !== 3) throw new TokenError("the token is not a JWT (three dot-separated parts)");
    const [headerPart = "", payloadPart = "", signaturePart = ""] = parts;
    const header = decodeSegment(headerPart, "header");
    const alg = typeof header.alg === "string" ? header.alg : "";
    const spec = ALGORITHMS[alg];
    if (!spec) throw new TokenError(`the token's algorithm '${alg.slice(0, 20)}' is not accepted`);
    const kid = typeof header.kid === "string" ? header.kid : undefined;
    const key = await this.keyFor(kid, spec.kty, alg);
    const signed = Buffer.from(`${headerPart}.${payloadPart}`);
    const signature = Buffer.from(signaturePart, "base64url");
    const ok = verify(
      spec.hash || null,
      signed,
      {
        key,
        ...(spec.pss ? { padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: -1 /* digest length */ } : {}),
        ...(spec.p1363 ? { dsaEncoding: "ieee-p1363" as const } : {}),
      },
      signature,
    );
    if (!ok) throw new TokenError("the token's signature does not verify against the issuer's keys");
    const claims = decodeSegment(payloadPart, "payload");
    return this.checkClaims(claims);
  }

  private checkClaims(claims: Record<string, unknown>): TokenClaims {
    const now = Math.floor((this.options.now?.() ?? Date.now()) / 1000);
    if (claims.iss !== this.options.issuer) throw new TokenError("the token was issued by another issuer");
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(this.options.audience)) {
      throw new TokenError(`the token is not for this server (its audience does not include ${this.options.audience})`);
    }
    if (typeof claims.exp !== "number") throw new TokenError("the token has no expiry (exp)");
    if (claims.exp + LEEWAY_SECONDS <= now) throw new TokenError("the token has expired");
    if (typeof claims.nbf === "number" && claims.nbf - LEEWAY_SECONDS > now) {
      throw new TokenError("the token is not valid yet (nbf)");
    }
    const scope = typeof claims.scope === "string" ? claims.scope : "";
    return {
      sub: typeof claims.sub === "string" ? claims.sub : undefined,
      clientId:
        typeof claims.client_id === "string"
          ? claims.client_id
          : typeof claims.azp === "string"
            ? claims.azp
            : undefined,
      scopes: scope.split(" ").filter((part) => part !== ""),
      expiresAt: claims.exp,
      claims,
    };
  }

  private async keyFor(kid: string | undefined, kty: string, alg: string): Promise<KeyObject> {
    const now = this.options.now?.() ?? Date.now();
    if (now - this.fetchedAt > JWKS_TTL_MS) await this.refresh();
    let jwk = this.pick(kid, kty, alg);
    if (!jwk && now - this.lastAttempt > REFETCH_GAP_MS) {
      await this.refresh();
      jwk = this.pick(kid, kty, alg);
    }
    if (!jwk) throw new TokenError("the token's signing key is not among the issuer's keys");
    try {
      return createPublicKey({ key: jwk, format: "jwk" });
    } catch {
      throw new TokenError("the issuer's signing key cannot be read");
    }
  }

  private pick(kid: string | undefined, kty: string, alg: string): Jwk | undefined {
    return this.keys.find(
      (key) =>
        key.kty === kty &&
        (key.use === undefined || key.use === "sig") &&
        (key.alg === undefined || key.alg === alg) &&
        (kid === undefined || key.kid === kid),
    );
  }

  private refresh(): Promise<void> {
    this.inflight ??= this.load().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async load(): Promise<void> {
    const fetchImpl = this.options.fetch ?? (fetch as Fetch);
    this.lastAttempt = this.options.now?.() ?? Date.now();
    try {
      const url = this.options.jwksUrl ?? (await this.discoverJwksUrl(fetchImpl));
      const document = (await fetchJson(fetchImpl, url)) as { keys?: unknown };
      if (!Array.isArray(document.keys)) throw new Error(`${url} has no "keys" array`);
      this.keys = document.keys.filter((key): key is Jwk => typeof key === "object" && key !== null);
      this.fetchedAt = this.lastAttempt;
    } catch (err) {
      // Keys already held stay in use until they are replaced; with none, every token is refused.
      if (this.keys.length === 0) {
        throw new TokenError(`the issuer's signing keys could not be fetched (${(err as Error).message})`);
      }
    }
  }

  private async discoverJwksUrl(fetchImpl: Fetch): Promise<string> {
    const { issuer } = this.options;
    for (const path of ["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"]) {
      try {
        const metadata = (await fetchJson(fetchImpl, `${issuer}${path}`)) as { jwks_uri?: unknown };
        if (typeof metadata.jwks_uri === "string") return safeKeyUrl(metadata.jwks_uri);
      } catch {
        // try the next well-known document
      }
    }
    throw new Error(`no jwks_uri in ${issuer}'s authorization-server or OpenID metadata`);
  }
}
