// Finding the `docker` executable: PATH first, then the places installers put it, because
// a GUI client (Claude Desktop, an IDE) often starts the server with a bare PATH such as /usr/bin:/bin.

import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join, win32 } from "node:path";

/** Finds an executable on PATH the way the platform does; undefined when absent. */
export function findOnPath(
  name: string,
  pathValue: string | undefined,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const names = platform === "win32" ? [`${name}.exe`, `${name}.cmd`, name] : [name];
  const separator = platform === "win32" ? ";" : delimiter;
  for (const dir of (pathValue ?? "").split(separator)) {
    if (!dir) continue;
    for (const candidate of names) {
      const full = platform === "win32" ? win32.join(dir, candidate) : join(dir, candidate);
      if (isExecutableFile(full)) return full;
    }
  }
  return undefined;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Install locations of Docker Engine, Docker Desktop, Homebrew, Rancher Desktop, OrbStack and snap. */
export function fallbackDirs(
  home: string,
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
) {
  if (platform === "win32") {
    const programFiles = env.PROGRAMFILES ?? env.ProgramFiles ?? "C:\\Program Files";
    return [win32.join(programFiles, "Docker", "Docker", "resources", "bin"), win32.join(home, ".docker", "bin")];
  }
  return [
    "/usr/local/bin",
    "/usr/bin",
    "/bin",
    "/opt/homebrew/bin",
    "/Applications/Docker.app/Contents/Resources/bin",
    join(home, ".docker", "bin"),
    join(home, ".rd", "bin"),
    join(home, ".orbstack", "bin"),
    "/snap/bin",
  ];
}

export interface DockerBinary {
  readonly path: string;
  /** The directory it was found in when that is not on PATH (the child's PATH gets it, for credential helpers). */
  readonly extraPathDir: string | undefined;
}

/** `docker` on PATH, else in a usual install location; undefined when neither has it. */
export function findDocker(
  pathValue: string | undefined,
  home: string,
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
): DockerBinary | undefined {
  const onPath = findOnPath("docker", pathValue, platform);
  if (onPath) return { path: onPath, extraPathDir: undefined };
  for (const dir of fallbackDirs(home, env, platform)) {
    const found = findOnPath("docker", dir, platform);
    if (found) return { path: found, extraPathDir: dir };
  }
  return undefined;
}

export const DOCKER_NOT_FOUND =
  "The docker CLI was not found on PATH (nor in the usual install locations). Install Docker (Docker Desktop, or the " +
  "Docker Engine CLI package: docker-ce-cli or docker.io) or add the directory holding `docker` to the server's PATH.";

/** In a container the image decides: the server's lite variant has no CLI by design. */
export const DOCKER_NOT_IN_IMAGE =
  "The docker CLI is not available in this image (docker-mcp-server's lite variant has none), so the compose, stack, " +
  "context, buildx and scout tools cannot run. Use the full or no-scout image (or install docker-ce-cli / docker.io " +
  "in your own image), or set DOCKER_MCP_SERVER_DISABLE to drop these tools.";

export function dockerNotFound(inContainer: boolean): string {
  return inContainer ? DOCKER_NOT_IN_IMAGE : DOCKER_NOT_FOUND;
}
