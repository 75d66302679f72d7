// completion/complete for prompt arguments and resource-template variables: names from the live daemon(s), filtered
// by the typed prefix, at most 100. Each (host, kind) listing is cached for two seconds so typing does not hammer the
// daemon, and bounded in time so a slow daemon never stalls the client; a failed listing completes nothing.

import { listContextNames } from "../cli/context-names.js";
import type { HostEntry } from "../config/hosts.js";
import type { ServerConfig } from "../config/index.js";
import type { CompletionSource, PromptDef } from "../contract/prompt.js";
import { listNames, type NameKind } from "../engine/names.js";
import type { EnginePool } from "../engine/pool.js";

const MAX_VALUES = 100;
const CACHE_MS = 2000;
const LIST_TIMEOUT_MS = 3000;

/** Template variables and what completes them; `{id_or_name}` depends on the scheme. */
function templateSource(uriTemplate: string, variable: string): CompletionSource | undefined {
  if (variable === "host") return "host";
  if (variable === "section") return "doc_section";
  if (variable !== "id_or_name") return undefined;
  if (/^(docker-logs|docker-stats):/.test(uriTemplate)) return "container";
  if (/^(service-logs|service-tasks):/.test(uriTemplate)) return "service";
  return undefined;
}

export interface CompletionRequest {
  readonly ref: { readonly type: string; readonly name?: string; readonly uri?: string };
  readonly argument: { readonly name: string; readonly value: string };
  readonly context?: { readonly arguments?: Readonly<Record<string, string>> };
}

export interface CompletionDeps {
  readonly config: ServerConfig;
  readonly engine: EnginePool;
  readonly prompts: readonly PromptDef[];
  readonly docSections: () => readonly string[];
}

export function createCompleter(deps: CompletionDeps) {
  const cache = new Map<string, { at: number; values: Promise<string[]> }>();

  function hostsFor(named: string | undefined): HostEntry[] {
    const entries = deps.config.hosts.entries;
    if (named) return entries.filter((entry) => entry.label === named);
    // With several hosts and none chosen yet, offer names from every host.
    return [...entries];
  }

  function cached(key: string, load: () => Promise<string[]>): Promise<string[]> {
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.values;
    const values = load().catch(() => []);
    cache.set(key, { at: Date.now(), values });
    return values;
  }

  async function daemonNames(kind: NameKind, host: HostEntry): Promise<string[]> {
    return await cached(`${host.label}\u0000${kind}`, async () =>
      listNames(await deps.engine.docker(host), kind, AbortSignal.timeout(LIST_TIMEOUT_MS)),
    );
  }

  async function valuesOf(source: CompletionSource, hostLabel: string | undefined): Promise<string[]> {
    switch (source) {
      case "host":
        return deps.config.hosts.entries.map((entry) => entry.label);
      case "doc_section":
        return [...deps.docSections()];
      case "context":
        return listContextNames(deps.config.resolve.dockerConfigDir);
      default: {
        const lists = await Promise.all(hostsFor(hostLabel).map((host) => daemonNames(source, host)));
        return lists.flat();
      }
    }
  }

  function sourceOf(request: CompletionRequest): CompletionSource | undefined {
    if (request.ref.type === "ref/prompt") {
      const prompt = deps.prompts.find((candidate) => candidate.name === request.ref.name);
      return prompt?.args.find((arg) => arg.name === request.argument.name)?.complete;
    }
    if (request.ref.type === "ref/resource" && request.ref.uri) {
      return templateSource(request.ref.uri, request.argument.name);
    }
    return undefined;
  }

  return async function complete(request: CompletionRequest) {
    const source = sourceOf(request);
    const none = { completion: { values: [] as string[], total: 0, hasMore: false } };
    if (!source) return none;
    const prefix = String(request.argument.value ?? "");
    const host = request.context?.arguments?.host;
    const matching = [...new Set(await valuesOf(source, host))].filter((value) => value.startsWith(prefix)).sort();
    return {
      completion: {
        values: matching.slice(0, MAX_VALUES),
        total: matching.length,
        hasMore: matching.length > MAX_VALUES,
      },
    };
  };
}
