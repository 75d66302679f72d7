import { createHmac } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeHostVerifier, resolveSshTarget } from "../../src/engine/ssh.js";

const home = mkdtempSync(join(tmpdir(), "dmcp-ssh-"));
mkdirSync(join(home, ".ssh"));
const key = Buffer.from("AAAAC3NzaC1lZDI1NTE5AAAAIEzk/5CNzETBy8U6KZpRfP4kBlx97BcOM2NBt96RFCVB", "base64");
const other = Buffer.from("AAAAC3NzaC1lZDI1NTE5AAAAIPmwvWqlKxnPy4zEEqkbqcbYfJ9Eer3bQ4D2ZNNoIbW2", "base64");

function hashed(name: string): string {
  const salt = Buffer.from("0123456789abcdefghij");
  return `|1|${salt.toString("base64")}|${createHmac("sha1", salt).update(name).digest("base64")}`;
}

describe("known_hosts verification", () => {
  writeFileSync(
    join(home, ".ssh/known_hosts"),
    [
      "# comment",
      `[127.0.0.1]:2222 ssh-ed25519 ${key.toString("base64")}`,
      `${hashed("hashed.example")} ssh-ed25519 ${key.toString("base64")}`,
      `*.wild.example,!bad.wild.example ssh-ed25519 ${key.toString("base64")}`,
      `@revoked revoked.example ssh-ed25519 ${key.toString("base64")}`,
      `revoked.example ssh-ed25519 ${key.toString("base64")}`,
    ].join("\n"),
  );
  const verify = (url: string, presented: Buffer) =>
    makeHostVerifier(resolveSshTarget(url, { home, sshAuthSock: undefined }), home)(presented);

  it("accepts the listed key for a bracketed host:port entry and rejects another key", () => {
    expect(verify("ssh://root@127.0.0.1:2222", key)).toBe(true);
    expect(verify("ssh://root@127.0.0.1:2222", other)).toBe(false);
  });

  it("does not match a port-22 lookup against a [host]:port entry", () => {
    expect(verify("ssh://root@127.0.0.1", key)).toBe(false);
  });

  it("matches hashed entries, wildcards and negations", () => {
    expect(verify("ssh://hashed.example", key)).toBe(true);
    expect(verify("ssh://a.wild.example", key)).toBe(true);
    expect(verify("ssh://bad.wild.example", key)).toBe(false);
  });

  it("rejects unknown hosts and revoked keys", () => {
    expect(verify("ssh://unknown.example", key)).toBe(false);
    expect(verify("ssh://revoked.example", key)).toBe(false);
  });
});

describe("ssh target resolution", () => {
  it("URL user/port win over ~/.ssh/config, which fills the rest", () => {
    writeFileSync(
      join(home, ".ssh/config"),
      "Host box\n  HostName 10.9.8.7\n  Port 2200\n  User cfguser\n  IdentityFile ~/.ssh/box_key\n",
    );
    const fromConfig = resolveSshTarget("ssh://box", { home, sshAuthSock: undefined });
    expect(fromConfig).toMatchObject({
      host: "10.9.8.7",
      port: 2200,
      username: "cfguser",
      knownHostsName: "[10.9.8.7]:2200",
    });
    expect(fromConfig.identityFiles[0]).toBe(join(home, ".ssh/box_key"));
    const explicit = resolveSshTarget("ssh://me@box:22", { home, sshAuthSock: undefined });
    expect(explicit).toMatchObject({ port: 22, username: "me", knownHostsName: "10.9.8.7" });
  });

  it("a host-less URL is a clear error", () => {
    expect(() => resolveSshTarget("ssh://", { home, sshAuthSock: undefined })).toThrow("Could not parse a hostname");
  });
});
