// The container image, every variant (full / no-scout / lite) built from the Dockerfile on engine A against the test
// bed's stand-in bases, then driven over stdio through `docker run -i --rm -v /var/run/docker.sock:...` by the SDK
// client, as an MCP client would run it.

import { execFile } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runId } from "../support/engines.js";
import { callTool } from "../support/mcp-client.js";
import { tb } from "../support/testbed.js";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const VERSION = (JSON.parse(readFileSync(resolve(ROOT, "package.json"), "utf8")) as { version: string }).version;
const RUN = runId();
const VARIANTS = ["full", "no-scout", "lite"] as const;
type Variant = (typeof VARIANTS)[number];
const SOCKET = "/var/run/docker.sock";

const image = (variant: Variant) => `dmcp-dist-${RUN}:${variant}`;
const dockerEnv = () => ({
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: process.env.HOME ?? "/root",
  DOCKER_HOST: tb("ENGINE_A_HOST"),
});
const docker = (...args: string[]) =>
  run("docker", args, { env: dockerEnv(), maxBuffer: 16 * 1024 * 1024, timeout: 600_000 });

interface Served {
  client: Client;
  name: string;
  stderr: () => string;
}
const started: Served[] = [];

async function serve(variant: Variant, extra: string[] = []): Promise<Served> {
  const name = `dmcp-dist-${RUN}-${variant}-${started.length}`;
  const transport = new StdioClientTransport({
    command: "docker",
    args: ["run", "-i", "--rm", "--name", name, "-v", `${SOCKET}:${SOCKET}`, ...extra, image(variant)],
    env: dockerEnv(),
    stderr: "pipe",
  });
  let text = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  const client = new Client({ name: "docker-mcp-server-image-tests", version: "0.0.0" });
  await client.connect(transport);
  const served = { client, name, stderr: () => text };
  started.push(served);
  return served;
}

const withGroup = () => ["--group-add", String(statSync(SOCKET).gid)];

async function waitForStderr(served: Served, fragment: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!served.stderr().includes(fragment)) {
    if (Date.now() > deadline) throw new Error(`stderr never said '${fragment}':\n${served.stderr()}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

beforeAll(async () => {
  for (const variant of VARIANTS) {
    await docker(
      "build",
      "-q",
      "--build-arg",
      `VARIANT=${variant}`,
      "--build-arg",
      `VERSION=${VERSION}`,
      "-t",
      image(variant),
      ROOT,
    );
  }
  const sizes = await docker("image", "ls", "--format", "{{.Tag}} {{.Size}}", `dmcp-dist-${RUN}`);
  process.stderr.write(`image sizes (stand-in bases): ${sizes.stdout.trim().split("\n").join(", ")}\n`);
}, 900_000);

afterAll(async () => {
  await Promise.allSettled(started.map((served) => served.client.close()));
  await Promise.allSettled(started.map((served) => docker("rm", "-f", served.name)));
  await docker("rmi", ...VARIANTS.map(image)).catch(() => undefined);
}, 120_000);

describe("container image", () => {
  it("carries the MCP registry label and runs as the unprivileged user node", async () => {
    const { stdout } = await docker(
      "image",
      "inspect",
      "--format",
      '{{index .Config.Labels "io.modelcontextprotocol.server.name"}} {{.Config.User}} {{index .Config.Labels "org.opencontainers.image.version"}}',
      image("lite"),
    );
    const pkg = JSON.parse(readFileSync(resolve(ROOT, "package.json"), "utf8")) as { mcpName: string };
    expect(stdout.trim()).toBe(`${pkg.mcpName} node ${VERSION}`);
  });

  for (const variant of VARIANTS) {
    it(`${variant}: ping, list, compose, the self-termination guard and the bind-mount check`, async () => {
      const served = await serve(variant, withGroup());
      const { client } = served;
      await waitForStderr(served, "self-termination guard active");

      expect((await callTool(client, "system_ping")).isError).toBe(false);
      const list = await callTool(client, "container_list");
      expect(list.isError).toBe(false);
      expect(list.text).toContain(served.name);

      const compose = await callTool(client, "compose_list", { all: true });
      if (variant === "lite") {
        expect(compose.isError).toBe(true);
        expect(compose.text).toContain("not available in this image");
      } else {
        expect(compose.isError, compose.text).toBe(false);
      }

      const stop = await callTool(client, "container_stop", { id_or_name: served.name });
      expect(stop.isError).toBe(true);
      expect(stop.text).toContain("this MCP server's own container");

      const save = await callTool(client, "image_save", {
        id_or_name: tb("TESTBED_IMAGE"),
        dest_path: "/home/node/out.tar",
      });
      expect(save.isError).toBe(true);
      expect(save.text).toContain("not on a host bind mount");
      expect(save.text).toContain("-v /home/node:/home/node");

      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names.includes("scout_cves")).toBe(variant !== "no-scout");
    }, 120_000);
  }

  it("without --group-add the start-up hint names the socket's group to add", async () => {
    const served = await serve("lite");
    await waitForStderr(served, "could not reach the Docker daemon");
    expect(served.stderr()).toContain(`--group-add ${statSync(SOCKET).gid}`);
    const ping = await callTool(served.client, "system_ping");
    expect(ping.isError).toBe(true);
  }, 60_000);
});
