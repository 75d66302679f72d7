// The domain names of the whole contract, in the order the server lists their tools. The names are
// what DOCKER_MCP_SERVER_DISABLE takes; a domain may be declared before any of its tools exist.

export const DOMAIN_NAMES = [
  "system",
  "containers",
  "images",
  "networks",
  "volumes",
  "configs",
  "secrets",
  "nodes",
  "services",
  "swarm",
  "plugins",
  "compose",
  "context",
  "stack",
  "registry",
  "buildx",
  "scout",
] as const;

export type Domain = (typeof DOMAIN_NAMES)[number];

export function isDomain(name: string): name is Domain {
  return (DOMAIN_NAMES as readonly string[]).includes(name);
}
