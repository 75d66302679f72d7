// The MCP registry entry (server.json) generated from package.json, so its versions never drift from the package:
// the npm package and the OCI image, both stdio, with the configuration variables. `npm run server-json` rewrites it.

import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ENV_VARS } from "./env-vars.js";

export const SERVER_SCHEMA_URL = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json";
/** The image repository on GHCR (lower case, as OCI references must be). */
export const IMAGE_REPOSITORY = "ghcr.io/l337-org/docker-mcp-server";

export interface PackageJson {
  name: string;
  version: string;
  description: string;
  mcpName: string;
  homepage: string;
  repository: { url: string };
}

export function readPackageJson(root = resolve(import.meta.dirname, "../..")): PackageJson {
  return JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as PackageJson;
}

const repositoryUrl = (pkg: PackageJson) => pkg.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");

function environmentVariables() {
  return ENV_VARS.map((variable) => ({
    name: variable.name,
    description: variable.description,
    format: variable.format,
    isRequired: false,
    isSecret: variable.isSecret ?? false,
    ...(variable.default !== undefined ? { default: variable.default } : {}),
  }));
}

export function serverJson(pkg: PackageJson): Record<string, unknown> {
  const stdio = { type: "stdio" };
  return {
    $schema: SERVER_SCHEMA_URL,
    name: pkg.mcpName,
    title: "Docker",
    description: "Containers, images, compose, swarm and registries on one or many Docker daemons, safely.",
    version: pkg.version,
    repository: { url: repositoryUrl(pkg), source: "github" },
    websiteUrl: pkg.homepage,
    packages: [
      {
        registryType: "npm",
        registryBaseUrl: "https://registry.npmjs.org",
        identifier: pkg.name,
        version: pkg.version,
        runtimeHint: "npx",
        transport: stdio,
        environmentVariables: environmentVariables(),
      },
      {
        registryType: "oci",
        identifier: `${IMAGE_REPOSITORY}:${pkg.version}`,
        runtimeHint: "docker",
        transport: stdio,
        runtimeArguments: [
          {
            type: "named",
            name: "-v",
            value: "{docker_socket}:/var/run/docker.sock",
            variables: {
              docker_socket: {
                description:
                  "The Docker socket on the host (rootless: $XDG_RUNTIME_DIR/docker.sock; Docker Desktop on macOS: ~/.docker/run/docker.sock).",
                format: "filepath",
                default: "/var/run/docker.sock",
                isRequired: true,
              },
            },
          },
          {
            type: "named",
            name: "--group-add",
            value: "{socket_gid}",
            variables: {
              socket_gid: {
                description:
                  "The socket's group id (`stat -c %g /var/run/docker.sock`): the server runs as the unprivileged user node.",
                format: "number",
                isRequired: true,
              },
            },
          },
        ],
        environmentVariables: environmentVariables().filter((variable) => variable.name !== "DOCKER_HOST"),
      },
    ],
  };
}

export const serverJsonText = (pkg: PackageJson) => `${JSON.stringify(serverJson(pkg), null, 2)}\n`;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = resolve(import.meta.dirname, "../..");
  writeFileSync(resolve(root, "server.json"), serverJsonText(readPackageJson(root)));
  process.stderr.write("wrote server.json\n");
}
