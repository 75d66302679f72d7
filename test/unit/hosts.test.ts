import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applySshConfigPort,
  HostsConfigError,
  parseHosts,
  type ResolveContext,
  resolveAuto,
  resolveLocal,
  sshConfigFor,
} from "../../src/config/hosts.js";

const root = mkdtempSync(join(tmpdir(), "dmcp-hosts-"));
const home = join(root, "home");
mkdirSync(join(home, ".docker"), { recursive: true });
const ctx = (over: Partial<ResolveContext> = {}): ResolveContext => ({
  home,
  dockerConfigDir: join(home, ".docker"),
  dockerContext: undefined,
  xdgRuntimeDir: undefined,
  platform: "linux",
  ...over,
});

function certDir(name: string, files: string[]): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const file of files) writeFileSync(join(dir, file), "pem");
  return dir;
}

function fails(value: string, fragment: string) {
  expect(() => parseHosts(value, undefined, ctx())).toThrow(HostsConfigError);
  expect(() => parseHosts(value, undefined, ctx())).toThrow(fragment);
}

describe("DOCKER_MCP_SERVER_HOSTS grammar", () => {
  it("blank means the legacy single host from DOCKER_HOST", () => {
    const reg = parseHosts("   ", "tcp://10.0.0.1:2375", ctx());
    expect(reg.entries).toEqual([{ label: "default", url: "tcp://10.0.0.1:2375", readOnly: false, certDir: null }]);
    expect(reg.explicit).toBe(false);
    expect(reg.multi).toBe(false);
    expect(reg.ignoredDockerHost).toBe(false);
  });

  it("a bare endpoint is one host labelled default, with markers", () => {
    const reg = parseHosts("ssh://ops@prod (ro)", undefined, ctx());
    expect(reg.entries).toEqual([{ label: "default", url: "ssh://ops@prod", readOnly: true, certDir: null }]);
    expect(reg.explicit).toBe(true);
  });

  it("labelled lists keep order, tolerate whitespace and skip blank entries", () => {
    const reg = parseHosts("  a = unix:///tmp/a.sock ,  b = tcp://h:2375(RO) ,, ", "tcp://ignored:1", ctx());
    expect(reg.entries.map((e) => [e.label, e.url, e.readOnly])).toEqual([
      ["a", "unix:///tmp/a.sock", false],
      ["b", "tcp://h:2375", true],
    ]);
    expect(reg.multi).toBe(true);
    expect(reg.ignoredDockerHost).toBe(true);
  });

  it("a single labelled entry is single-host but explicit", () => {
    const reg = parseHosts("local=unix:///x.sock", undefined, ctx());
    expect(reg.multi).toBe(false);
    expect(reg.explicit).toBe(true);
    expect(reg.entries[0]?.label).toBe("local");
  });

  it("splits each entry on its first '='", () => {
    const reg = parseHosts("a=tcp://h:1/?x=y", undefined, ctx());
    expect(reg.entries[0]?.url).toBe("tcp://h:1/?x=y");
  });

  it("accepts (tls=dir) on tcp with ca.pem, markers in any order and ~ expansion", () => {
    const dir = certDir("tls-ok", ["ca.pem", "cert.pem", "key.pem"]);
    const reg = parseHosts(`p=tcp://h:2376 (ro) (TLS=${dir})`, undefined, ctx());
    expect(reg.entries[0]).toEqual({ label: "p", url: "tcp://h:2376", readOnly: true, certDir: dir });
    mkdirSync(join(home, "certs"), { recursive: true });
    writeFileSync(join(home, "certs/ca.pem"), "pem");
    expect(parseHosts("p=tcp://h:1(tls=~/certs)", undefined, ctx()).entries[0]?.certDir).toBe(join(home, "certs"));
  });

  it("resolves keywords case-insensitively; empty endpoint means auto", () => {
    const reg = parseHosts("a=AUTO,b=Local,c=", undefined, ctx());
    expect(reg.entries.map((e) => e.label)).toEqual(["a", "b", "c"]);
  });

  it("fails fast on every malformed form", () => {
    fails("a=unix:///x,a=unix:///y", "duplicate host label 'a'");
    fails("=unix:///x", "empty label");
    fails("a=unix:///x,unix:///y", "missing '='");
    fails("b@d=unix:///x", "invalid");
    fails("a=unix:///x(rw)", "unknown marker");
    fails("a=tcp://h:1(tls=)", "(tls=) needs a directory");
    fails(`a=ssh://h(tls=${certDir("tls-ssh", ["ca.pem"])})`, "only valid on a tcp://");
    fails(`a=tcp://h:1(tls=${certDir("tls-noca", [])})`, "missing or cannot read ca.pem");
    fails(`a=tcp://h:1(tls=${certDir("tls-lone", ["ca.pem", "cert.pem"])})`, "exactly one of cert.pem/key.pem");
    fails("a=http://h", "unrecognized endpoint");
    fails("a=TCP://h", "unrecognized endpoint");
    fails(",, ,", "unrecognized endpoint");
    fails(" , =", "empty label");
  });

  it("an empty list of entries is refused", () => {
    expect(() => parseHosts(" , ", undefined, ctx())).toThrow(HostsConfigError);
    expect(() => parseHosts("=,", undefined, ctx())).toThrow("empty label");
  });

  it("reports an unreadable client key", () => {
    if (process.getuid?.() === 0) return; // root reads everything; the check is for ordinary users
    const dir = certDir("tls-unreadable", ["ca.pem", "cert.pem", "key.pem"]);
    chmodSync(join(dir, "key.pem"), 0);
    fails(`a=tcp://h:1(tls=${dir})`, "has key.pem but cannot read it");
  });

  it("a bare TLS host is refused because its label is invalid", () => {
    const dir = certDir("tls-bare", ["ca.pem"]);
    fails(`tcp://h:2376(tls=${dir})`, "invalid");
  });
});

