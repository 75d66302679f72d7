// The one place that decides which registry credentials an Engine API call sends and how they are encoded.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dockerConfigLogins, readUserDockerConfig } from "../../src/engine/docker-config.js";
import {
  encodeRegistryAuth,
  encodeRegistryConfig,
  type LoginSources,
  type RegistryLogin,
  registryConfig,
  registryKey,
  sameLogin,
  storedCredentials,
  withCredentials,
} from "../../src/engine/registry-auth.js";

const dir = mkdtempSync(join(tmpdir(), "dmcp-unit-auth-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function login(username: string, password: string, serveraddress = "x"): RegistryLogin {
  return { username, password, serveraddress };
}

function sources(
  cached: Record<string, RegistryLogin>,
  config: Record<string, RegistryLogin> = {},
  env: { username?: string; password?: string } = {},
): LoginSources {
  return {
    cached: new Map(Object.entries(cached)),
    fromDockerConfig: async () => new Map(Object.entries(config)),
    fromEnv: { username: env.username, password: env.password },
  };
}

/** What the daemon does with the header: Go's base64.URLEncoding (padded, - and _). */
function goDecode(header: string): unknown {
  expect(header).toMatch(/^[A-Za-z0-9_-]*=*$/);
  expect(header.length % 4).toBe(0);
  return JSON.parse(Buffer.from(header.replaceAll("-", "+").replaceAll("_", "/"), "base64").toString("utf8"));
}

describe("registry keys", () => {
  it("collapses Docker Hub's spellings and strips schemes and slashes", () => {
    for (const hub of [undefined, null, "", "docker.io", "index.docker.io", "registry-1.docker.io/"]) {
      expect(registryKey(hub)).toBe("docker.io");
    }
    expect(registryKey("https://index.docker.io/v1/")).toBe("docker.io");
    expect(registryKey("https://127.0.0.1:5443/")).toBe("127.0.0.1:5443");
    expect(registryKey(" ghcr.io ")).toBe("ghcr.io");
  });
});

describe("choosing credentials", () => {
  const registry = "127.0.0.1:5443";
  it("argument > in-memory login > Docker config; the env pair never unasked", async () => {
    const all = sources(
      { [registry]: login("mem", "mem-pass") },
      { [registry]: login("cfg", "cfg-pass") },
      { username: "env", password: "env-pass" },
    );
    const argument = await storedCredentials(all, registry, { username: "arg", password: "arg-pass" });
    expect(argument).toEqual({
      auth: { username: "arg", password: "arg-pass", serveraddress: registry },
      source: "argument",
      secrets: ["arg-pass"],
    });
    expect((await storedCredentials(all, registry)).auth?.username).toBe("mem");
    const configOnly = sources({}, { [registry]: login("cfg", "cfg-pass") }, { username: "env", password: "p" });
    expect(await storedCredentials(configOnly, registry)).toMatchObject({
      source: "docker-config",
      auth: { username: "cfg" },
    });
    expect((await storedCredentials(sources({}, {}, { username: "env", password: "p" }), registry)).source).toBe(
      "none",
    );
  });

  it("a username without a secret is refused rather than replaced by stored credentials", async () => {
    await expect(storedCredentials(sources({}), registry, { username: "alone" })).rejects.toThrow(
      "auth_config needs a password or an identitytoken",
    );
  });

  it("Docker Hub logins go to the classic index address", async () => {
    const hub = await storedCredentials(sources({ "docker.io": login("u", "p") }), undefined);
    expect(hub.auth?.serveraddress).toBe("https://index.docker.io/v1/");
  });

  it("falls back to the env pair only when nothing was stored and the daemon refused", async () => {
    const tried: string[] = [];
    const attempt = async (creds: { source: string }) => {
      tried.push(creds.source);
      if (creds.source === "none") throw Object.assign(new Error("unauthorized"), { statusCode: 401 });
      return "ok";
    };
    const env = sources({}, {}, { username: "env", password: "env-pass" });
    const { result, creds } = await withCredentials(env, registry, null, attempt, () => true);
    expect([result, creds.source, tried]).toEqual(["ok", "server-env", ["none", "server-env"]]);
    tried.length = 0;
    await expect(withCredentials(env, registry, null, attempt, () => false)).rejects.toThrow("unauthorized");
    expect(tried).toEqual(["none"]);
  });
});

describe("header encodings", () => {
  it("X-Registry-Auth is padded URL-safe base64 of the auth JSON; none is {}", () => {
    // Chosen so that standard base64 would contain both '+' and '/'.
    const auth = { username: "u>>>", password: "???~~~", serveraddress: "r" };
    expect(Buffer.from(JSON.stringify(auth)).toString("base64")).toMatch(/[+/]/);
    expect(goDecode(encodeRegistryAuth(auth))).toEqual(auth);
    expect(encodeRegistryAuth(undefined)).toBe("e30=");
  });

  it("X-Registry-Config maps every stored login by server address, memory over config", async () => {
    const config = await registryConfig(
      sources({ "docker.io": login("mem", "m") }, { "docker.io": login("cfg", "c"), "ghcr.io": login("g", "??~~>>") }),
    );
    expect(config).toEqual({
      "https://index.docker.io/v1/": { username: "mem", password: "m", serveraddress: "https://index.docker.io/v1/" },
      "ghcr.io": { username: "g", password: "??~~>>", serveraddress: "ghcr.io" },
    });
    // The daemon reads this header with Go's URL alphabet too: a '+' or '/' would make it drop every login.
    expect(Buffer.from(JSON.stringify(config)).toString("base64")).toMatch(/[+/]/);
    expect(goDecode(encodeRegistryConfig(config ?? {}))).toEqual(config);
    expect(await registryConfig(sources({}))).toBeUndefined();
  });
});

describe("the user's Docker config", () => {
  it("reads inline logins; a missing, broken or special file reads as none", async () => {
    const path = join(dir, "config.json");
    writeFileSync(
      path,
      JSON.stringify({
        auths: {
          "https://index.docker.io/v1/": { auth: Buffer.from("hubuser:hub:pass").toString("base64") },
          "127.0.0.1:5443": { auth: Buffer.from("u:p").toString("base64"), identitytoken: "tok" },
          "helper.example": {},
          "bad.example": { auth: Buffer.from("no-colon").toString("base64") },
        },
      }),
    );
    const logins = dockerConfigLogins(await readUserDockerConfig(path));
    expect([...logins.keys()]).toEqual(["docker.io", "127.0.0.1:5443"]);
    expect(logins.get("docker.io")).toMatchObject({ username: "hubuser", password: "hub:pass" });
    expect(logins.get("127.0.0.1:5443")?.identitytoken).toBe("tok");
    for (const unusable of [join(dir, "missing.json"), "/dev/zero", dir]) {
      expect(await readUserDockerConfig(unusable)).toEqual({});
    }
  });
});

describe("comparing a login", () => {
  it("needs the same username and password", () => {
    const stored = login("user", "right");
    expect(sameLogin(stored, "user", "right")).toBe(true);
    expect(sameLogin(stored, "user", "wrong")).toBe(false);
    expect(sameLogin(stored, "user", "righ")).toBe(false);
    expect(sameLogin(stored, "other", "right")).toBe(false);
  });
});
