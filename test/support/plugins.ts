// A real managed plugin for the plugin tests, built here because nothing can be pulled from Docker Hub: a rootfs
// holding the host's perl (perl-base is essential on Debian) and its libraries, whose entrypoint listens on the
// socket config.json names and answers every plugin call with `{}` (enough for the daemon's enable check and for
// log-driver calls), and exits on SIGTERM (as PID 1 it would otherwise make every disable wait 10 s for a kill).
// It asks for two privileges (host network, one capability) so install's grant flow is real, and has settable env
// and args. Two tags differ in their description and MODE default, and in one rootfs file, so their layers differ
// (Engine 26 refuses to create a plugin whose layer content it already holds).

import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { docker } from "./docker-cli.js";
import type { RegistryWriter } from "./registry-seed.js";

export const PLUGIN_PRIVILEGES = ["network=host", "capabilities=CAP_NET_BIND_SERVICE"];

const SERVE = `$SIG{TERM} = sub { exit 0 };
socket(S, 1, 1, 0) or die "socket: $!";
my $path = "/run/docker/plugins/dmcp.sock";
unlink $path;
bind(S, pack("S Z*", 1, $path)) or die "bind: $!";
listen(S, 16) or die "listen: $!";
while (accept(C, S)) {
  my $len = 0;
  while (my $line = <C>) { $len = $1 if $line =~ /^content-length:\\s*(\\d+)/i; last if $line eq "\\r\\n"; }
  read(C, my $body, $len) if $len;
  print C "HTTP/1.0 200 OK\\r\\nContent-Type: application/vnd.docker.plugins.v1+json\\r\\nContent-Length: 2\\r\\n\\r\\n{}";
  close C;
}
`;

function pluginConfig(tag: string) {
  return {
    description: `dmcp test log driver ${tag}`,
    documentation: "https://example.invalid/dmcp-test-plugin",
    entrypoint: ["/bin/perl", "/bin/serve.pl"],
    interface: { types: ["docker.logdriver/1.0"], socket: "dmcp.sock" },
    network: { type: "host" },
    linux: { capabilities: ["CAP_NET_BIND_SERVICE"] },
    env: [
      { name: "MODE", description: "which tag", settable: ["value"], value: tag },
      { name: "DEBUG", description: "debug output", settable: ["value"], value: "0" },
    ],
    args: { name: "args", description: "extra arguments", settable: ["value"], value: [] },
  };
}

/** A plugin directory (config.json + rootfs/) for `tag`; `marker` makes its layer unique. */
function pluginDir(tag: string, marker: string): string {
  const dir = mkdtempSync(join(tmpdir(), "dmcp-plugin-"));
  const rootfs = join(dir, "rootfs");
  mkdirSync(join(rootfs, "bin"), { recursive: true });
  mkdirSync(join(rootfs, "run/docker/plugins"), { recursive: true });
  copyFileSync("/usr/bin/perl", join(rootfs, "bin/perl"));
  const ldd = execFileSync("ldd", ["/usr/bin/perl"], { encoding: "utf8" });
  for (const [, library] of ldd.matchAll(/(\/\S+) \(0x/g)) {
    if (!library) continue;
    mkdirSync(dirname(join(rootfs, library)), { recursive: true });
    copyFileSync(library, join(rootfs, library));
  }
  writeFileSync(join(rootfs, "bin/serve.pl"), SERVE);
  writeFileSync(join(rootfs, "marker"), `${marker} ${tag}\n`);
  writeFileSync(join(dir, "config.json"), JSON.stringify(pluginConfig(tag)));
  return dir;
}

/**
 * Creates `<registry>/<repository>:<tag>` for each tag on `host`, pushes it, removes the local copy and records the
 * manifest with `writer` so `deletePushedManifests` takes it out again. `configDir` is a docker CLI config directory
 * (for a registry that wants a login).
 */
export async function pushTestPlugin(
  host: string,
  writer: RegistryWriter,
  registry: string,
  repository: string,
  tags: string[],
  marker: string,
  configDir?: string,
): Promise<void> {
  const cli = (args: string[]) => docker(host, configDir ? ["--config", configDir, ...args] : args);
  for (const tag of tags) {
    const ref = `${registry}/${repository}:${tag}`;
    const dir = pluginDir(tag, marker);
    try {
      cli(["plugin", "create", ref, dir]);
      cli(["plugin", "push", ref]);
      await writer.track(repository, tag);
    } finally {
      removePlugins(host, [ref]);
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** Best-effort forced removal of plugins by name. */
export function removePlugins(host: string, names: string[]): void {
  for (const name of names) {
    try {
      docker(host, ["plugin", "rm", "-f", name]);
    } catch {
      // Not there.
    }
  }
}
