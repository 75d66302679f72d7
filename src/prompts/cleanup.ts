// Prompts about disk and footprint: reclaim space, remove only what this server made, view everything under a label,
// attribute disk usage.

import { definePrompt } from "../contract/prompt.js";
import { call, ifHas, renderPlan, say, step } from "./plan.js";

const MANAGED = "docker-mcp-server.managed=true";

export const cleanEnvironment = definePrompt({
  name: "clean_environment",
  domain: null,
  description: "Reclaim disk safely, before/after snapshots.",
  args: [{ name: "scope", description: '"stopped" (default) or "all".', default: "stopped" }],
  render: ({ scope }, env) => {
    const all = scope === "all";
    return renderPlan(
      {
        goal: `Reclaim disk space on this daemon (scope: ${all ? "all" : "stopped"}).`,
        steps: [
          step(
            'Take the "before" snapshot',
            `${call("system_df")} — note BuildCache, which neither container nor image pruning touches`,
            ["system_df"],
          ),
          step("Remove stopped containers", call("container_prune"), ["container_prune"]),
          step("Remove dangling images only", `${call("image_prune")} (never with filters {"dangling": false})`, [
            "image_prune",
          ]),
          step("Clear the build cache", `${call("buildx_prune")} — the next build will be slower`, ["buildx_prune"]),
          ...(all
            ? [
                step("Remove unused networks", call("network_prune"), ["network_prune"]),
                step(
                  "Remove unused volumes, only after the user explicitly confirms (their data is gone for good)",
                  call("volume_prune"),
                  ["volume_prune"],
                ),
              ]
            : []),
          step('Take the "after" snapshot and report the space recovered against the first', call("system_df"), [
            "system_df",
          ]),
        ],
        rules: [
          `To clean only this server's objects, scope the inventory with ${call("container_list", { managed_only: true })} or the label ${MANAGED}.`,
        ],
      },
      env,
    );
  },
});

export const pruneManaged = definePrompt({
  name: "prune_managed",
  domain: null,
  description: "Remove only what this server created.",
  args: [{ name: "include_volumes", type: "boolean", default: false }],
  render: ({ include_volumes: volumes }, env) => {
    const filters = { label: MANAGED };
    return renderPlan(
      {
        goal: `Remove only objects this server created (label ${MANAGED}).`,
        steps: [
          step(
            "Show the inventory first; stop if it is empty",
            `${call("container_list", { all: true, managed_only: true })}, ${call("network_list", { managed_only: true })}, ` +
              `${call("volume_list", { managed_only: true })} (always listed, even when not removed)`,
            ["container_list", "network_list", "volume_list"],
          ),
          step("On a swarm manager, list managed services too", call("service_list", { managed_only: true }), [
            "service_list",
          ]),
          step("Remove the stopped managed containers", call("container_prune", { filters }), ["container_prune"]),
          step(
            "Running managed containers only after the user confirms",
            `${call("container_stop", { id_or_name: "<name>" })} then ${call("container_remove", { id_or_name: "<name>" })}`,
            ["container_stop", "container_remove"],
          ),
          step("Remove the managed networks", call("network_prune", { filters }), ["network_prune"]),
          volumes
            ? step(
                "Remove the managed volumes, only after the user explicitly confirms",
                call("volume_prune", { filters }),
                ["volume_prune"],
              )
            : say("Do not touch volumes; mention re-running with include_volumes=true to remove them"),
          step(
            "Managed services one by one (there is no service prune)",
            call("service_remove", { id_or_name: "<name>" }),
            ["service_remove"],
          ),
          say("Re-run the inventory to confirm, and report what went"),
        ],
        rules: ["Never prune without the label filter."],
      },
      env,
    );
  },
});

export const inspectStack = definePrompt({
  name: "inspect_stack",
  domain: null,
  description: "Read-only view of everything with a label.",
  args: [{ name: "label", description: "Label, key or key=value." }],
  render: ({ label }, env) => {
    const filters = { label: String(label) };
    return renderPlan(
      {
        goal: `Show everything labelled ${label}, read-only.`,
        steps: [
          step(
            "List each kind with the label filter",
            `${call("container_list", { all: true, filters })}, ${call("network_list", { filters })}, ${call("volume_list", { filters })}`,
            ["container_list", "network_list", "volume_list"],
          ),
          say("Answer with one table grouped by type: name, id, creation time"),
        ],
        rules: ["Modify nothing."],
      },
      env,
    );
  },
});

export const investigateDiskUsage = definePrompt({
  name: "investigate_disk_usage",
  domain: null,
  description: "Attribute disk usage before cleaning; read-only.",
  args: [],
  render: (_args, env) =>
    renderPlan(
      {
        goal: "Find out what uses the disk on this daemon, read-only.",
        steps: [
          step("Find the dominant bucket", call("system_df"), ["system_df"]),
          step(
            "Images: the largest, and what they share",
            `${call("image_list")} sorted by size, ${call("image_history", { id_or_name: "<largest>" })} (shared base layers count once)`,
            ["image_list", "image_history"],
          ),
          step(
            "Build cache",
            `${call("buildx_du")} (${ifHas(env, "buildx_prune", "reclaimable with buildx_prune; ")}image pruning does not see it)`,
            ["buildx_du"],
          ),
          step(
            "Volumes: which are dangling (not necessarily junk)",
            `${call("volume_list")} against ${call("container_list", { all: true })}`,
            ["volume_list", "container_list"],
          ),
          step(
            "Containers: stopped ones with large writable layers",
            call("container_diff", { id_or_name: "<name>" }),
            ["container_diff"],
          ),
          say("Report the breakdown and the biggest offenders, then point at the clean_environment prompt"),
        ],
        rules: ["Change nothing."],
      },
      env,
    ),
});
