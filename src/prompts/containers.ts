// Prompts about containers: deploy, troubleshoot, watch the fleet, triage an incident, migrate to a new image,
// audit runtime risk, debug networking between two containers.

import { definePrompt, type PromptEnvironment } from "../contract/prompt.js";
import { call, ifHas, renderPlan, say, step } from "./plan.js";

/** The trailing paragraph for prompts that read container resources. */
function multiHostNote(env: PromptEnvironment): string {
  if (env.multiHostLabels.length < 2) return "";
  return (
    "\n\nMulti-host: the URIs above are the single-host forms. Here the container index is `docker:///containers` " +
    "(default host) and `docker://{host}/containers` for a named host; pass host=<name> to tools; do not build " +
    "docker-logs/docker-stats URIs by hand but follow the `logs` and `stats` URIs each index entry carries; see " +
    "docker-mcp://hosts."
  );
}

const confirmBeforeChange = "Propose changes and wait for the user's go-ahead before making any.";

export const deployContainer = definePrompt({
  name: "deploy_container",
  domain: "containers",
  description: "Deploy one container: pull, run, wait healthy.",
  args: [{ name: "image", complete: "image" }, { name: "name" }],
  render: ({ image, name }, env) =>
    renderPlan(
      {
        goal: `Deploy ${image} as a container named ${name}.`,
        steps: [
          step("Pull the image", call("image_pull", { repository: image }), ["image_pull"]),
          step(
            "Create a dedicated network or volume if the container needs one",
            `${call("network_create", { name: "<net>" })}, ${call("volume_create", { name: "<vol>" })}`,
            ["network_create", "volume_create"],
          ),
          step(
            "Run it detached with a restart policy and the ports and volumes it needs",
            call("container_run", { image, name, detach: true, restart_policy: { Name: "unless-stopped" } }),
            ["container_run"],
          ),
          step(
            "Wait until it is healthy",
            `${call("container_wait", { id_or_name: name, until: "healthy" })}: met=true means the HEALTHCHECK passed; ` +
              'health null with met=false means the image has no HEALTHCHECK — then check status == "running"',
            ["container_wait"],
          ),
          step("If anything looks wrong, read its logs", call("container_logs", { id_or_name: name, tail: 100 }), [
            "container_logs",
          ]),
          say("Report the container id and everything you created"),
        ],
        rules: ["Ask before removing or replacing anything that already has the same name."],
      },
      env,
    ),
});

export const troubleshootContainer = definePrompt({
  name: "troubleshoot_container",
  domain: "containers",
  description: "Diagnose a misbehaving container.",
  args: [{ name: "container", complete: "container" }],
  render: ({ container }, env) =>
    renderPlan(
      {
        goal: `Find out why container ${container} misbehaves.`,
        steps: [
          step(
            "Check its state, exit code and restart count",
            call("container_inspect", {
              id_or_name: container,
              fields: ["State", "RestartCount", "HostConfig.RestartPolicy"],
            }),
            ["container_inspect"],
          ),
          step("Read its recent output", call("container_logs", { id_or_name: container, tail: 200 }), [
            "container_logs",
          ]),
          step(
            "If it runs, look at its resource use and processes",
            `${call("container_stats", { id_or_name: container })} and ${call("container_top", { id_or_name: container })}`,
            ["container_stats", "container_top"],
          ),
          step(
            "If a configuration or process check is needed, run one command inside it",
            call("container_exec", { id_or_name: container, cmd: ["<cmd>"] }),
            ["container_exec"],
          ),
          say("Give the root cause in one paragraph and a concrete fix (configuration, image bump, limits)"),
        ],
        rules: [confirmBeforeChange],
      },
      env,
    ),
});

export const monitorContainerFleet = definePrompt({
  name: "monitor_container_fleet",
  domain: "containers",
  description: "Read-only health sweep of all containers.",
  args: [{ name: "top", description: "How many of the busiest get their logs read.", type: "integer", default: 5 }],
  render: ({ top }, env) =>
    renderPlan(
      {
        goal: "Sweep the health of every container on this daemon, read-only.",
        steps: [
          say(
            "Read `docker://containers` and list the unhealthy first: exited with a non-zero exit_code, restarting, paused, dead",
          ),
          say(
            "For running containers read `docker-stats://{name}` (one instantaneous sample, not an average) and rank them by pressure",
          ),
          say(
            `Read \`docker-logs://{name}\` for the top ${top} and for the unhealthy ones (logs work on stopped containers); ` +
              "flag error and restart lines, memory near 100 % (OOM risk), CPU pinned at a limit",
          ),
          say(
            "Answer with one table (name, status, CPU %, mem %, note), problems first, then a judgement naming the one " +
              "container to look at next (troubleshoot_container does the deep dive)",
          ),
          step(
            "For ongoing watching, wait for the next health change instead of re-running the sweep",
            call("system_events", {
              filters: { type: "container", event: "health_status" },
              limit: 1,
              timeout_seconds: 600,
            }),
            ["system_events"],
          ),
        ],
        rules: ["Change nothing."],
      },
      env,
    ) + multiHostNote(env),
});

