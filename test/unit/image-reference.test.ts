import { describe, expect, it } from "vitest";
import { isExcluded, parseDockerignore, patternToRegex } from "../../src/engine/build-context.js";
import { checkTag, parseReference } from "../../src/engine/image-reference.js";
import { describeArchive } from "../../src/tools/images/tar-check.js";

describe("parseReference", () => {
  it("splits registry, repository, tag and digest", () => {
    expect(parseReference("127.0.0.1:5443/team/app:1.2")).toEqual({
      registry: "127.0.0.1:5443",
      repository: "127.0.0.1:5443/team/app",
      tag: "1.2",
      digest: undefined,
    });
    expect(parseReference("library/busybox")).toMatchObject({ registry: undefined, repository: "library/busybox" });
    expect(parseReference(`localhost/app@sha256:${"a".repeat(64)}`)).toMatchObject({
      registry: "localhost",
      digest: `sha256:${"a".repeat(64)}`,
    });
  });

  it("refuses malformed references with the expected shape", () => {
    for (const bad of ["Bad Ref", "UPPER/case", "a//b", "app:", ":tag", "app@sha256:xyz"]) {
      expect(() => parseReference(bad)).toThrow(/not a valid image reference/);
    }
    expect(() => checkTag("-bad")).toThrow(/not valid/);
  });
});

describe(".dockerignore", () => {
  it("matches like the docker CLI: globs, **, parent directories, exceptions", () => {
    const rules = parseDockerignore("# comment\nnode_modules\n*.log\n**/secret.txt\n/build\n!build/keep.txt\n");
    expect(isExcluded("node_modules/x/y.js", rules)).toBe(true);
    expect(isExcluded("app.log", rules)).toBe(true);
    expect(isExcluded("sub/app.log", rules)).toBe(false);
    expect(isExcluded("a/b/secret.txt", rules)).toBe(true);
    expect(isExcluded("secret.txt", rules)).toBe(true);
    expect(isExcluded("build/out.bin", rules)).toBe(true);
    expect(isExcluded("build/keep.txt", rules)).toBe(false);
    expect(isExcluded("src/main.ts", rules)).toBe(false);
    expect(patternToRegex("file?.[a-c]").test("file1.b")).toBe(true);
    expect(patternToRegex("[!a]x").test("ax")).toBe(false);
  });
});

describe("describeArchive", () => {
  it("accepts tar headers and compressed streams, explains anything else", () => {
    const header = Buffer.alloc(512);
    header.write("ustar", 257, "latin1");
    expect(describeArchive(header)).toBeUndefined();
    expect(describeArchive(Buffer.from([0x1f, 0x8b, 8, 0]))).toBeUndefined();
    expect(describeArchive(Buffer.from("hello"))).toMatch(/shorter than one tar header/);
    expect(describeArchive(Buffer.alloc(1024, 0x41))).toMatch(/no tar header/);
  });
});
