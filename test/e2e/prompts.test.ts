// prompts/list and prompts/get over stdio against the built bundle: what registers under the switches and what a
// rendered plan says.

import { describe, expect, it } from "vitest";
import { spawnServer } from "../support/mcp-client.js";
import { tb } from "../support/testbed.js";

async function withServer<T>(
  env: Record<string, string>,
  use: (server: Awaited<ReturnType<typeof spawnServer>>) => Promise<T>,
) {
  const server = await spawnServer({ DOCKER_MCP_SERVER_HOSTS: `a=${tb("ENGINE_A_HOST")}`, ...env });
  try {
    return await use(server);
  } finally {
    await server.close();
  }
}

describe("prompts over stdio", () => {
  it("lists 30 prompts and renders one with its arguments", async () => {
    await withServer({}, async ({ client }) => {
      const { prompts } = await client.listPrompts();
      expect(prompts).toHaveLength(30);
      const result = await client.getPrompt({ name: "troubleshoot_container", arguments: { container: "web-1" } });
      const text = (result.messages[0]?.content as { text?: string } | undefined)?.text ?? "";
      expect(text).toContain('container_logs(id_or_name="web-1", tail=200)');
      expect(text).not.toContain("not possible here");
    });
  });

  it("under READONLY a plan marks the steps it cannot do instead of naming absent tools", async () => {
    await withServer({ DOCKER_MCP_SERVER_READONLY: "1" }, async ({ client }) => {
      const result = await client.getPrompt({ name: "deploy_container", arguments: { image: "nginx", name: "web" } });
      const text = (result.messages[0]?.content as { text?: string } | undefined)?.text ?? "";
      expect(text).toContain("Pull the image — not possible here");
      expect(text).not.toContain("image_pull");
      expect(text).not.toContain("container_run");
      expect(text).toContain("container_logs(");
    });
  });

  it("a missing or malformed argument is an Invalid Params error with a sentence; a disabled domain's prompt is gone", async () => {
    await withServer({ DOCKER_MCP_SERVER_DISABLE: "volumes" }, async ({ client }) => {
      await expect(client.getPrompt({ name: "deploy_container", arguments: { image: "x" } })).rejects.toThrow(
        "the argument 'name' is required",
      );
      await expect(client.getPrompt({ name: "monitor_container_fleet", arguments: { top: "many" } })).rejects.toThrow(
        "top must be a whole number",
      );
      await expect(
        client.getPrompt({ name: "backup_volume", arguments: { volume: "v", dest_path: "/tmp/v.tar" } }),
      ).rejects.toThrow("Unknown prompt 'backup_volume'");
      const { prompts } = await client.listPrompts();
      expect(prompts.map((p) => p.name)).not.toContain("restore_volume");
    });
  });
});
