// Prompts about where the server points: contexts against pinned hosts, swarm health, a sweep of every host.

import { definePrompt } from "../contract/prompt.js";
import { call, ifHas, renderPlan, say, step } from "./plan.js";

export const auditDockerContexts = definePrompt({
  name: "audit_docker_contexts",
  domain: "context",
  description: "Compare CLI contexts with the server's pinned hosts.",
  args: [],
  render: (_args, env) =>
    renderPlan(
      {
        goal: "Check that the docker CLI's contexts and this server's pinned daemons agree.",
        steps: [
          step(
            "List the server's hosts: name, resolved URL, read-only and TLS flags, default — pinned at start-up and unaffected by a later docker context use",
            `${call("host_list")} (or \`docker-mcp://hosts\`)`,
            ["host_list"],
          ),
          step(
            "List the contexts as a table; the Current=true one only matters for auto/local hosts",
            call("context_list"),
            ["context_list"],
          ),
          step(
            "Ask each daemon who it is (Name, ServerVersion, OperatingSystem) and compare with the host URL and the context's DockerEndpoint",
            call("system_info", { fields: ["Name", "ServerVersion", "OperatingSystem"] }),
            ["system_info"],
          ),
          say("If they disagree, ask the user which target is meant before any change"),
        ],
      },
      env,
    ),
});

export const auditSwarmHealth = definePrompt({
  name: "audit_swarm_health",
  domain: "swarm",
  description: "Read-only swarm audit: nodes and services.",
  args: [],
  render: (_args, env) =>
    renderPlan(
      {
        goal: "Audit the health of this swarm, read-only.",
        steps: [
          step(
            "Nodes: flag any not ready, drained or paused, manager reachability, an even number of managers or a single one",
            call("node_list"),
            ["node_list"],
          ),
          step(
            "Services: compare desired replicas (Spec.Mode) with tasks whose Status.State is running",
            `${call("service_list")}, then per service ${call("service_ps", { id_or_name: "<service>", filters: { "desired-state": "running" } })}`,
            ["service_list", "service_ps"],
          ),
          step(
            "For under-replicated services find rejected or failed tasks, or shutdown→starting cycling, with Status.Err / Status.Message",
            call("service_ps", { id_or_name: "<service>" }),
            ["service_ps"],
          ),
          step(
            "For a crash loop, read the service's logs",
            call("service_logs", { id_or_name: "<service>", tail: 200, timestamps: true }),
            ["service_logs"],
          ),
          say(
            "Answer with a nodes table, a services table, a verdict and the most urgent fix" +
              ifHas(env, "node_remove", "; a drained node to remove is a follow-up with node_remove (do not call it)"),
          ),
        ],
        rules: [
          ifHas(
            env,
            "service_wait",
            "While a service converges, node_wait / service_wait beat re-running this audit; the audit itself changes nothing.",
            "Change nothing.",
          ),
        ],
      },
      env,
    ),
});

export const surveyHosts = definePrompt({
  name: "survey_hosts",
  domain: null,
  multiHost: true,
  description: "Read-only sweep of every configured host.",
  args: [],
  render: (_args, env) =>
    renderPlan(
      {
        goal: `Survey every configured host (${env.multiHostLabels.join(", ")}), read-only.`,
        steps: [
          step("List the hosts", `\`docker-mcp://hosts\` or ${call("host_list")}`, ["host_list"]),
          step(
            "For each host check reachability, ServerVersion, OperatingSystem and counts; an unreachable host is noted and the others continue",
            `${call("system_ping", { host: "<name>" })}, ${call("system_info", { host: "<name>", fields: ["ServerVersion", "OperatingSystem", "Containers", "ContainersRunning", "ContainersStopped"] })}`,
            ["system_ping", "system_info"],
          ),
          say(
            "Read each host's container index (`docker:///containers` for the default, `docker://{host}/containers` for the others); summarise running and stopped, flag non-zero exits and restarting",
          ),
          say("Answer with one table: host, reachable, version, running, stopped, problems, read-only"),
          say(
            "Explain the model: read-only tools take host=<name> and default to the first host; every mutating or destructive call must name its host; writes to a (ro) host are refused",
          ),
          say("Give a one-line verdict per host and the host most worth attention"),
        ],
        rules: ["Change nothing."],
      },
      env,
    ),
});
