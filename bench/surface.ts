// What tools/list and a few answers cost (issue 16): tokens (o200k) for one, two and 5/20/50 configured hosts, tokens
// per tool, the container_inspect answer of a plain busybox container, and "the disk usage of my volumes".

import { encode } from "gpt-tokenizer/encoding/o200k_base";
import type { RawEngine } from "./engine.js";
import { RawClient } from "./rpc.js";

interface ListedTool {
  name: string;
  description?: string;
  inputSchema?: { properties?: Record<string, unknown> };
}

export interface ToolsListSize {
  config: string;
  hosts: number;
  tools: number;
  bytes: number;
  tokens: number;
  instructions_tokens: number;
  prompts: number;
  prompts_tokens: number;
  /** Names and descriptions alone: what no schema wording can go below. */
  names_and_descriptions_tokens: number;
}

export async function toolsListSize(
  bundle: string,
  env: Record<string, string>,
  label: string,
  hosts: number,
): Promise<ToolsListSize> {
  const client = new RawClient(bundle, env);
  try {
    const init = await client.request("initialize", {
      protocolVersion: "2025-11-25",
      capabilities: {},
      clientInfo: { name: "bench", version: "0" },
    });
    client.notify("notifications/initialized");
    const response = await client.request("tools/list");
    const promptList = await client.request("prompts/list");
    const tools = (response.result as { tools: ListedTool[] }).tools;
    const text = JSON.stringify(response.result);
    const instructions = (init.result as { instructions?: string } | undefined)?.instructions ?? "";
    return {
      config: label,
      hosts,
      tools: tools.length,
      bytes: Buffer.byteLength(text),
      tokens: encode(text).length,
      instructions_tokens: encode(instructions).length,
      prompts: ((promptList.result as { prompts?: unknown[] } | undefined)?.prompts ?? []).length,
      prompts_tokens: encode(JSON.stringify(promptList.result ?? {})).length,
      names_and_descriptions_tokens: encode(
        JSON.stringify({ tools: tools.map((t) => ({ name: t.name, description: t.description })) }),
      ).length,
    };
  } finally {
    await client.close();
  }
}

/** `n` labels on the same socket: tools/list only depends on the configuration, and the preflight pings one host. */
export function fleet(n: number, hostUrl: string): string {
  return Array.from({ length: n }, (_, i) => `h${String(i + 1).padStart(2, "0")}=${hostUrl}`).join(",");
}

export interface AnswerSizes {
  container_inspect_bytes: number;
  container_inspect_detail_bytes: number | null;
  container_inspect_engine_document_bytes: number;
  volumes_df: { call: string; bytes: number; engine_document_bytes: number; kind_supported: boolean };
}

const answerText = (result: unknown) =>
  ((result as { content?: Array<{ text?: string }> }).content ?? []).map((c) => c.text ?? "").join("");

const hasParam = (tools: ListedTool[], tool: string, param: string) =>
  Object.hasOwn(tools.find((t) => t.name === tool)?.inputSchema?.properties ?? {}, param);

/** Answer bytes as the model reads them (the text content), beside the Engine's own document. */
export async function answerSizes(
  client: RawClient,
  engine: RawEngine,
  tools: ListedTool[],
  containerId: string,
): Promise<AnswerSizes> {
  const inspect = answerText(await client.call("container_inspect", { id_or_name: containerId }));
  const detail = hasParam(tools, "container_inspect", "detail")
    ? answerText(await client.call("container_inspect", { id_or_name: containerId, detail: true }))
    : null;
  const rawInspect = await engine.get(`/containers/${containerId}/json`);
  const kindSupported = hasParam(tools, "system_df", "kind");
  // Without `kind`, only the whole per-object document answers the question (the summary has no per-volume rows).
  const dfArgs = kindSupported ? { kind: "volumes" } : hasParam(tools, "system_df", "detail") ? { detail: true } : {};
  const df = answerText(await client.call("system_df", dfArgs));
  const rawDf = await engine.get("/system/df");
  return {
    container_inspect_bytes: Buffer.byteLength(inspect),
    container_inspect_detail_bytes: detail === null ? null : Buffer.byteLength(detail),
    container_inspect_engine_document_bytes: rawInspect.length,
    volumes_df: {
      call: `system_df ${JSON.stringify(dfArgs)}`,
      bytes: Buffer.byteLength(df),
      engine_document_bytes: rawDf.length,
      kind_supported: kindSupported,
    },
  };
}

export type { ListedTool };
