// The CLI runner's pure parts: the flag guard, JSON parsing of CLI output, compact action results, the plugin probe
// cache and the per-host environment.

import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CallerError } from "../../src/base/errors.js";
import { cliEnvironment, startupContext } from "../../src/cli/env.js";
import { CliError } from "../../src/cli/errors.js";
import { noComma, positional, positionals } from "../../src/cli/guard.js";
import { parseJsonOrNdjson, parseNdjson, parseRows } from "../../src/cli/parse.js";
import { PLUGIN_CACHE_MS, PluginProbe } from "../../src/cli/plugins.js";
import { actionResult, composeChanges, lastLines, newestBytes } from "../../src/cli/results.js";
import { cliConfig } from "../support/cli.js";

describe("flag guard", () => {
  it("refuses every positional that starts with '-', the lone '-' included", () => {
    for (const value of ["--rm", "-d", "-", "--output=/etc/passwd", "-f=x"]) {
      const run = () => positional("service", value);
      expect(run).toThrow(CliError);
      expect(run).toThrow("parses as a flag");
      expect(run).toThrow(`service=${JSON.stringify(value)}`);
    }
    expect(positional("service", "web")).toBe("web");
    expect(positional("image", "a-b/c:-1")).toBe("a-b/c:-1");
    expect(positionals("service", null)).toEqual([]);
    expect(() => positionals("service", ["web", "--all"])).toThrow('service="--all"');
    expect(new CliError("x")).toBeInstanceOf(CallerError);
  });

  it("refuses commas that would add key=value pairs to a comma-joined spec", () => {
    expect(() => noComma("docker_host", "tcp://h:2376,ca=/tmp/evil")).toThrow("comma");
    expect(noComma("docker_host", "tcp://h:2376")).toBe("tcp://h:2376");
  });
});

describe("JSON parsing of CLI output", () => {
  it("parses NDJSON, dropping the last line of a cut body", () => {
    expect(parseNdjson('{"a":1}\n\n {"a":2} \n', false, "x")).toEqual([{ a: 1 }, { a: 2 }]);
    expect(parseNdjson('{"a":1}\n{"a":', true, "x")).toEqual([{ a: 1 }]);
    expect(() => parseNdjson('{"a":1}\nnot json', false, "compose ps output")).toThrow(
      "Could not parse compose ps output as JSON (line 2, truncated=false)",
    );
  });

  it("accepts one document or NDJSON; rows normalise objects and blanks", () => {
    expect(parseJsonOrNdjson("", false, "x")).toBeNull();
    expect(parseJsonOrNdjson('[{"a":1}]', false, "x")).toEqual([{ a: 1 }]);
    expect(parseJsonOrNdjson('{"a":1}\n{"a":2}', false, "x")).toEqual([{ a: 1 }, { a: 2 }]);
    expect(parseRows('{"a":1}', false, "x")).toEqual([{ a: 1 }]);
    expect(parseRows("  \n", false, "x")).toEqual([]);
  });
});

describe("compact action results", () => {
  const upTranscript = [
    " Network p_default  Creating",
    " Network p_default  Created",
    ' Volume "p_data"  Creating',
    ' Volume "p_data"  Created',
    " Container p-web-1  Creating",
    " Container p-web-1  Started",
    " Container p-web-1  Healthy",
    "WARN[0000] a warning worth keeping",
  ].join("\n");

  it("summarises compose progress as the last state per object and keeps only other lines", () => {
    const result = actionResult(
      { returncode: 0, stdout: "", stderr: upTranscript, truncated: false },
      { events: true },
    );
    expect(result).toEqual({
      exit_code: 0,
      changed: { "Network p_default": "Created", "Volume p_data": "Created", "Container p-web-1": "Healthy" },
      output: "WARN[0000] a warning worth keeping",
    });
  });

  it("keeps the transcript's tail on failure", () => {
    const stderr = `${upTranscript}\nError response from daemon: boom`;
    const result = actionResult({ returncode: 1, stdout: "", stderr, truncated: false }, { events: true });
    expect(result.exit_code).toBe(1);
    expect(result.output?.split("\n").at(-1)).toBe("Error response from daemon: boom");
    expect(result.output).toContain("Container p-web-1  Healthy");
  });

  it("reads pull and build progress", () => {
    expect(
      composeChanges(" a Pulling \n 4abcd1234567 Pull complete\n a Pulled \n b Skipped - No image to be pulled \n"),
    ).toEqual({ "Service a": "Pulled", "Service b": "Skipped - No image to be pulled" });
    expect(composeChanges("#6 naming to docker.io/library/p-b done\n#6 DONE 0.0s")).toEqual({
      "Image docker.io/library/p-b": "Built",
    });
  });

  it("returns a product's newest bytes with a note naming how to narrow, and flags the 4 MiB cut", () => {
    const stdout = `${"x".repeat(100)}\n`.repeat(1000);
    const result = actionResult(
      { returncode: 0, stdout, stderr: "", truncated: true },
      { product: true, narrow: "tail" },
    );
    expect(Buffer.byteLength(result.stdout ?? "")).toBeLessThanOrEqual(56 * 1024);
    expect(result.truncated).toBe(true);
    expect(result.note).toContain("narrow with tail");
    expect(result.note).toContain("4 MiB");
    expect(newestBytes("short").cut).toBe(false);
    expect(lastLines(["1", "2", "3"], 2)).toBe("… 1 earlier lines omitted\n2\n3");
  });
});

