import { describe, expect, it } from "vitest";
import { referenceConfig } from "../../scripts/tool-docs.js";
import type { ServerConfig } from "../../src/config/index.js";
import { unreachableHint } from "../../src/server/preflight.js";

function config(url: string | null, inContainer: boolean): ServerConfig {
  const base = referenceConfig();
  return {
    ...base,
    inContainer,
    hosts: { ...base.hosts, entries: [{ label: "prod", url, readOnly: false, certDir: null }] },
  };
}

describe("unreachable-daemon hint", () => {
  it("names the host and gives only SSH advice for ssh://", () => {
    const text = unreachableHint(config("ssh://ops@prod", true), "boom", "6.1.0-microsoft").join("\n");
    expect(text).toContain("could not reach the Docker daemon: boom");
    expect(text).toContain("host 'prod' at ssh://ops@prod");
    expect(text).toContain("ssh-add");
    expect(text).toContain("known_hosts");
    expect(text).toContain("ssh-keyscan");
    expect(text).not.toContain("WSL2");
  });

  it("on a host install asks whether Docker runs", () => {
    expect(unreachableHint(config(null, false), "x").join("\n")).toContain("Is Docker running");
  });

  it("in a container picks the mount advice from the kernel", () => {
    expect(unreachableHint(config(null, true), "x", "5.15.0-microsoft-standard-WSL2").join("\n")).toContain(
      "host.docker.internal:2375",
    );
    expect(unreachableHint(config(null, true), "x", "6.6.12-linuxkit").join("\n")).toContain(
      "$HOME/.docker/run/docker.sock:/var/run/docker.sock",
    );
    const linux = unreachableHint(config(null, true), "x", "6.1.0-18-amd64").join("\n");
    expect(linux).toContain("-v /var/run/docker.sock:/var/run/docker.sock");
    expect(linux).toContain("rootless");
  });
});
