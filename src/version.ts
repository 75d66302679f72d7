// The package version: injected by the bundler, read from package.json in dev runs.

import { readFileSync } from "node:fs";

declare const __DMCP_VERSION__: string | undefined;

function fromPackageJson(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: string };
    return pkg.version ?? "unknown";
  } catch {
    return "unknown";
  }
}

export const VERSION: string = typeof __DMCP_VERSION__ === "string" ? __DMCP_VERSION__ : fromPackageJson();
