// Test-side docker CLI calls (setting up fixtures without going through the tools under test).

import { execFileSync } from "node:child_process";

export function docker(host: string, args: string[], input?: string): string {
  return execFileSync("docker", ["-H", host, ...args], {
    encoding: "utf8",
    input,
    stdio: ["pipe", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/root" },
  }).trim();
}

export { runId } from "./engines.js";
