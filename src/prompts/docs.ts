// Prompts that work from the documentation: study a section, confirm a method, review a Dockerfile.

import { definePrompt } from "../contract/prompt.js";
import { call, renderPlan, say, step } from "./plan.js";

const readSection = (section: string) =>
  step(
    `Read the \`${section}\` documentation`,
    `the resource \`docker-docs://${section}\`, or ${call("docs_lookup", { section })} if you cannot read resources`,
    ["docs_lookup"],
  );

export const lookupDockerDocs = definePrompt({
  name: "lookup_docker_docs",
  domain: null,
  description: "Study a Docker SDK docs section before coding.",
  args: [{ name: "section", complete: "doc_section" }],
  render: (args, env) =>
    renderPlan(
      {
        goal: `Study the Docker documentation section '${args.section}' before writing code against it.`,
        steps: [
          readSection(String(args.section)),
          say("Summarise its public methods with their signatures and return types"),
          say(
            "Call out what is easy to misuse: look-alike parameters, surprising defaults, iterators where a list is expected",
          ),
        ],
        rules: ["Never assume a method exists unless the page shows it."],
      },
      env,
    ),
});

export const verifyDockerMethod = definePrompt({
  name: "verify_docker_method",
  domain: null,
  description: "Confirm a Docker SDK method and its signature.",
  args: [
    { name: "method", description: "Method name, e.g. containers.run." },
    { name: "section", complete: "doc_section" },
  ],
  render: (args, env) =>
    renderPlan(
      {
        goal: `Confirm whether '${args.method}' exists in the '${args.section}' documentation.`,
        steps: [
          readSection(String(args.section)),
          say(
            `If '${args.method}' is there, reproduce its complete signature, every parameter with its type, and what it returns`,
          ),
          say("If it is not, say so plainly and name the nearest documented alternative"),
        ],
      },
      env,
    ),
});

export const reviewDockerfile = definePrompt({
  name: "review_dockerfile",
  domain: null,
  description: "Review a Dockerfile; propose a diff.",
  args: [{ name: "dockerfile_path" }],
  render: (args, env) =>
    renderPlan(
      {
        goal: `Review the Dockerfile at ${args.dockerfile_path}.`,
        steps: [
          readSection("dockerfile"),
          readSection("build-best-practices"),
          say(
            "Check for: base images without a pinned tag or digest; no USER (runs as root); secrets baked into layers " +
              "(ENV/ARG credentials, copied keys, tokens in RUN); no HEALTHCHECK for a service; cache-hostile order " +
              "(COPY . . before installing dependencies); ADD where COPY suffices; apt-get install without " +
              "--no-install-recommends or without cleaning its lists in the same layer; .dockerignore gaps",
          ),
          say("Report findings grouped by severity, security first, each with its line and the fix"),
        ],
        rules: ["Propose a diff; do not edit the file."],
      },
      env,
    ),
});