export const triageIncident = definePrompt({
  name: "triage_incident",
  domain: "containers",
  description: "Host-wide incident triage from events; diagnosis only.",
  args: [{ name: "window_minutes", type: "integer", default: 30 }],
  render: ({ window_minutes: minutes }, env) =>
    renderPlan(
      {
        goal: `Triage an incident on this host over the last ${minutes} minutes: find the cause, change nothing.`,
        steps: [
          step(
            "Pull the event timeline",
            `compute the Unix epoch of ${minutes} minutes ago (since takes an absolute time — epoch or RFC 3339, never a ` +
              `relative "${minutes}m"), then ${call("system_events", { since: "<epoch>", filters: { type: "container" }, limit: 200 })}; ` +
              "look for die, oom, kill, health_status: unhealthy and tight start/die cycles",
            ["system_events"],
          ),
          say(
            "Read `docker://containers` and reconcile: a recent die plus restarting or a non-zero exit is the prime suspect",
          ),
          step(
            "Separate cause from symptom",
            `\`docker-stats://{name}\` for a resource hog, ${call("system_df")} for daemon disk exhaustion; many unrelated ` +
              "failures at once point at the host or the daemon",
            ["system_df"],
          ),
          say("Read `docker-logs://{name}` of the suspect for the error before its first die"),
          say(
            "Conclude with a two-sentence root cause and blast radius, then hand off to troubleshoot_container or a host-level fix",
          ),
        ],
        rules: ["Propose; do not perform."],
      },
      env,
    ) + multiHostNote(env),
});

export const migrateContainer = definePrompt({
  name: "migrate_container",
  domain: "containers",
  description: "Move a container to a new image, with rollback.",
  args: [
    { name: "container", complete: "container" },
    { name: "new_image", complete: "image" },
  ],
  render: ({ container, new_image: image }, env) =>
    renderPlan(
      {
        goal: `Move container ${container} to ${image}, keeping its configuration, with a way back.`,
        steps: [
          step(
            "Capture its name, env, mounts, ports, network and restart policy, and show them to the user",
            call("container_inspect", { id_or_name: container }),
            ["container_inspect"],
          ),
          step("Pull the new image", call("image_pull", { repository: image }), ["image_pull"]),
          step(
            "Stop the old container and keep it as the rollback",
            `${call("container_stop", { id_or_name: container })}, then ${call("container_rename", { id_or_name: container, name: `${container}-old` })} (not removed)`,
            ["container_stop", "container_rename"],
          ),
          step(
            "Run the new image under the original name with the captured configuration",
            call("container_run", { image, name: container, detach: true }),
            ["container_run"],
          ),
          step(
            "Wait until it is healthy",
            `${call("container_wait", { id_or_name: container, until: "healthy" })}; health null means no HEALTHCHECK, not unhealthy — then status "running" is success`,
            ["container_wait"],
          ),
          step(
            "On unhealthy or an early exit, roll back",
            `stop and remove the new one, ${call("container_rename", { id_or_name: `${container}-old`, name: container })}, ${call("container_start", { id_or_name: container })}`,
            ["container_stop", "container_remove", "container_rename", "container_start"],
          ),
          step(
            "Only after success and the user's confirmation, remove the old container",
            call("container_remove", { id_or_name: `${container}-old` }),
            ["container_remove"],
          ),
        ],
      },
      env,
    ),
});

export const auditContainerSecurity = definePrompt({
  name: "audit_container_security",
  domain: "containers",
  description: "Read-only runtime-risk audit of running containers.",
  args: [],
  render: (_args, env) =>
    renderPlan(
      {
        goal: "Audit the running containers for runtime risk, read-only.",
        steps: [
          step(
            "Background: read the engine security documentation",
            `\`docker-docs://engine-security\`, or ${call("docs_lookup", { section: "engine-security" })}`,
            ["docs_lookup"],
          ),
          step("List the running containers", call("container_list"), ["container_list"]),
          step(
            "Inspect each and flag",
            `${call("container_inspect", { id_or_name: "<name>", fields: ["HostConfig", "Mounts", "Config.User"] })}: ` +
              "Privileged true; a bind of /var/run/docker.sock; NetworkMode, PidMode or IpcMode host; CapAdd (above all " +
              "SYS_ADMIN, NET_ADMIN, SYS_PTRACE); SecurityOpt disabling seccomp or apparmor; writable binds of /, /etc, " +
              "/var/run or a home; no User (best effort); no limits (Memory or NanoCpus 0)",
            ["container_inspect"],
          ),
          say("Answer with a table (container, risk, severity), the most exposed container and its top remediation"),
        ],
        rules: ["Recommend only; change nothing."],
      },
      env,
    ),
});

export const debugContainerNetworking = definePrompt({
  name: "debug_container_networking",
  domain: "networks",
  description: "Find why one container cannot reach another.",
  args: [
    { name: "source", description: "The container that connects.", complete: "container" },
    { name: "target", description: "The container it should reach.", complete: "container" },
  ],
  render: ({ source, target }, env) =>
    renderPlan(
      {
        goal: `Find out why ${source} cannot reach ${target}.`,
        steps: [
          step(
            "Compare their networks",
            `${call("container_inspect", { id_or_name: source, fields: ["NetworkSettings.Networks"] })} and the same for ${target}: ` +
              "no shared user-defined network is the usual cause (the default bridge has no name resolution) — then suggest " +
              `${ifHas(env, "network_connect", "network_connect", "connecting both to one network")}; if they share one, note the DNS name that should resolve`,
            ["container_inspect"],
          ),
          step(
            "Probe from the source",
            `${call("container_exec", { id_or_name: source, cmd: ["getent", "hosts", target] })}, then ` +
              `${call("container_exec", { id_or_name: source, cmd: ["nc", "-z", "-w", "2", target, "<port>"] })} if nc exists — ` +
              "this separates a DNS failure from a refusal or a timeout",
            ["container_exec"],
          ),
          step(
            "If refused, check that the target listens on 0.0.0.0, not 127.0.0.1",
            `${call("container_inspect", { id_or_name: target, fields: ["NetworkSettings.Ports"] })}, ${call("container_logs", { id_or_name: target, tail: 100 })}; published ports only matter from the host`,
            ["container_inspect", "container_logs"],
          ),
          say("Give the root cause in one sentence and the fix"),
        ],
        rules: ["Show the fix before changing anything."],
      },
      env,
    ),
});
