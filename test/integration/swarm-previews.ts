// The swarm-family previews on engine A while it is a swarm manager. Swarm state belongs to the swarm suite: it calls
// swarmPreviewCases() between its init and its leave, so these cases run on every test run and never change the swarm.

import { afterAll, expect, it } from "vitest";
import { ALL_PREVIEWS } from "../../src/tools/previews/index.js";
import { cliConfig } from "../support/cli.js";
import { dockerFor, IMAGE } from "../support/containers-harness.js";
import { ENGINES, runId } from "../support/engines.js";
import { toolContext } from "../support/tool-context.js";

const RUN = runId();
const [A, B] = ENGINES as [(typeof ENGINES)[0], (typeof ENGINES)[1]];
const docker = dockerFor(A.url);

const created: Array<() => Promise<unknown>> = [];

const preview = async (tool: string, args: Record<string, unknown>, url = A.url) => {
  const fn = ALL_PREVIEWS[tool];
  if (!fn) throw new Error(tool);
  return await fn(args, toolContext(cliConfig({ DOCKER_MCP_SERVER_HOSTS: `x=${url}`, HOME: "/nonexistent" })));
};

export function swarmPreviewCases(): void {
  afterAll(async () => {
    for (const remove of created.reverse()) await remove().catch(() => undefined);
  });

  it("a secret and a config show the service using them; the service shows its mode; swarm_leave the swarm's size", async () => {
    const labels = { "dmcp.test": RUN };
    const secret = (await docker.createSecret({
      Name: `dmcp-it-prev-${RUN}-s`,
      Labels: labels,
      Data: Buffer.from("x").toString("base64"),
    })) as { id: string };
    created.push(() => docker.getSecret(secret.id).remove());
    const config = (await docker.createConfig({
      Name: `dmcp-it-prev-${RUN}-c`,
      Labels: labels,
      Data: Buffer.from("y").toString("base64"),
    })) as { id: string };
    created.push(() => docker.getConfig(config.id).remove());
    const name = `dmcp-it-prev-${RUN}-svc`;
    const service = (await docker.createService({
      Name: name,
      Labels: labels,
      TaskTemplate: {
        ContainerSpec: {
          Image: IMAGE,
          Command: ["sleep", "600"],
          Secrets: [
            {
              SecretID: secret.id,
              SecretName: `dmcp-it-prev-${RUN}-s`,
              File: { Name: "s", UID: "0", GID: "0", Mode: 0o400 },
            },
          ],
          Configs: [
            {
              ConfigID: config.id,
              ConfigName: `dmcp-it-prev-${RUN}-c`,
              File: { Name: "/c", UID: "0", GID: "0", Mode: 0o444 },
            },
          ],
        },
      },
      Mode: { Replicated: { Replicas: 0 } },
    })) as { id: string };
    created.unshift(() => docker.getService(service.id).remove());

    expect((await preview("secret_remove", { id_or_name: secret.id })).items[0]).toMatchObject({
      kind: "secret",
      in_use: [name],
    });
    expect((await preview("config_remove", { id_or_name: config.id })).items[0]).toMatchObject({
      kind: "config",
      in_use: [name],
    });
    const svc = await preview("service_remove", { id_or_name: name });
    expect(svc.items[0]).toMatchObject({ kind: "service", name, state: "0 replicas" });
    const leave = await preview("swarm_leave", { force: false });
    expect(leave.summary).toMatch(/manager.*would leave the swarm.*manager/);
    const stack = await preview("stack_remove", { names: [`dmcp-it-prev-${RUN}`] });
    expect(stack.items).toEqual([]);
  });

  it("on a daemon that is not a swarm manager, the service_remove preview fails like the tool would", async () => {
    await expect(preview("service_remove", { id_or_name: "nothing" }, B.url)).rejects.toThrow();
  });
}
