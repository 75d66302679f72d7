// Prompts about images in registries: pick a tag without pulling, multi-platform builds and manifests, CVE audits
// and base-image advice.

import { definePrompt } from "../contract/prompt.js";
import { call, commaList, ifHas, renderPlan, say, step } from "./plan.js";

const SEVERE = ["critical", "high"];

export const findLatestImageTag = definePrompt({
  name: "find_latest_image_tag",
  domain: "registry",
  description: "Pick an image's newest stable tag without pulling.",
  args: [{ name: "image", complete: "image" }],
  render: ({ image }, env) =>
    renderPlan(
      {
        goal: `Find the newest stable tag of ${image} without pulling it.`,
        steps: [
          step("List its tags", call("registry_tags", { repository: image, limit: 200 }), ["registry_tags"]),
          say(
            "Drop floating tags (latest, edge, nightly) and pre-releases (-rc, -beta, -alpha); pick the highest stable semantic version",
          ),
          step(
            "Confirm it exists, get its digest and, for an index, its platforms",
            call("registry_manifest", { repository: image, reference: "<tag>" }),
            ["registry_manifest"],
          ),
          step(
            "Show its configuration: labels (org.opencontainers.image.source / revision), exposed ports, entrypoint, user",
            `${call("registry_image_config", { repository: image, reference: "<tag>" })} (pass platform=<one listed> when linux/amd64 is not published)`,
            ["registry_image_config"],
          ),
          step(
            "For a Docker Hub image, its popularity and the pull budget",
            `${call("hub_repo_info", { repository: image })}, ${call("hub_rate_limit")}`,
            ["hub_repo_info", "hub_rate_limit"],
          ),
          say("Report tag, digest, platforms and the key configuration"),
        ],
        rules: ["Do not pull."],
      },
      env,
    ),
});

export const planMultiarchBuild = definePrompt({
  name: "plan_multiarch_build",
  domain: "buildx",
  description: "Build and push a multi-platform image.",
  args: [
    { name: "image", complete: "image" },
    { name: "platforms", description: "Comma-separated.", default: "linux/amd64,linux/arm64" },
    { name: "context", default: "." },
  ],
  render: ({ image, platforms, context }, env) => {
    const list = commaList(String(platforms));
    return renderPlan(
      {
        goal: `Build ${image} for ${list.join(", ")} and push it.`,
        steps: [
          step(
            "Make sure a builder with a non-docker driver is in use",
            `${call("buildx_list")}; otherwise ${call("buildx_create", { name: "multi", driver: "docker-container", use: true, bootstrap: true })}`,
            ["buildx_list", "buildx_create"],
          ),
          step(
            "Check that every FROM image publishes all requested platforms (otherwise slow QEMU emulation)",
            call("buildx_imagetools_inspect", { image: "<base>", raw: true }),
            ["buildx_imagetools_inspect"],
          ),
          step(
            "Build and push (load cannot be combined with several platforms)",
            call("buildx_build", {
              context,
              tags: [image],
              platforms: list,
              push: true,
              provenance: "mode=max",
              sbom: "true",
            }),
            ["buildx_build"],
          ),
          step("Verify the pushed index", call("buildx_imagetools_inspect", { image, raw: true }), [
            "buildx_imagetools_inspect",
          ]),
          say("Report any platform that was skipped or emulated"),
        ],
      },
      env,
    );
  },
});

export const auditImageCves = definePrompt({
  name: "audit_image_cves",
  domain: "scout",
  description: "Audit an image's critical and high CVEs.",
  args: [{ name: "image", complete: "image" }],
  render: ({ image }, env) =>
    renderPlan(
      {
        goal: `Audit the vulnerabilities of ${image}.`,
        steps: [
          step("Overview first; stop if everything is zero", call("scout_quickview", { image }), ["scout_quickview"]),
          step(
            "Fixable critical and high CVEs",
            call("scout_cves", { image, only_severity: SEVERE, only_fixed: true }),
            ["scout_cves"],
          ),
          step(
            "The same without the base image's, to separate application CVEs (base-only ones call for a base bump)",
            call("scout_cves", { image, only_severity: SEVERE, ignore_base: true }),
            ["scout_cves"],
          ),
          say("Per CVE give package, installed and fixed versions and the id; recommend the smallest patch"),
        ],
        rules: ["Scout's data is richer when the server's host is logged in to Docker."],
      },
      env,
    ),
});

export const compareImageVersions = definePrompt({
  name: "compare_image_versions",
  domain: "scout",
  description: "Compare two image versions' CVEs.",
  args: [
    { name: "old_image", complete: "image" },
    { name: "new_image", complete: "image" },
  ],
  render: ({ old_image: older, new_image: newer }, env) =>
    renderPlan(
      {
        goal: `Compare ${newer} against ${older}.`,
        steps: [
          step(
            "Compare",
            call("scout_compare", { image: newer, to: older, ignore_unchanged: true, only_severity: SEVERE }),
            ["scout_compare"],
          ),
          say("Classify the CVEs as resolved, new (regressions) or carried over"),
          step(
            "If the base is behind, see whether a refresh would help",
            call("scout_recommendations", { image: newer }),
            ["scout_recommendations"],
          ),
          say("Recommend proceed, hold, or wait for a base refresh, with a short table"),
        ],
        rules: ["Ask before any rebuild or rollback."],
      },
      env,
    ),
});

