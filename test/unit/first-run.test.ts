// The first-run diagnosis as a pure function: which failure it recognises from the error and the socket's facts.

import { describe, expect, it } from "vitest";
import { diagnoseUnreachable, type FailureFacts } from "../../src/engine/first-run.js";

function facts(overrides: Partial<FailureFacts> & { url?: string | null }): FailureFacts {
  const { url = "unix:///var/run/docker.sock", ...rest } = overrides;
  return {
    host: { label: "default", url, readOnly: false, certDir: null },
    error: "connect ENOENT /var/run/docker.sock",
    inContainer: false,
    kernelRelease: "6.1.0-18-amd64",
    context: undefined,
    socket: undefined,
    otherSockets: [],
    ...rest,
  };
}

const socket = { path: "/var/run/docker.sock", uid: 0, gid: 999, mode: 0o660, groupName: "docker" };
const text = (f: FailureFacts) => diagnoseUnreachable(f).join("\n");

describe("first-run diagnosis", () => {
  it("permission denied on a group socket: usermod on a host, --group-add in a container", () => {
    const denied = { error: "connect EACCES /var/run/docker.sock", socket };
    expect(text(facts(denied))).toContain("sudo usermod -aG docker $USER");
    expect(text(facts({ ...denied, inContainer: true }))).toContain("--group-add 999");
  });

  it("a root-group socket gets chgrp first, never `usermod -aG root`", () => {
    const advice = text(facts({ error: "connect EACCES /x.sock", socket: { ...socket, gid: 0, groupName: "root" } }));
    expect(advice).toContain("sudo chgrp docker /var/run/docker.sock");
    expect(advice).not.toContain("usermod -aG root");
  });

  it("a context wins over the generic advice; ssh host-key failures get the known_hosts line", () => {
    expect(text(facts({ url: "tcp://10.0.0.9:2375", error: "connect ECONNREFUSED", context: "prod" }))).toContain(
      "docker context use default",
    );
    const ssh = text(facts({ url: "ssh://ops@build:2201", error: "Host denied (verification failed)" }));
    expect(ssh).toContain("[build]:2201 is not in ~/.ssh/known_hosts");
    expect(ssh).toContain("ssh-keyscan -p 2201 build");
  });

  it("tcp: TLS trouble versus nothing listening", () => {
    expect(text(facts({ url: "tcp://h:2376", error: "SELF_SIGNED_CERT_IN_CHAIN" }))).toContain("TLS handshake failed");
    expect(text(facts({ url: "tcp://h:2376", error: "connect ECONNREFUSED" }))).toContain(
      "Nothing answers at tcp://h:2376",
    );
  });
});