describe("plugin probe cache", () => {
  it("probes once per 60 s, negative results included, and shares a probe in flight", async () => {
    let now = 0;
    let calls = 0;
    let installed = false;
    const probe = new PluginProbe(
      async () => {
        calls += 1;
        return { available: installed };
      },
      () => now,
    );
    await Promise.all([probe.state("compose"), probe.state("compose")]);
    expect(calls).toBe(1);
    installed = true;
    await expect(probe.require("compose")).rejects.toThrow("Docker CLI plugin 'compose' is not installed");
    now += PLUGIN_CACHE_MS;
    await probe.require("compose");
    expect(calls).toBe(2);
    await probe.state("buildx");
    expect(calls).toBe(3);
  });
});

describe("the per-host CLI environment", () => {
  it("legacy mode keeps an ambient DOCKER_HOST or DOCKER_CONTEXT as given", () => {
    const viaHost = cliConfig({ HOME: "/h", DOCKER_HOST: "tcp://a:2375", DOCKER_TLS_VERIFY: "1" });
    expect(cliEnvironment(viaHost, undefined, { startupContext: undefined })).toMatchObject({
      DOCKER_HOST: "tcp://a:2375",
      DOCKER_TLS_VERIFY: "1",
    });
    const viaContext = cliConfig({ HOME: "/h", DOCKER_CONTEXT: "prod" });
    const env = cliEnvironment(viaContext, undefined, { startupContext: undefined });
    expect(env.DOCKER_CONTEXT).toBe("prod");
    expect(env.DOCKER_HOST).toBeUndefined();
  });

  it("legacy mode without either pins what start-up resolved, so context_use cannot move the daemon", () => {
    const dir = mkdtempSync(join(tmpdir(), "dmcp-cfg-"));
    const digest = createHash("sha256").update("remote").digest("hex");
    mkdirSync(join(dir, "contexts/meta", digest), { recursive: true });
    writeFileSync(
      join(dir, "contexts/meta", digest, "meta.json"),
      JSON.stringify({ Name: "remote", Endpoints: { docker: { Host: "tcp://remote:2376" } } }),
    );
    writeFileSync(join(dir, "config.json"), JSON.stringify({ currentContext: "remote" }));
    const config = cliConfig({ HOME: "/h", DOCKER_CONFIG: dir });
    expect(config.hosts.entries[0]?.url).toBe("tcp://remote:2376");
    const pinned = startupContext(config);
    expect(pinned).toBe("remote");
    expect(cliEnvironment(config, undefined, { startupContext: pinned })).toMatchObject({ DOCKER_CONTEXT: "remote" });
    // No context at start-up: the resolved endpoint itself.
    writeFileSync(join(dir, "config.json"), "{}");
    const socketOnly = cliConfig({ HOME: "/h", DOCKER_CONFIG: dir });
    expect(startupContext(socketOnly)).toBeUndefined();
    const env = cliEnvironment(socketOnly, undefined, { startupContext: undefined });
    expect(env.DOCKER_HOST).toBe(socketOnly.hosts.entries[0]?.url ?? undefined);
    expect(env.DOCKER_CONTEXT).toBeUndefined();
  });

  it("explicit hosts drop DOCKER_CONTEXT and keep the server's TLS variables only when DOCKER_TLS_VERIFY is set", () => {
    const base = { HOME: "/h", DOCKER_MCP_SERVER_HOSTS: "a=tcp://a:2376", DOCKER_CONTEXT: "x", DOCKER_CERT_PATH: "/c" };
    const without = cliEnvironment(cliConfig(base), undefined, { startupContext: undefined });
    expect(without).toMatchObject({ DOCKER_HOST: "tcp://a:2376" });
    expect(without.DOCKER_CONTEXT).toBeUndefined();
    expect(without.DOCKER_CERT_PATH).toBeUndefined();
    const withVerify = cliEnvironment(cliConfig({ ...base, DOCKER_TLS_VERIFY: "1" }), undefined, {
      startupContext: undefined,
    });
    expect(withVerify).toMatchObject({ DOCKER_CERT_PATH: "/c", DOCKER_TLS_VERIFY: "1" });
  });
});
