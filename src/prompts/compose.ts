// Prompts for multi-container deployments: plan one from a description, deploy or troubleshoot a Compose project,
// deploy a stack on a swarm.

import { definePrompt, type PromptArg } from "../contract/prompt.js";
import { call, ifHas, renderPlan, say, step } from "./plan.js";

/** A project by its directory, and its name when it differs from the directory's. */
const PROJECT_ARGS: readonly PromptArg[] = [
  { name: "project_dir" },
  { name: "project_name", default: null, complete: "compose_project" },
];

/** project_dir plus project_name only when it was given. */
function project(args: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return { project_dir: args.project_dir, ...(args.project_name ? { project_name: args.project_name } : {}) };
}

export const planComposeStack = definePrompt({
  name: "plan_compose_stack",
  domain: "compose",
  description: "Plan a multi-container deployment, build on approval.",
  args: [{ name: "description", description: "What should run." }],
  render: ({ description }, env) =>
    renderPlan(
      {
        goal: `Design and deploy: ${description}`,
        steps: [
          say(
            "Before any tool call, write the plan: containers (image, name, role, ports); networks (driver, members); " +
              `volumes and mount paths; environment and secrets (${ifHas(env, "secret_create", "secret_create on a swarm, ")}env for plain containers); start order`,
          ),
          say("Wait for the user's approval"),
          step(
            "Create in dependency order",
            `${call("network_create", { name: "<net>" })}, ${call("volume_create", { name: "<vol>" })}, ${call("image_pull", { repository: "<image>" })}, ${call("container_run", { image: "<image>", name: "<name>", detach: true })}`,
            ["network_create", "volume_create", "image_pull", "container_run"],
          ),
          step("Show the result", call("container_list"), ["container_list"]),
        ],
      },
      env,
    ),
});

export const deployComposeProject = definePrompt({
  name: "deploy_compose_project",
  domain: "compose",
  description: "Deploy a Compose project after reviewing its config.",
  args: PROJECT_ARGS,
  render: (args, env) => {
    const p = project(args);
    return renderPlan(
      {
        goal: `Deploy the Compose project in ${args.project_dir}.`,
        steps: [
          step(
            "Render the configuration and get approval, flagging privileged: true, bind mounts that escape the project, and secret-looking environment",
            call("compose_config", { ...p, format: "json" }),
            ["compose_config"],
          ),
          step("Pull the images", call("compose_pull", p), ["compose_pull"]),
          step("Start it and wait for health", call("compose_up", { ...p, wait: true }), ["compose_up"]),
          step("Confirm every service runs", call("compose_ps", p), ["compose_ps"]),
          step("Read the logs for errors", call("compose_logs", { ...p, tail: 100 }), ["compose_logs"]),
        ],
        rules: ["Ask before ever deleting the project's volumes in a later teardown: that removes its data."],
      },
      env,
    );
  },
});

export const troubleshootComposeProject = definePrompt({
  name: "troubleshoot_compose_project",
  domain: "compose",
  description: "Diagnose a Compose project's failing services.",
  args: PROJECT_ARGS,
  render: (args, env) => {
    const p = project(args);
    return renderPlan(
      {
        goal: `Find out why the Compose project in ${args.project_dir} misbehaves.`,
        steps: [
          step("List every service with its exit code", call("compose_ps", { ...p, all: true }), ["compose_ps"]),
          step(
            "For each service that is not running, read its logs",
            call("compose_logs", { ...p, services: ["<service>"], tail: 200, timestamps: true }),
            ["compose_logs"],
          ),
          step(
            "Check healthchecks, depends_on, environment and volumes",
            `${call("compose_config", { ...p, format: "json" })} — depends_on with condition: service_started only proves the process started`,
            ["compose_config"],
          ),
          say("Give the root cause and the fix"),
        ],
        rules: ["Propose changes and wait for the user's go-ahead before making any."],
      },
      env,
    );
  },
});

export const deploySwarmStack = definePrompt({
  name: "deploy_swarm_stack",
  domain: "stack",
  description: "Deploy a swarm stack and wait for its services.",
  args: [{ name: "stack_name" }, { name: "compose_file" }],
  render: ({ stack_name: name, compose_file: file }, env) =>
    renderPlan(
      {
        goal: `Deploy ${file} as the swarm stack ${name}.`,
        steps: [
          step(
            `Require a manager: Swarm.LocalNodeState active and Swarm.ControlAvailable true, else stop (${ifHas(env, "swarm_init", "swarm_init, or ")}point at a manager)`,
            call("system_info", { fields: ["Swarm.LocalNodeState", "Swarm.ControlAvailable"] }),
            ["system_info"],
          ),
          step(
            "Render the file and flag risky settings (privileged, host binds, secret-like env — prefer swarm secrets and configs) and keys a swarm ignores (depends_on, build)",
            call("compose_config", { files: [file], format: "json" }),
            ["compose_config"],
          ),
          step(
            "Deploy and check exit_code and output",
            `${call("stack_deploy", { name, compose_files: [file] })} (with_registry_auth=true for private images; prune=true only when asked)`,
            ["stack_deploy"],
          ),
          step(
            "Get the full service names (<stack>_<service>) and wait for each",
            `${call("stack_services", { name })}, then ${call("service_wait", { id_or_name: "<full name>", until: "running" })}`,
            ["stack_services", "service_wait"],
          ),
          step(
            "On met=false or timed_out=true, read its failed_tasks or the running tasks, fix and redeploy",
            call("stack_ps", { name, filters: { "desired-state": "running" } }),
            ["stack_ps"],
          ),
          say(
            `Report desired against running replicas and any task errors${ifHas(env, "stack_remove", "; stack_remove is the teardown (do not call it)")}`,
          ),
        ],
      },
      env,
    ),
});
