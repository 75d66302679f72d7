// The test bed's two engines, one type for every suite, and the one run id generator: what the containers and the
// images/networks/volumes helpers used to define each for themselves.

import { randomBytes } from "node:crypto";
import { tb } from "./testbed.js";

export interface TestEngine {
  /** "A" / "B", as test titles name them. */
  readonly name: "A" | "B";
  /** "a" / "b", the host label used in DOCKER_MCP_SERVER_HOSTS. */
  readonly label: "a" | "b";
  /** The daemon's endpoint (unix://…). */
  readonly url: string;
  host(): string;
  api(): string;
}

function engine(name: "A" | "B"): TestEngine {
  return {
    name,
    label: name === "A" ? "a" : "b",
    get url() {
      return tb(`ENGINE_${name}_HOST`);
    },
    host: () => tb(`ENGINE_${name}_HOST`),
    api: () => tb(`ENGINE_${name}_API_VERSION`),
  };
}

export const ENGINES: readonly TestEngine[] = [engine("A"), engine("B")];

/** A short id that marks everything one run creates (names and the `dmcp.test` label). */
export function runId(): string {
  return randomBytes(4).toString("hex");
}
