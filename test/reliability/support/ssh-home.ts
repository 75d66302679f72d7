// A HOME for a server that reaches the test bed's sshd through a proxy port: the test bed's client key, and a
// known_hosts entry that pins the sshd's own host key under the proxy's address.

import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tb } from "../../support/testbed.js";

export function sshdAddress(): { host: string; port: number } {
  const url = new URL(tb("SSH_HOST"));
  return { host: url.hostname, port: Number(url.port || 22) };
}

export function sshHomeFor(home: string, proxyPort: number): string {
  const { host, port } = sshdAddress();
  const dir = join(home, ".ssh");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  copyFileSync(tb("SSH_KEY"), join(dir, "id_ed25519"));
  chmodSync(join(dir, "id_ed25519"), 0o600);
  const entry = readFileSync(tb("SSH_KNOWN_HOSTS"), "utf8")
    .split("\n")
    .find((line) => line.startsWith(`[${host}]:${port} `));
  if (!entry) throw new Error(`no known_hosts entry for [${host}]:${port} in ${tb("SSH_KNOWN_HOSTS")}`);
  writeFileSync(join(dir, "known_hosts"), `[${host}]:${proxyPort} ${entry.slice(entry.indexOf(" ") + 1)}\n`);
  return home;
}
