// The `instructions` router (config.md §11): built after registration from the domains that actually registered,
// so it never advertises what the client cannot call. It maps user vocabulary to domain keywords; it is not a manual.

import type { Domain } from "./define-tool.js";

const DOMAIN_KEYWORDS: ReadonlyArray<readonly [Domain, string]> = [
  [
    "containers",
    "run, create, start, stop, restart, kill, remove; logs, stats, top, exec, diff, commit; archive / cp; wait; rename",
  ],
  ["images", "pull, push, build, tag, remove, save, load, history; search"],
  ["networks", "create, connect, disconnect, inspect, remove"],
  ["volumes", "create, list, inspect, remove"],
  ["compose", "Compose v2 projects: up, down, ps, logs, build, run, exec, …; via the docker CLI"],
  ["stack", "Compose on Swarm: deploy, ls, ps, rm, services; via the docker CLI"],
  ["swarm", "init, join, leave, unlock, join tokens; needs a manager node"],
  ["services", "Swarm services: create, scale, update, rollback, logs, tasks; needs a manager node"],
  ["nodes", "Swarm nodes: list, inspect, update, remove; needs a manager node"],
  ["secrets", "Swarm secrets; needs a manager node"],
  ["configs", "Swarm configs; needs a manager node"],
  ["buildx", "multi-arch builds; imagetools (the successor of `docker manifest`); build history; via the docker CLI"],
  ["scout", "CVE scanning, SBOMs, base-image advice; via the docker CLI"],
  ["context", "docker CLI contexts; via the docker CLI"],
  ["registry", "OCI registries and Docker Hub over HTTPS; works without a daemon"],
  ["plugins", "plugin lifecycle: install, enable, disable, configure, upgrade, remove"],
  ["system", "ping, version, info, df / disk usage, events, login, logout, host_list (configured daemons)"],
];

const CLI_DOMAINS: readonly Domain[] = ["compose", "stack", "buildx", "scout", "context"];
const SWARM_DOMAINS: readonly Domain[] = ["swarm", "services", "nodes", "secrets", "configs"];

export interface InstructionsInput {
  domains: ReadonlySet<Domain>;
  /** Configured labels when two or more hosts exist; empty otherwise. */
  multiHostLabels: readonly string[];
}

export function buildInstructions({ domains, multiHostLabels }: InstructionsInput): string {
  const has = (...names: Domain[]) => names.some((name) => domains.has(name));
  const blocks: string[] = [
    "Manages Docker daemons through the Docker Engine API and the docker CLI.",
    "Tools load on demand: search by a domain keyword below to fetch a tool's schema.",
  ];
  const domainLines = DOMAIN_KEYWORDS.filter(([domain]) => domains.has(domain)).map(
    ([domain, words]) => `- ${domain} — ${words}`,
  );
  if (domainLines.length > 0) blocks.push(["Domains (and the words that find them):", ...domainLines].join("\n"));

  const caveats: string[] = [];
  if (has("containers", "images")) {
    caveats.push(
      "- To keep large output on the server's disk, prefer `dest_path` on container_export / image_save, or container_archive_get_to_file, over in-band bytes.",
    );
  }
  if (has("containers", "networks", "volumes", "services")) {
    caveats.push(
      "- `managed_only=true` on the *_list tools restricts results to objects carrying this server's provenance label.",
    );
  }
  const cli = CLI_DOMAINS.filter((domain) => domains.has(domain));
  if (cli.length > 0) {
    caveats.push(
      `- CLI-backed domains (${cli.join(", ")}) shell out to the docker CLI and its plugins and fail if the CLI or plugin is missing.`,
    );
  }
  if (has(...SWARM_DOMAINS)) caveats.push("- Swarm-family tools need a swarm manager node.");
  if (multiHostLabels.length > 1) {
    const [first] = multiHostLabels;
    caveats.push(
      `- Multiple hosts are configured: ${multiHostLabels.join(", ")}. Reads take host=<label> (omitted = the default, '${first}'); ` +
        "mutating and destructive calls must name their host; writes to a (ro) host are refused; see docker-mcp://hosts.",
    );
  }
  if (caveats.length > 0) blocks.push(["Picking the right tool:", ...caveats].join("\n"));

  blocks.push(
    "The registered surface depends on environment switches: read docker-mcp://tool-catalog for the live list. " +
      "Documentation is under docker-docs://contents, or via docs_lookup for clients that cannot read resources. " +
      "Workflows of several steps (deployment, troubleshooting, pruning, audits, migration, multi-arch builds, " +
      "volume backup and restore) are better started from the matching prompt.",
  );
  return blocks.join("\n\n");
}
