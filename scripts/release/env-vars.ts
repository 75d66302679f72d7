// The environment variables a user sets to configure the server, as the distribution manifests describe them (the
// MCP registry's server.json, the .mcpb bundle). The README's configuration table is the reference; a unit test keeps
// every name here in that table.

export interface EnvVarDoc {
  readonly name: string;
  readonly description: string;
  readonly format: "string" | "boolean" | "number" | "filepath";
  readonly isSecret?: boolean;
  readonly default?: string;
}

export const ENV_VARS: readonly EnvVarDoc[] = [
  {
    name: "DOCKER_MCP_SERVER_HOSTS",
    description:
      "Daemons to manage: comma-separated label=endpoint (auto, local, unix://, tcp://, ssh://, npipe://), markers (ro) and (tls=<dir>). Unset: the daemon the docker CLI would use.",
    format: "string",
  },
  {
    name: "DOCKER_MCP_SERVER_READONLY",
    description: "Register only read-only tools.",
    format: "boolean",
    default: "false",
  },
  {
    name: "DOCKER_MCP_SERVER_NO_DESTRUCTIVE",
    description: "Register everything except destructive tools (prune, remove, kill, ...).",
    format: "boolean",
    default: "false",
  },
  {
    name: "DOCKER_MCP_SERVER_DISABLE",
    description: "Comma list of domains to drop (e.g. scout,buildx,swarm).",
    format: "string",
  },
  {
    name: "DOCKER_MCP_SERVER_REQUEST_TIMEOUT",
    description: "Seconds a daemon has to answer an Engine request.",
    format: "number",
    default: "60",
  },
  {
    name: "DOCKER_MCP_SERVER_CONNECT_TIMEOUT",
    description: "Seconds to open a connection to a daemon (socket, TLS or SSH handshake).",
    format: "number",
    default: "10",
  },
  {
    name: "DOCKER_MCP_SERVER_REGISTRY_USERNAME",
    description: "Registry user for the registry tools when a call passes none (with _PASSWORD).",
    format: "string",
  },
  {
    name: "DOCKER_MCP_SERVER_REGISTRY_PASSWORD",
    description: "Registry password or token for the registry tools (with _USERNAME).",
    format: "string",
    isSecret: true,
  },
  {
    name: "DOCKER_MCP_SERVER_REGISTRY_CA_FILE",
    description: "PEM file of a private CA the registry tools trust.",
    format: "filepath",
  },
  {
    name: "DOCKER_MCP_SERVER_NO_LABELS",
    description: "Do not stamp provenance labels on created objects.",
    format: "boolean",
    default: "false",
  },
  {
    name: "DOCKER_HOST",
    description: "Legacy single daemon, read as the docker CLI reads it (ignored when DOCKER_MCP_SERVER_HOSTS is set).",
    format: "string",
  },
];
