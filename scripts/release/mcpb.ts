// The Claude Desktop bundle (.mcpb): the single-file server, a manifest whose version is package.json's, and user
// settings for hosts, read-only, no-destructive and disabled domains mapped onto the server's environment variables.
// `npm run mcpb` writes dist/docker-mcp-server-<version>.mcpb (`-- --out <file>` elsewhere).

import { execFile } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { type PackageJson, readPackageJson } from "./server-json.js";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const BUNDLE = resolve(ROOT, "dist/docker-mcp-server.mjs");
/** The mcpb CLI that packs and validates; its newest documented manifest version is 0.3 (0.4 is experimental). */
export const MCPB_CLI = "@anthropic-ai/mcpb@2.1.2";
export const MANIFEST_VERSION = "0.3";
const ENTRY = "server/docker-mcp-server.mjs";

/** A `${…}` placeholder the host application substitutes (`__dirname`, `user_config.hosts`). */
// biome-ignore lint/suspicious/noTemplateCurlyInString: the manifest's placeholders are literal text
const placeholder = (name: string) => "${NAME}".replace("NAME", name);

const USER_CONFIG = {
  hosts: {
    type: "string",
    title: "Docker hosts",
    description:
      "Daemons to manage, e.g. local=auto, prod=ssh://ops@prod.example.com(ro). Empty: the daemon the docker CLI would use.",
    required: false,
    default: "",
  },
  read_only: {
    type: "boolean",
    title: "Read-only",
    description: "Offer only tools that change nothing.",
    required: false,
    default: false,
  },
  no_destructive: {
    type: "boolean",
    title: "No destructive tools",
    description: "Leave out prune, remove, kill and the other destructive tools.",
    required: false,
    default: false,
  },
  disabled_domains: {
    type: "string",
    title: "Disabled domains",
    description: "Comma list of tool domains to leave out, e.g. swarm,scout,buildx.",
    required: false,
    default: "",
  },
} as const;

const ENV_OF_SETTING: Record<keyof typeof USER_CONFIG, string> = {
  hosts: "DOCKER_MCP_SERVER_HOSTS",
  read_only: "DOCKER_MCP_SERVER_READONLY",
  no_destructive: "DOCKER_MCP_SERVER_NO_DESTRUCTIVE",
  disabled_domains: "DOCKER_MCP_SERVER_DISABLE",
};

export function manifest(pkg: PackageJson): Record<string, unknown> {
  const repository = pkg.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");
  return {
    manifest_version: MANIFEST_VERSION,
    name: pkg.name,
    display_name: "Docker",
    version: pkg.version,
    description: pkg.description,
    long_description:
      "Containers, images, networks, volumes, compose, swarm, buildx and registries on one or many Docker daemons " +
      "(local socket, TCP+TLS, SSH), with read-only and no-destructive switches.",
    author: { name: "L337-org", url: "https://github.com/L337-org" },
    repository: { type: "git", url: repository },
    homepage: pkg.homepage,
    documentation: pkg.homepage,
    support: `${repository}/issues`,
    license: "MIT",
    keywords: ["docker", "containers", "compose", "mcp"],
    server: {
      type: "node",
      entry_point: ENTRY,
      mcp_config: {
        command: "node",
        args: [`${placeholder("__dirname")}/${ENTRY}`],
        env: Object.fromEntries(
          Object.entries(ENV_OF_SETTING).map(([setting, variable]) => [
            variable,
            placeholder(`user_config.${setting}`),
          ]),
        ),
      },
    },
    user_config: USER_CONFIG,
    compatibility: { platforms: ["darwin", "linux", "win32"], runtimes: { node: ">=20.19.0" } },
  };
}

/** Stages the bundle and its manifest, packs them with the mcpb CLI; returns the .mcpb path. */
export async function buildMcpb(outFile: string, root = ROOT): Promise<string> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run build first.`);
  const pkg = readPackageJson(root);
  const staging = mkdtempSync(join(tmpdir(), "dmcp-mcpb-"));
  try {
    mkdirSync(join(staging, "server"));
    copyFileSync(BUNDLE, join(staging, ENTRY));
    // The entry's chunks sit beside it, as in dist/.
    cpSync(resolve(dirname(BUNDLE), "chunks"), join(staging, dirname(ENTRY), "chunks"), { recursive: true });
    copyFileSync(resolve(root, "README.md"), join(staging, "README.md"));
    writeFileSync(join(staging, "manifest.json"), `${JSON.stringify(manifest(pkg), null, 2)}\n`);
    await run("npx", ["-y", MCPB_CLI, "pack", staging, outFile], { timeout: 300_000 });
    return outFile;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outAt = process.argv.indexOf("--out");
  const pkg = readPackageJson(ROOT);
  const out = resolve(outAt > 0 ? (process.argv[outAt + 1] ?? "") : `dist/${pkg.name}-${pkg.version}.mcpb`);
  buildMcpb(out).then(
    (file) => process.stderr.write(`wrote ${file}\n`),
    (err: unknown) => {
      process.stderr.write(`mcpb: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
