// Ordinary but hostile input through the spawned server on engine A: huge names, option names shaped like Object
// members, lone surrogates, blank names, wrong shapes. Every answer is a bounded sentence that says what was wrong,
// never an internal error ("is not a function", "URI malformed", "page not found", a bare "Invalid input").

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_TEXT_CAP } from "../../src/server/render.js";
import { docker, runId } from "../support/docker-cli.js";
import { callTool, type Spawned, spawnServer } from "../support/mcp-client.js";
import { tb } from "../support/testbed.js";

const INTERNAL = /is not a function|URI malformed|page not found|: Invalid input(?!:)|failed unexpectedly/i;

describe("hostile input on engine A", () => {
  const host = () => tb("ENGINE_A_HOST");
  const id = runId();
  const container = `dmcp-it-hostile-${id}`;
  let server: Spawned;

  beforeAll(async () => {
    docker(host(), ["create", "--name", container, "--label", `dmcp.test=${id}`, "busybox:local", "true"]);
    server = await spawnServer({ DOCKER_MCP_SERVER_HOSTS: `a=${host()}` });
  });
  afterAll(async () => {
    await server?.close();
    const mine = docker(host(), ["ps", "-a", "-q", "--filter", `label=dmcp.test=${id}`])
      .split("\n")
      .filter(Boolean);
    if (mine.length > 0) docker(host(), ["rm", "-f", ...mine]);
  });

  async function refused(tool: string, args: Record<string, unknown>, expected: string | RegExp): Promise<string> {
    const result = await callTool(server.client, tool, args);
    expect(result.isError, `${tool} → ${result.text.slice(0, 300)}`).toBe(true);
    expect(result.text).toMatch(expected);
    expect(result.text).not.toMatch(INTERNAL);
    expect(result.text.length).toBeLessThanOrEqual(ERROR_TEXT_CAP);
    return result.text;
  }

  describe("a 1 MiB name comes back in a short error that still says what was wrong", () => {
    const huge = "a".repeat(1 << 20);
    it.each([
      ["container_inspect", { id_or_name: huge }, /No such container: a+…\(\d+ more chars\)/],
      ["image_inspect", { id_or_name: huge }, /image/i],
      ["volume_inspect", { name: huge }, /^No such volume 'a+…\(\d+ more chars\)' on host 'a'\. See volume_list\.$/],
      [
        "network_inspect",
        { id_or_name: huge },
        /^No such network 'a+…\(\d+ more chars\)' on host 'a'\. See network_list\.$/,
      ],
    ])("%s", async (tool, args, expected) => {
      const text = await refused(tool, args, expected);
      expect(text.length).toBeLessThan(1_000);
    });

    it("a 1 MiB key in filters", async () => {
      const text = await refused(
        "container_prune",
        { filters: { [huge]: null } },
        /^filters\.a+…\(\d+ more chars\) is null/,
      );
      expect(text.length).toBeLessThan(1_000);
    });
  });

  describe("option keys named like Object members are unknown options", () => {
    const members = ["constructor", "toString", "hasOwnProperty", "valueOf"];
    it.each(members)("container_run / container_create extra_kwargs.%s", async (key) => {
      const expected = `Unknown container option '${key}'. Use the docker SDK's snake_case run/create option names:`;
      const extra = { name: `${container}-x`, [key]: 1 };
      await refused("container_run", { image: "busybox:local", extra_kwargs: extra }, expected);
      await refused("container_create", { image: "busybox:local", extra_kwargs: extra }, expected);
    });

    it.each(members)("container_update updates.%s", async (key) => {
      await refused(
        "container_update",
        { id_or_name: container, updates: { [key]: 1 } },
        `Unknown update key '${key}'.`,
      );
    });

    it("__proto__ in extra_kwargs or updates is refused, not silently dropped", async () => {
      const proto = JSON.parse('{"__proto__": {"privileged": true}}') as Record<string, unknown>;
      await refused(
        "container_run",
        { image: "busybox:local", labels: { "dmcp.test": id }, extra_kwargs: proto },
        "extra_kwargs: unknown key '__proto__'",
      );
      await refused("container_update", { id_or_name: container, updates: proto }, "updates: unknown key '__proto__'");
      expect(docker(host(), ["ps", "-a", "-q", "--filter", `name=^${container}-x$`])).toBe("");
    });

    it("a fields path 'constructor' is a missing path, not Object's constructor", async () => {
      const result = await callTool(server.client, "container_inspect", {
        id_or_name: container,
        fields: ["constructor", "Name", "State.toString"],
      });
      expect(result.isError, result.text).toBe(false);
      expect(JSON.parse(result.text)).toEqual({ constructor: null, Name: `/${container}`, "State.toString": null });
    });
  });

  describe("lone surrogates", () => {
    it.each([
      ["volume_inspect", { name: "vol\uD800" }, "name 'vol\uFFFD' contains invalid Unicode (a lone surrogate"],
      ["network_inspect", { id_or_name: "\uDC00net" }, "id_or_name '\uFFFDnet' contains invalid Unicode"],
      ["image_inspect", { id_or_name: "busybox\uD800" }, "contains invalid Unicode"],
      ["container_run", { image: "busybox:local", name: "web\uD800" }, "name 'web\uFFFD' contains invalid Unicode"],
    ])("%s", async (tool, args, expected) => {
      await refused(tool, args, expected);
    });

    it("a resource URI with a malformed escape is refused with a sentence", async () => {
      await expect(server.client.readResource({ uri: "docker-logs://%E0%A4%A" })).rejects.toThrow(
        /The \{[a-z_]+\} part '%E0%A4%A' of the resource URI is not valid percent-encoded UTF-8/,
      );
    });
  });

  describe("blank names are refused before any request", () => {
    it.each([
      ["volume_inspect", { name: "  " }],
      ["volume_remove", { name: " " }],
      ["network_inspect", { id_or_name: "  " }],
      ["network_remove", { id_or_name: "\t" }],
      ["image_inspect", { id_or_name: "  " }],
      ["image_history", { id_or_name: "  " }],
      ["volume_create", { name: "  " }],
      ["network_create", { name: "  " }],
    ])("%s %j", async (tool, args) => {
      await refused(tool, args, /must not be blank \(whitespace only\), got string '\s+'/);
    });
  });

  describe("wrong shapes name the expected type", () => {
    it.each([
      [
        "container_run",
        { image: "busybox:local", command: 5 },
        "command: expected a string or an array of strings, got number 5",
      ],
      [
        "container_run",
        { image: "busybox:local", environment: "A=1" },
        "environment: expected an object of strings, numbers, booleans or null or an array of strings, got string 'A=1'",
      ],
      [
        "container_run",
        { image: "busybox:local", restart_policy: { name: "always" } },
        "Unknown key 'name' in restart_policy; known: Name, MaximumRetryCount.",
      ],
      [
        "container_logs",
        { id_or_name: container, tail: "some" },
        /tail: expected an integer ≥ 0 or "all", got string 'some'/,
      ],
      ["volume_create", { labels: 5 }, "labels: expected an object of strings or an array of strings, got number 5"],
      ["system_events", { limit: "x" }, "limit: expected an integer from 0 to 10000, got string 'x'"],
      ["container_list", { filter: {} }, "Unknown argument 'filter' for container_list; known: all, since"],
    ])("%s %j", async (tool, args, expected) => {
      await refused(tool, args, expected);
    });
  });
});