describe("auto and local resolution", () => {
  let server: ReturnType<typeof createServer>;
  const sock = join(root, "xdg", "docker.sock");

  beforeAll(async () => {
    mkdirSync(join(root, "xdg"), { recursive: true });
    server = createServer();
    await new Promise<void>((resolve) => server.listen(sock, resolve));
  });
  afterAll(() => server.close());

  it("local probes the XDG runtime socket before /var/run", () => {
    expect(resolveLocal(ctx({ xdgRuntimeDir: join(root, "xdg") }))).toBe(`unix://${sock}`);
  });

  it("local ignores paths that exist but are not sockets", () => {
    mkdirSync(join(root, "xdg-file"), { recursive: true });
    writeFileSync(join(root, "xdg-file", "docker.sock"), "");
    const found = resolveLocal(ctx({ xdgRuntimeDir: join(root, "xdg-file") }));
    expect(found).not.toBe(`unix://${join(root, "xdg-file", "docker.sock")}`);
  });

  it("local is null on Windows (the platform's named pipe)", () => {
    expect(resolveLocal(ctx({ platform: "win32" }))).toBeNull();
  });

  it("auto reads the active context's endpoint via the SHA-256 of its name", () => {
    const configDir = join(root, "cfg");
    const digest = createHash("sha256").update("remote-ctx", "utf8").digest("hex");
    mkdirSync(join(configDir, "contexts/meta", digest), { recursive: true });
    writeFileSync(
      join(configDir, "contexts/meta", digest, "meta.json"),
      JSON.stringify({ Name: "remote-ctx", Endpoints: { docker: { Host: " ssh://me@box " } } }),
    );
    writeFileSync(join(configDir, "config.json"), JSON.stringify({ currentContext: "remote-ctx" }));
    expect(resolveAuto(ctx({ dockerConfigDir: configDir }))).toBe("ssh://me@box");
    // DOCKER_CONTEXT wins over currentContext; "default" falls back to the socket probe.
    expect(
      resolveAuto(ctx({ dockerConfigDir: configDir, dockerContext: "default", xdgRuntimeDir: join(root, "xdg") })),
    ).toBe(`unix://${sock}`);
  });

  it("auto falls back to local when the config is unreadable", () => {
    const configDir = join(root, "badcfg");
    mkdirSync(configDir, { recursive: true });
    writeFileSync(join(configDir, "config.json"), "{not json");
    expect(resolveAuto(ctx({ dockerConfigDir: configDir, xdgRuntimeDir: join(root, "xdg") }))).toBe(`unix://${sock}`);
  });
});

describe("ssh config", () => {
  const sshHome = join(root, "sshhome");
  beforeAll(() => {
    mkdirSync(join(sshHome, ".ssh"), { recursive: true });
    writeFileSync(
      join(sshHome, ".ssh/config"),
      [
        "Host prod",
        "  HostName 10.1.2.3",
        "  Port 2200",
        "  User ops",
        "  IdentityFile ~/.ssh/prod_key",
        "Host weird",
        "  Port abc",
        "Host *",
        "  User fallback",
      ].join("\n"),
    );
  });

  it("reads the first values for a matching Host", () => {
    expect(sshConfigFor("prod", sshHome)).toEqual({
      hostname: "10.1.2.3",
      port: 2200,
      user: "ops",
      identityFile: join(sshHome, ".ssh/prod_key"),
    });
  });

  it("splices the config port into a port-less ssh URL only", () => {
    expect(applySshConfigPort("ssh://ops@prod", sshHome)).toBe("ssh://ops@prod:2200");
    expect(applySshConfigPort("ssh://ops@prod:22", sshHome)).toBe("ssh://ops@prod:22");
    expect(applySshConfigPort("ssh://other", sshHome)).toBe("ssh://other");
    expect(applySshConfigPort("ssh://weird", sshHome)).toBe("ssh://weird");
    expect(applySshConfigPort("ssh://", sshHome)).toBe("ssh://");
    expect(applySshConfigPort("tcp://prod", sshHome)).toBe("tcp://prod");
  });
});
