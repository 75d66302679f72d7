// container_run that fails after the create (a network that does not resolve, a host port already taken, a user or
// entrypoint the image lacks) removes the container it created, says so, and leaves the name free: the retry with a
// good value succeeds under the same name. A blank network is refused before anything is created. Both engines.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  cleanupRun,
  dockerFor,
  engines,
  IMAGE,
  json,
  newRun,
  type Server,
  startServer,
} from "../support/containers-harness.js";
import { unfence } from "../support/untrusted.js";

describe.each(engines())("container_run failures on engine $name", (engine) => {
  const run = newRun("run-fail");
  const docker = dockerFor(engine.url);
  let server: Server;
  const name = (suffix: string) => `${run.prefix}-${suffix}`;
  const base = (suffix: string) => ({ image: IMAGE, name: name(suffix), command: ["sleep", "600"], labels: run.label });
  const byName = async (container: string) =>
    await docker.listContainers({ all: true, filters: JSON.stringify({ name: [`^/${container}$`] }) });

  beforeAll(async () => {
    server = await startServer({ DOCKER_MCP_SERVER_HOSTS: engine.url });
  });
  afterAll(async () => {
    await server?.close();
    await cleanupRun(docker, run.id);
  });

  /** The failed call's error, after checking that no container of that name is left. */
  async function failsAndLeavesNothing(args: Record<string, unknown>): Promise<string> {
    const result = await call(server, "container_run", args);
    expect(result.isError, result.text).toBe(true);
    expect(await byName(String(args.name))).toEqual([]);
    return result.text;
  }

  async function retrySucceeds(args: Record<string, unknown>): Promise<void> {
    const started = await json<{ name: string; status: string }>(server, "container_run", args);
    expect(started).toMatchObject({ name: args.name, status: "running" });
  }

  it("refuses an empty network before creating anything", async () => {
    for (const network of ["", "   "]) {
      const text = await failsAndLeavesNothing({ ...base("empty-net"), network });
      expect(text).toBe("network is empty: give a network name or id (network_list shows them), or leave it out.");
    }
    await retrySucceeds({ ...base("empty-net"), network: "bridge" });
  });

  it("an unknown network: the created container is removed and the retry reuses the name", async () => {
    const text = await failsAndLeavesNothing({ ...base("no-net"), network: `${run.prefix}-missing` });
    expect(text).toMatch(/not found/);
    expect(text).toMatch(/The container this call created, .+-no-net \([0-9a-f]{12}\), was removed/);
    await retrySucceeds({ ...base("no-net"), network: "bridge" });
  });

  it("a host port already taken", async () => {
    const holder = await json<{ ports: string[] }>(server, "container_run", {
      ...base("port-holder"),
      ports: { "80/tcp": null },
    });
    const hostPort = Number(/:(\d+)->/.exec(holder.ports[0] ?? "")?.[1]);
    expect(hostPort).toBeGreaterThan(0);
    const text = await failsAndLeavesNothing({ ...base("port-taken"), ports: { "80/tcp": hostPort } });
    expect(text).toMatch(/allocated|in use/i);
    expect(text).toContain("was removed");
    await retrySucceeds({ ...base("port-taken"), ports: { "80/tcp": null } });
  });

  it("a user the image lacks", async () => {
    const text = await failsAndLeavesNothing({ ...base("bad-user"), user: "nosuchuser" });
    expect(text).toMatch(/unable to find user nosuchuser/);
    expect(text).toContain("was removed");
    await retrySucceeds({ ...base("bad-user"), user: "root" });
  });

  it("an entrypoint the image lacks, detached and in the foreground", async () => {
    const detached = await failsAndLeavesNothing({ ...base("bad-entry"), entrypoint: ["/nonexistent"] });
    expect(detached).toMatch(/nonexistent/);
    expect(detached).toContain("was removed");
    const foreground = await failsAndLeavesNothing({
      ...base("bad-entry-fg"),
      entrypoint: ["/nonexistent"],
      detach: false,
    });
    expect(foreground).toContain("was removed");
    await retrySucceeds({ ...base("bad-entry"), entrypoint: ["sleep"], command: ["600"] });
    const output = await call(server, "container_run", {
      ...base("bad-entry-fg"),
      command: ["echo", "ok"],
      detach: false,
    });
    expect({ ...output, text: unfence(output.text) }).toEqual({ isError: false, text: "ok" });
  });

  it("a failed start removes only the container it created", async () => {
    const text = await failsAndLeavesNothing({ ...base("only-mine"), user: "nosuchuser" });
    expect(text).toContain("was removed");
    // The containers from the earlier retries are untouched.
    expect((await byName(name("bad-user"))).length).toBe(1);
    expect((await byName(name("port-holder"))).length).toBe(1);
  });
});
