// Engine A of the test bed and the fixtures the suite puts on it (always labelled with the run, always removed).

import { docker } from "../../support/docker-cli.js";
import { tb } from "../../support/testbed.js";
import { engineGet } from "./engine-state.js";
import { RUN_LABEL, runId } from "./run.js";

export function engineAHost(): string {
  return tb("ENGINE_A_HOST");
}

export function engineASocket(): string {
  return engineAHost().replace(/^unix:\/\//, "");
}

export function testImage(): string {
  return tb("TESTBED_IMAGE");
}

function label(): string[] {
  return ["--label", `${RUN_LABEL}=${runId()}`];
}

/** A detached container; it ends by itself after 15 minutes even if the suite is killed. */
export function startContainer(name: string, command: string[] = ["sleep", "900"]): void {
  docker(engineAHost(), ["run", "-d", "--name", name, ...label(), testImage(), ...command]);
}

export function createVolume(name: string): void {
  docker(engineAHost(), ["volume", "create", ...label(), name]);
}

export function createNetwork(name: string): void {
  docker(engineAHost(), ["network", "create", ...label(), name]);
}

/** Best-effort removal (cleanup must not mask the real failure). */
export function removeObjects(kind: "container" | "volume" | "network" | "image", names: string[]): void {
  if (names.length === 0) return;
  const args = kind === "container" ? ["rm", "-f"] : kind === "image" ? ["rmi", "-f"] : [kind, "rm"];
  try {
    docker(engineAHost(), [...args, ...names]);
  } catch {
    // some were never created
  }
}

/**
 * Whether a container (any state) has exactly this name. Asked over the socket, not the CLI: tests run side by side
 * in one worker, and a blocking child process would stall every other test's timers.
 */
export async function containerExists(name: string): Promise<boolean> {
  const filters = encodeURIComponent(JSON.stringify({ name: [`^/${name}$`] }));
  const found = await engineGet<Array<{ Names?: string[] }>>(
    engineASocket(),
    `/containers/json?all=1&filters=${filters}`,
  );
  return found.some((c) => c.Names?.includes(`/${name}`));
}
