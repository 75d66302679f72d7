// The `instructions` router: built after registration from the domains that actually registered,
// so it never advertises what the client cannot call. It maps user vocabulary to domain keywords; it is not a manual.
// Each domain's words and traits come from its declaration.

import type { DomainDecl, DomainTrait } from "../contract/domain.js";
import type { Domain } from "../contract/domains.js";

export interface InstructionsInput {
  readonly declarations: readonly DomainDecl[];
  /** Domains with at least one registered tool. */
  readonly domains: ReadonlySet<Domain>;
  /** Configured labels when two or more hosts exist; empty otherwise. */
  readonly multiHostLabels: readonly string[];
  /** Set when DOCKER_MCP_SERVER_CONFIRM covers at least one registered tool. */
  readonly confirm?: { readonly mode: "destructive" | "prune"; readonly ttlSeconds: number };
}

export function buildInstructions({ declarations, domains, multiHostLabels, confirm }: InstructionsInput): string {
  const active = declarations.filter((decl) => decl.name !== null && domains.has(decl.name));
  const withTrait = (trait: DomainTrait) =>
    active.filter((decl) => decl.traits?.includes(trait)).map((decl) => decl.name as Domain);
  const blocks: string[] = [
    "Manages Docker daemons through the Docker Engine API and the docker CLI.",
    "Tools load on demand: search by a domain keyword below to fetch a tool's schema.",
  ];
  const domainLines = active.filter((decl) => decl.keywords).map((decl) => `- ${decl.name} — ${decl.keywords}`);
  if (domainLines.length > 0) blocks.push(["Domains (and the words that find them):", ...domainLines].join("\n"));

  // Wording many tools share, said once here instead of in every schema.
  blocks.push(
    [
      "Shared conventions:",
      "- List tools return compact rows; `detail=true` returns full documents.",
      "- Engine inspect tools (container, image, network, volume, service, node, secret, config, plugin, swarm) leave out null, empty and Engine-default fields; `detail=true` returns the whole document, `fields` only the dotted paths asked for.",
      "- Waits report a timeout as a result (`met=false`), not an error.",
      "- Pulls, pushes and builds send progress notifications when the client asks, and stop when it cancels.",
      "- `dest_path` and `from_file` are files on the server's machine (`~` expands); in-band `data` is a base64 tar of at most 32 MiB, and `max_bytes` caps in-band output (the call fails rather than return more).",
    ].join("\n"),
  );

  const caveats: string[] = [];
  if (withTrait("host_files").length > 0) {
    caveats.push(
      "- To keep large output on the server's disk, prefer `dest_path` on container_export / image_save, or container_archive_get_to_file, over in-band bytes.",
    );
  }
  if (withTrait("managed_only").length > 0) {
    caveats.push(
      "- `managed_only=true` on the *_list tools restricts results to objects carrying this server's provenance label.",
    );
  }
  const cli = withTrait("cli");
  if (cli.length > 0) {
    caveats.push(
      `- CLI-backed domains (${cli.join(", ")}) shell out to the docker CLI and its plugins and fail if the CLI or plugin is missing.`,
    );
  }
  if (withTrait("swarm").length > 0) caveats.push("- Swarm-family tools need a swarm manager node.");
  if (multiHostLabels.length > 1) {
    const [first] = multiHostLabels;
    caveats.push(
      `- Multiple hosts are configured: ${multiHostLabels.join(", ")}. Every daemon tool's \`host\` takes one of these labels; ` +
        `reads may omit it (the default, '${first}'), mutating and destructive calls must name it; ` +
        "writes to a (ro) host are refused; see docker-mcp://hosts.",
    );
  }
  if (caveats.length > 0) blocks.push(["Picking the right tool:", ...caveats].join("\n"));
  if (confirm) {
    blocks.push(
      `Confirmation: ${confirm.mode === "prune" ? "the *_prune tools" : "destructive tools"} show the user what would go and ask first. ` +
        "Without elicitation the call returns a preview and a confirm_token instead: show the preview to the user and, " +
        `only if they agree, repeat the call with the same arguments plus confirm_token (single use, ${confirm.ttlSeconds} s).`,
    );
  }

  blocks.push(
    "The registered surface depends on environment switches: read docker-mcp://tool-catalog for the live list. " +
      "Documentation is under docker-docs://contents, or via docs_lookup for clients that cannot read resources. " +
      "Workflows of several steps (deployment, troubleshooting, pruning, audits, migration, multi-arch builds, " +
      "volume backup and restore) are better started from the matching prompt.",
  );
  return blocks.join("\n\n");
}