export const recommendBaseImage = definePrompt({
  name: "recommend_base_image",
  domain: "scout",
  description: "Recommend a better base image.",
  args: [{ name: "image", complete: "image" }],
  render: ({ image }, env) =>
    renderPlan(
      {
        goal: `Recommend a better base image for ${image}.`,
        steps: [
          step(
            "Get the candidates, telling refresh (same major/minor) from update (another release)",
            call("scout_recommendations", { image }),
            ["scout_recommendations"],
          ),
          step(
            "For each candidate confirm a net improvement",
            call("scout_compare", { image: "<candidate>", to: image, only_severity: SEVERE }),
            ["scout_compare"],
          ),
          step(
            `Check availability and platforms (this takes full references${ifHas(env, "registry_manifest", ", unlike registry_manifest, which strips the tag")})`,
            call("buildx_imagetools_inspect", { image: "<candidate>", raw: true }),
            ["buildx_imagetools_inspect"],
          ),
          say("Report the recommended base, the CVEs it resolves and introduces, and the one-line Dockerfile change"),
        ],
        rules: ["Do not edit the Dockerfile."],
      },
      env,
    ),
});

export const inspectMultiarchManifest = definePrompt({
  name: "inspect_multiarch_manifest",
  domain: "buildx",
  description: "Show an image's manifest or index per platform.",
  args: [{ name: "image", complete: "image" }],
  render: ({ image }, env) =>
    renderPlan(
      {
        goal: `Show the manifest of ${image} (the replacement for \`docker manifest inspect\`).`,
        steps: [
          step("Read it raw", call("buildx_imagetools_inspect", { image, raw: true }), ["buildx_imagetools_inspect"]),
          say(
            "Classify by media type: application/vnd.oci.image.manifest.v1+json or the Docker v2 manifest is one platform " +
              "(architecture, OS, layer count); application/vnd.oci.image.index.v1+json or the Docker manifest list gives a " +
              "platform and digest per entry; inspect each attestation-manifest entry by its digest",
          ),
          say("Answer with one table"),
        ],
        rules: ["No pull, no change."],
      },
      env,
    ),
});

export const createMultiarchManifest = definePrompt({
  name: "create_multiarch_manifest",
  domain: "buildx",
  description: "Stitch per-platform tags into one multi-platform tag.",
  args: [{ name: "target_tag" }, { name: "source_tags", description: "Comma-separated existing tags." }],
  render: ({ target_tag: target, source_tags: sources }, env) => {
    const list = commaList(String(sources));
    return renderPlan(
      {
        goal: `Create ${target} from ${list.join(", ")}.`,
        steps: [
          step(
            "Check that every source already exists in the registry (create only stitches; it cannot upload layers)",
            call("buildx_imagetools_inspect", { image: "<source>" }),
            ["buildx_imagetools_inspect"],
          ),
          step(
            "Dry run and show the platforms",
            call("buildx_imagetools_create", { target, sources: list, dry_run: true }),
            ["buildx_imagetools_create"],
          ),
          step(
            "After the user approves, create it (this replaces docker manifest create + push)",
            call("buildx_imagetools_create", { target, sources: list }),
            ["buildx_imagetools_create"],
          ),
          step("Verify and report the digest", call("buildx_imagetools_inspect", { image: target, raw: true }), [
            "buildx_imagetools_inspect",
          ]),
        ],
      },
      env,
    );
  },
});

export const migrateFromDockerManifest = definePrompt({
  name: "migrate_from_docker_manifest",
  domain: "buildx",
  description: "docker manifest → buildx imagetools cheat-sheet.",
  args: [],
  render: (_args, env) => {
    const has = env.has("buildx_imagetools_inspect") && env.has("buildx_imagetools_create");
    const rows = [
      ["inspect REF", call("buildx_imagetools_inspect", { image: "REF" })],
      ["inspect --verbose REF", call("buildx_imagetools_inspect", { image: "REF", raw: true })],
      [
        "create NEW SRC… + push NEW",
        `${call("buildx_imagetools_create", { target: "NEW", sources: ["SRC…"] })} (push implicit)`,
      ],
      ["create --amend NEW SRC…", "the same with append=true"],
      ["annotate NEW SRC --os/--arch/--variant", "re-create from the sources with annotations=[…]"],
      ["push NEW", "not needed"],
      ["rm NEW", "not needed (create overwrites)"],
    ];
    const table = ["| docker manifest | here |", "|---|---|", ...rows.map(([from, to]) => `| ${from} | ${to} |`)];
    return [
      "`docker manifest` is in maintenance mode: it knows nothing of OCI indexes or attestations. Use buildx imagetools instead.",
      "",
      ...(has ? table : ["The buildx imagetools tools are switched off on this server; tell the user."]),
      "",
      "When unsure what a tag holds, start with a raw inspect.",
    ].join("\n");
  },
});
