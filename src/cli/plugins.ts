// Plugin probing: `docker <plugin> version` with a 10 s limit; available iff it exits 0.
// Results, negative ones included, are kept for 60 s so a plugin installed mid-session shows up within a minute.

import { CliError } from "./errors.js";

export type CliPlugin = "compose" | "buildx" | "scout";

export const PLUGIN_CACHE_MS = 60_000;
export const PROBE_TIMEOUT_MS = 10_000;

const INSTALL: Record<CliPlugin, string> = {
  compose:
    "the docker-compose-plugin package (Docker's apt/dnf repository; Debian and Ubuntu's own package is docker-compose)",
  buildx:
    "the docker-buildx-plugin package (Docker's apt/dnf repository; Debian and Ubuntu's own package is docker-buildx)",
  scout:
    "the docker-scout-plugin package or the install script from https://github.com/docker/scout-cli (it puts docker-scout in ~/.docker/cli-plugins)",
};

/** The error a tool gives when its plugin is missing: what is missing and how to install it. */
export function pluginMissingMessage(plugin: CliPlugin): string {
  return (
    `Docker CLI plugin '${plugin}' is not installed on the machine running this server (\`docker ${plugin} version\` failed). ` +
    `It ships with Docker Desktop; on Docker Engine install ${INSTALL[plugin]}, then retry (the server re-checks within a minute).`
  );
}

export interface ProbeState {
  available: boolean;
  /** First line of `docker <plugin> version` when available. */
  version?: string;
}

/** Runs the probe command; resolves false on any failure (no binary, timeout, non-zero exit). */
export type ProbeCommand = (plugin: CliPlugin) => Promise<ProbeState>;

export class PluginProbe {
  private readonly cache = new Map<CliPlugin, { at: number; state: Promise<ProbeState> }>();

  constructor(
    private readonly probe: ProbeCommand,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The cached state, probing when older than 60 s; concurrent callers share one probe. */
  state(plugin: CliPlugin): Promise<ProbeState> {
    const cached = this.cache.get(plugin);
    if (cached && this.now() - cached.at < PLUGIN_CACHE_MS) return cached.state;
    const state = this.probe(plugin).catch((): ProbeState => ({ available: false }));
    this.cache.set(plugin, { at: this.now(), state });
    return state;
  }

  async require(plugin: CliPlugin): Promise<void> {
    if (!(await this.state(plugin)).available) throw new CliError(pluginMissingMessage(plugin));
  }
}
