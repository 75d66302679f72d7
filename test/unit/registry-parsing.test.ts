import { describe, expect, it } from "vitest";
import { isLocalHostname, isLoopbackHostname } from "../../src/https/local-host.js";
import { checkOutboundUrl } from "../../src/https/realm-guard.js";
import { parseRetryAfter } from "../../src/https/retry-after.js";
import { resolveCredentials } from "../../src/registry/credentials.js";
import { samehostPath } from "../../src/registry/distribution.js";
import { nextLink, parseChallenges, parseRateLimitHeader } from "../../src/registry/headers.js";
import { parsePlatform, selectEntry } from "../../src/registry/platform.js";
import { checkManifestReference, normalizeHubRepository, parseRepositoryRef } from "../../src/registry/reference.js";

describe("reference parsing", () => {
  it.each([
    ["alpine", "registry-1.docker.io", "library/alpine"],
    ["alpine:3.19", "registry-1.docker.io", "library/alpine"],
    ["myorg/myimage", "registry-1.docker.io", "myorg/myimage"],
    [`ghcr.io/org/repo@sha256:${"a".repeat(64)}`, "ghcr.io", "org/repo"],
    ["localhost:5000/foo/bar:v1", "localhost:5000", "foo/bar"],
    ["registry.example.com:443/team/svc", "registry.example.com:443", "team/svc"],
    ["localhost/foo", "localhost", "foo"],
    ["127.0.0.1:5000/a/b/c:tag@sha256:abc", "127.0.0.1:5000", "a/b/c"],
  ])("%s → %s %s", (input, registry, repository) => {
    expect(parseRepositoryRef(input)).toEqual({ registry, repository });
  });

  it.each(["", "UPPER/case", "foo//bar", "ghcr.io/", "../etc/passwd", "a b", "ghcr.io/org/../x", "https://ghcr.io/x"])(
    "refuses %j",
    (input) => {
      expect(() => parseRepositoryRef(input)).toThrow(/Invalid image reference/);
    },
  );

  it("normalises Hub names and refuses nonsense", () => {
    expect(normalizeHubRepository("alpine")).toBe("library/alpine");
    expect(normalizeHubRepository("bitnami/redis")).toBe("bitnami/redis");
    expect(normalizeHubRepository("docker.io/library/nginx:1.27")).toBe("library/nginx");
    expect(() => normalizeHubRepository("a/b/c")).toThrow(/Invalid Docker Hub repository/);
    expect(() => normalizeHubRepository("../x")).toThrow(/Invalid Docker Hub repository/);
  });

  it("checks manifest references", () => {
    expect(checkManifestReference("latest")).toBe("latest");
    expect(checkManifestReference(`sha256:${"0".repeat(64)}`)).toMatch(/^sha256/);
    expect(() => checkManifestReference("../../x")).toThrow(/Invalid reference/);
    expect(() => checkManifestReference("a/b")).toThrow(/Invalid reference/);
  });
});

describe("local and loopback hosts", () => {
  it.each([
    ["localhost", true],
    ["LOCALHOST.", true],
    ["registry.localhost", true],
    ["printer.local", true],
    ["metadata.google.internal", true],
    ["127.0.0.1", true],
    ["127.0.0.1.", true],
    ["10.1.2.3", true],
    ["172.16.0.1", true],
    ["172.32.0.1", false],
    ["192.168.1.1", true],
    ["169.254.169.254", true],
    ["0.0.0.0", true],
    ["::1", true],
    ["[::1]:5000", true],
    ["fe80::1", true],
    ["fd00::1", true],
    ["::ffff:169.254.169.254", true],
    ["::ffff:a9fe:a9fe", true],
    ["8.8.8.8", false],
    ["2001:4860::8888", false],
    ["auth.docker.io", false],
    ["", false],
  ])("%s local=%s", (host, local) => {
    expect(isLocalHostname(host)).toBe(local);
  });

  it("allows plain HTTP only for localhost, 127/8 and ::1", () => {
    for (const host of ["localhost", "localhost:5000", "127.0.0.1:5000", "127.9.9.9", "[::1]:5000", "::1"]) {
      expect(isLoopbackHostname(host), host).toBe(true);
    }
    for (const host of ["10.0.0.1:5000", "192.168.1.2", "registry.local", "example.com:5000", "169.254.169.254"]) {
      expect(isLoopbackHostname(host), host).toBe(false);
    }
  });
});

describe("realm guard", () => {
  it("accepts the spec's examples", () => {
    expect(checkOutboundUrl("http://localhost:5000/token", "localhost:5000").href).toBe("http://localhost:5000/token");
    expect(checkOutboundUrl("https://127.0.0.1/token", "127.0.0.1:5000").host).toBe("127.0.0.1");
    expect(checkOutboundUrl("https://auth.docker.io/token", "registry-1.docker.io").host).toBe("auth.docker.io");
  });

  it.each([
    ["file:///etc/passwd", "registry-1.docker.io", "unsupported scheme"],
    ["gopher://x/", "localhost:5000", "unsupported scheme"],
    ["http://auth.example.com/token", "registry.example.com", "plaintext http"],
    ["https://169.254.169.254/latest/meta-data", "registry.example.com", "possible SSRF"],
    ["http://169.254.169.254/", "registry.example.com", "possible SSRF"],
    ["https://localhost/token", "ghcr.io", "possible SSRF"],
    ["https://[::1]/token", "ghcr.io", "possible SSRF"],
    ["https://10.0.0.5/token", "registry-1.docker.io", "possible SSRF"],
    ["not a url", "ghcr.io", "not a valid URL"],
  ])("refuses %s for %s (%s)", (realm, registry, fragment) => {
    expect(() => checkOutboundUrl(realm, registry)).toThrow(fragment);
  });
});

