// A registry token server for the test bed's token-auth registry (docker-registry 2.8.2): checks Basic credentials,
// then signs an RS256 JWT with REGISTRY_TOKEN_KEY whose header carries the signing certificate as x5c, with the
// claims that registry version accepts (aud a plain string, access entries per requested scope).

import { createPrivateKey, randomBytes, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import { tb } from "./testbed.js";

export interface Access {
  type: string;
  name: string;
  actions: string[];
}

export interface TokenRequestSeen {
  path: string;
  authorization: string | undefined;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

/** Signs a token for `access` (also used by tests that push with the registry HTTP API). */
export function mintToken(access: Access[], subject = "dmcp-test"): string {
  const certDer = readFileSync(tb("REGISTRY_TOKEN_CERT"), "utf8")
    .replace(/-----(BEGIN|END) CERTIFICATE-----/g, "")
    .replace(/\s+/g, "");
  const now = Math.floor(Date.now() / 1000);
  const header = { typ: "JWT", alg: "RS256", x5c: [certDer] };
  const claims = {
    iss: tb("REGISTRY_TOKEN_ISSUER"),
    sub: subject,
    aud: tb("REGISTRY_TOKEN_SERVICE"),
    exp: now + 300,
    nbf: now - 10,
    iat: now,
    jti: randomBytes(8).toString("hex"),
    access,
  };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const key = createPrivateKey(readFileSync(tb("REGISTRY_TOKEN_KEY")));
  return `${input}.${b64url(sign("sha256", Buffer.from(input), key))}`;
}

/** `repository:team/app:pull,push` → access entries (several scope parameters allowed). */
export function accessFor(scopes: string[]): Access[] {
  return scopes.flatMap((scope) => {
    const match = /^([a-z]+):(.+):([a-z*,]+)$/.exec(scope);
    return match?.[1] && match[2] && match[3] ? [{ type: match[1], name: match[2], actions: match[3].split(",") }] : [];
  });
}

function basicUser(req: IncomingMessage): { user: string; password: string } | undefined {
  const match = /^Basic (.+)$/.exec(req.headers.authorization ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export interface TokenServer {
  readonly requests: TokenRequestSeen[];
  close(): Promise<void>;
}

/** Serves REGISTRY_TOKEN_REALM; only REGISTRY_USER / REGISTRY_PASSWORD get a token. */
export async function startTokenServer(): Promise<TokenServer> {
  const realm = new URL(tb("REGISTRY_TOKEN_REALM"));
  const requests: TokenRequestSeen[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", realm);
    requests.push({ path: `${url.pathname}${url.search}`, authorization: req.headers.authorization });
    const who = basicUser(req);
    if (url.pathname !== realm.pathname) {
      res.writeHead(404).end();
      return;
    }
    if (!who || who.user !== tb("REGISTRY_USER") || who.password !== tb("REGISTRY_PASSWORD")) {
      res
        .writeHead(401, { "content-type": "application/json" })
        .end(JSON.stringify({ details: "invalid credentials" }));
      return;
    }
    const token = mintToken(accessFor(url.searchParams.getAll("scope")), who.user);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(Number(realm.port), realm.hostname, resolve);
  });
  return {
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
