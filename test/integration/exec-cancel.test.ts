// A cancelled container_exec stops its command on a local daemon (the Engine API itself cannot stop an exec).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanupRun, dockerFor, engines, IMAGE, newRun } from "../support/containers-harness.js";
import { type Spawned, spawnServer } from "../support/mcp-client.js";

async function until(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return await check();
}

for (const engine of engines()) {
  describe(`container_exec cancellation on engine ${engine.name}`, () => {
    const run = newRun(`exec-cancel-${engine.name.toLowerCase()}`);
    const docker = dockerFor(engine.url);
    let server: Spawned;
    const name = `${run.prefix}-sleeper`;

    beforeAll(async () => {
      const container = await docker.createContainer({ Image: IMAGE, name, Cmd: ["sleep", "600"], Labels: run.label });
      await container.start();
      server = await spawnServer({ DOCKER_MCP_SERVER_HOSTS: engine.url });
    });
    afterAll(async () => {
      await server?.close();
      await cleanupRun(docker, run.id);
    });

    it("stops the command when the client cancels", async () => {
      const running = async () => {
        const top = (await docker.getContainer(name).top()) as { Processes?: string[][] };
        return (top.Processes ?? []).some((row) => row.join(" ").includes("sleep 41"));
      };
      const controller = new AbortController();
      const call = server.client
        .callTool(
          { name: "container_exec", arguments: { id_or_name: name, cmd: ["sleep", "41"] } },
          { signal: controller.signal },
        )
        .catch((err: unknown) => err);
      expect(await until(running, 10_000)).toBe(true);
      const cancelledAt = Date.now();
      controller.abort();
      await call;
      expect(await until(async () => !(await running()), 8_000)).toBe(true);
      // Well before the command's own 41 s: it was stopped, not waited out.
      expect(Date.now() - cancelledAt).toBeLessThan(15_000);
      expect((await server.client.callTool({ name: "system_ping", arguments: {} })).isError).not.toBe(true);
    });
  });
}