describe("header parsing", () => {
  it("parses Bearer and Basic challenges", () => {
    const [bearer] = parseChallenges([
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"',
    ]);
    expect(bearer).toEqual({
      scheme: "bearer",
      params: {
        realm: "https://auth.docker.io/token",
        service: "registry.docker.io",
        scope: "repository:library/alpine:pull",
      },
    });
    const both = parseChallenges(['BASIC realm="x", Bearer realm="https://a/t",service=svc']);
    expect(both.map((c) => c.scheme)).toEqual(["basic", "bearer"]);
    expect(both[1]?.params).toEqual({ realm: "https://a/t", service: "svc" });
    expect(parseChallenges(["Bearer"])).toEqual([{ scheme: "bearer", params: {} }]);
  });

  it("finds the next Link, quotes optional, first wins", () => {
    expect(nextLink(['</v2/x/tags/list?n=2&last=b>; rel="next"'])).toBe("/v2/x/tags/list?n=2&last=b");
    expect(nextLink(["<https://r.example/a>; rel=prev, <https://r.example/b>; rel=next, <c>; rel=next"])).toBe(
      "https://r.example/b",
    );
    expect(nextLink(["<x>; rel=nextish"])).toBeUndefined();
    expect(nextLink([])).toBeUndefined();
  });

  it("reduces next links to the same host", () => {
    expect(samehostPath("https://evil.example/v2/x/tags/list?last=a")).toBe("/v2/x/tags/list?last=a");
    expect(samehostPath("/v2/x/tags/list?last=a")).toBe("/v2/x/tags/list?last=a");
    expect(samehostPath("v2/x")).toBe("/v2/x");
    // protocol-relative and backslash forms would otherwise resolve onto another host
    expect(samehostPath("//169.254.169.254/latest/meta-data?x=1")).toBe("/latest/meta-data?x=1");
    expect(samehostPath("/\\evil.example/v2/x/tags/list")).toBe("/v2/x/tags/list");
    expect(samehostPath("\\\\evil.example/v2/x")).toBe("/v2/x");
    expect(() => samehostPath("http://[broken/v2")).toThrow("unusable next-page link");
  });

  it("parses RateLimit headers", () => {
    expect(parseRateLimitHeader("100;w=21600")).toEqual({ count: 100, windowSeconds: 21600 });
    expect(parseRateLimitHeader("100")).toEqual({ count: 100, windowSeconds: null });
    expect(parseRateLimitHeader("garbage")).toEqual({ count: null, windowSeconds: null });
    expect(parseRateLimitHeader(undefined)).toEqual({ count: null, windowSeconds: null });
  });

  it("parses Retry-After", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(parseRetryAfter(" 7 ", now)).toBe(7);
    expect(parseRetryAfter("-3", now)).toBe(0);
    expect(parseRetryAfter("1.5", now)).toBe(1.5);
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:30 GMT", now)).toBe(30);
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:30", now)).toBe(30);
    expect(parseRetryAfter("Tue, 31 Dec 2024 00:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("Wednesday, 01-Jan-25 00:00:10 GMT", now)).toBe(10);
    expect(parseRetryAfter("Wed Jan  1 00:00:20 2025", now)).toBe(20);
    expect(parseRetryAfter("01 Jan 2025 02:00:05 +0200", now)).toBe(5);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    // text Date.parse would still read as some date is unparseable, not "retry now"
    for (const junk of ["abc 12", "Retry 5", "later 2030", "1e3"]) expect(parseRetryAfter(junk, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe("credentials", () => {
  const env = { username: "envuser", password: "envpass" };
  it("uses the environment only when both arguments are null", () => {
    expect(resolveCredentials({}, env)).toEqual(env);
    expect(resolveCredentials({ username: null, password: null }, env)).toEqual(env);
    expect(resolveCredentials({ username: "u" }, env)).toEqual({ username: "u", password: undefined });
    expect(resolveCredentials({ password: "p" }, env)).toEqual({ username: undefined, password: "p" });
  });
});

describe("platforms", () => {
  const entries = [
    { digest: "sha256:att", platform: { os: "unknown", architecture: "unknown" } },
    { digest: "sha256:amd", platform: { os: "linux", architecture: "amd64" } },
    { digest: "sha256:v7", platform: { os: "linux", architecture: "arm", variant: "v7" } },
    { digest: "sha256:v8", platform: { os: "linux", architecture: "arm64", variant: "v8" } },
    { digest: "sha256:amd2", platform: { os: "linux", architecture: "amd64" } },
  ];
  it("parses os/arch[/variant] only", () => {
    expect(parsePlatform("linux/arm64/v8")).toEqual({ os: "linux", architecture: "arm64", variant: "v8" });
    expect(() => parsePlatform("linux")).toThrow("os/arch");
    expect(() => parsePlatform("a/b/c/d")).toThrow("os/arch");
  });
  it("selects the first match; an omitted variant matches any", () => {
    expect(selectEntry(entries, parsePlatform("linux/amd64")).entry.digest).toBe("sha256:amd");
    expect(selectEntry(entries, parsePlatform("linux/arm64")).entry.digest).toBe("sha256:v8");
    expect(() => selectEntry(entries, parsePlatform("linux/arm/v6"))).toThrow(
      "available: linux/amd64, linux/arm/v7, linux/arm64/v8",
    );
    expect(() => selectEntry(entries, parsePlatform("unknown/unknown"))).toThrow(/No manifest for platform/);
  });
});
