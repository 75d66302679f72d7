// A registry v2 client for one registry host and one tool call: the scheme (HTTPS,
// or plain HTTP for a loopback registry that does not speak TLS), the auth challenge round-trip and the token fetch.
// Tokens are not cached: every GET runs its own challenge, as the spec says.

import { HttpsError } from "../https/errors.js";
import { send, TransportError, userAgent } from "../https/http.js";
import { isLoopbackHostname } from "../https/local-host.js";
import { checkOutboundUrl } from "../https/realm-guard.js";
import { type Fetched, getWithRetry, type Sleep } from "../https/retry.js";
import { discard, headerValues, type Transport } from "../https/transport.js";
import { basicAuthorization, type Credentials, hasBoth } from "./credentials.js";
import { parseChallenges } from "./headers.js";
import { statusError } from "./status-error.js";

export interface ClientOptions {
  readonly version: string;
  readonly credentials: Credentials;
  readonly transport: Transport;
  readonly signal: AbortSignal;
  readonly sleep?: Sleep;
  readonly timeoutMs?: number;
}

export interface HeadResult {
  readonly status: number;
  readonly headers: Fetched["headers"];
}

export class RegistryClient {
  private scheme: "https" | "http" | undefined;

  constructor(
    /** `host[:port]` as written in the reference. */
    readonly registry: string,
    private readonly options: ClientOptions,
  ) {
    // A fixed origin (the Hub stand-ins, a URL given by a test) may carry its own scheme.
    const fixed = /^(https?):\/\/(.+)$/.exec(registry);
    if (fixed?.[1] && fixed[2]) {
      this.scheme = fixed[1] as "https" | "http";
      this.registry = fixed[2];
    }
  }

  private get baseHeaders(): Record<string, string> {
    return { "user-agent": userAgent(this.options.version) };
  }

  private sendOptions(what: string) {
    return {
      transport: this.options.transport,
      signal: this.options.signal,
      timeoutMs: this.options.timeoutMs,
      sleep: this.options.sleep,
      checkRedirect: (target: URL) => void checkOutboundUrl(target, this.registry, what),
    };
  }

  /** Runs `attempt` against https://, falling back to http:// only for a loopback registry that refused TLS. */
  private async withOrigin<T>(attempt: (origin: string) => Promise<T>): Promise<T> {
    if (this.scheme) return await attempt(`${this.scheme}://${this.registry}`);
    if (!isLoopbackHostname(this.registry)) {
      this.scheme = "https";
      return await attempt(`https://${this.registry}`);
    }
    try {
      const result = await attempt(`https://${this.registry}`);
      this.scheme = "https";
      return result;
    } catch (err) {
      if (!(err instanceof TransportError) || err.kind !== "connect") throw err;
      this.scheme = "http";
      return await attempt(`http://${this.registry}`);
    }
  }

  private urlFor(path: string): URL {
    return new URL(path, `${this.scheme ?? "https"}://${this.registry}`);
  }

  /** GET `path` (path + query) with the auth flow; returns the final response, any status. */
  async get(path: string, accept?: string): Promise<Fetched> {
    const headers = { ...this.baseHeaders, ...(accept ? { accept } : {}) };
    const options = this.sendOptions("redirect target");
    const first = await this.withOrigin((origin) => getWithRetry(new URL(path, origin), headers, options));
    if (first.status !== 401) return first;
    const authorization = await this.answerChallenge(headerValues(first.headers, "www-authenticate"), first);
    return await getWithRetry(this.urlFor(path), { ...headers, authorization }, options);
  }

  /** GET `path` and parse JSON; a non-2xx final status is an error. */
  async getJson<T = unknown>(path: string, accept?: string): Promise<{ json: T; response: Fetched }> {
    const response = await this.get(path, accept);
    if (response.status < 200 || response.status > 299)
      throw statusError("GET", response.url, response.status, response.body);
    return { json: parseJson<T>(response), response };
  }

  /** HEAD with the same auth flow but no retry loop (the Hub rate-limit probe). Bodies are discarded. */
  async head(path: string, accept?: string): Promise<HeadResult> {
    const headers = { ...this.baseHeaders, ...(accept ? { accept } : {}) };
    const options = this.sendOptions("redirect target");
    const once = async (url: URL, extra: Record<string, string>) => {
      const response = await send("HEAD", url, { ...headers, ...extra }, options);
      discard(response.body);
      return response;
    };
    const first = await this.withOrigin((origin) => once(new URL(path, origin), {}));
    if (first.status !== 401) return first;
    const values = headerValues(first.headers, "www-authenticate");
    if (!parseChallenges(values).some((challenge) => challenge.scheme === "bearer")) {
      throw statusError("HEAD", first.url, 401, Buffer.alloc(0));
    }
    return await once(this.urlFor(path), { authorization: await this.answerChallenge(values, { url: first.url }) });
  }

  /**
   * The Authorization value answering a 401. Bearer: validate the realm, then fetch a token (Basic auth to the realm
   * only with both credentials). Basic from the registry itself (htpasswd-protected self-hosted registries): answered
   * only with both credentials, to the host the caller named. Anything else: the 401 stands.
   */
  private async answerChallenge(values: string[], response: { url: URL; body?: Buffer }): Promise<string> {
    const challenges = parseChallenges(values);
    const bearer = challenges.find((challenge) => challenge.scheme === "bearer");
    if (bearer) return `Bearer ${await this.fetchToken(bearer.params)}`;
    const credentials = this.options.credentials;
    if (challenges.some((challenge) => challenge.scheme === "basic") && hasBoth(credentials)) {
      return basicAuthorization(credentials);
    }
    throw statusError("GET", response.url, 401, response.body ?? Buffer.alloc(0));
  }

  private async fetchToken(params: Readonly<Record<string, string>>): Promise<string> {
    const realm = params.realm;
    if (!realm) throw new HttpsError(`The auth challenge from ${this.registry} is missing 'realm'.`);
    const url = checkOutboundUrl(realm, this.registry, "token realm");
    if (params.service) url.searchParams.set("service", params.service);
    if (params.scope) url.searchParams.set("scope", params.scope);
    const headers: Record<string, string> = { ...this.baseHeaders };
    if (hasBoth(this.options.credentials)) headers.authorization = basicAuthorization(this.options.credentials);
    const response = await getWithRetry(url, headers, this.sendOptions("token realm redirect"));
    if (response.status < 200 || response.status > 299) {
      throw statusError("Token request to", response.url, response.status, response.body);
    }
    const body = parseJson<{ token?: unknown; access_token?: unknown }>(response);
    const token = typeof body.token === "string" && body.token ? body.token : body.access_token;
    if (typeof token !== "string" || !token) {
      throw new HttpsError(`The token realm ${url.origin}${url.pathname} returned no token.`);
    }
    return token;
  }
}

export function parseJson<T>(response: Fetched): T {
  try {
    return JSON.parse(response.body.toString("utf8")) as T;
  } catch {
    throw new HttpsError(`The response from ${response.url.origin}${response.url.pathname} is not JSON.`);
  }
}
