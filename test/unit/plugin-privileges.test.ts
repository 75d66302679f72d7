// Plugin references and the privilege grant check, before any daemon is involved.

import { describe, expect, it } from "vitest";
import { checkGranted, parseGrants, unusedGrants } from "../../src/tools/plugins/privileges.js";
import { checkReference, pluginPath } from "../../src/tools/plugins/reference.js";

const requested = [
  { Name: "network", Description: "permissions to access a network", Value: ["host"] },
  { Name: "capabilities", Description: "list of additional capabilities required", Value: ["CAP_A", "CAP_B"] },
];

describe("plugin references", () => {
  it("keeps the slashes of a name in the path, one encoded segment each", () => {
    expect(pluginPath("127.0.0.1:5000/team/driver:v2")).toBe("/plugins/127.0.0.1%3A5000/team/driver%3Av2");
    expect(pluginPath("vieux/sshfs")).toBe("/plugins/vieux/sshfs");
    expect(pluginPath("0123abcd")).toBe("/plugins/0123abcd");
  });

  it("refuses names the daemon would clean or redirect, and digests where a name is meant", () => {
    for (const name of ["a/../b", "a//b", ".", "..", "/x", "x/", "Upper", "a b", `x@sha256:${"0".repeat(64)}`]) {
      expect(() => pluginPath(name), name).toThrow(`name '${name}' is not a valid plugin reference`);
    }
  });

  it("gives the logins key of a remote", () => {
    expect(checkReference("vieux/sshfs:latest", "remote", true)).toBe("docker.io");
    expect(checkReference("127.0.0.1:5443/x/y:v1", "remote", true)).toBe("127.0.0.1:5443");
    expect(checkReference(`r.example/x@sha256:${"a".repeat(64)}`, "remote", true)).toBe("r.example");
    expect(() => checkReference("x:bad tag", "remote", true)).toThrow("remote 'x:bad tag' is not a valid");
  });
});

describe("privilege grants", () => {
  it("passes when every value of every requested privilege is granted", () => {
    const granted = parseGrants(["network=host", "capabilities=CAP_A", " capabilities = CAP_B ", "mount=/x"]);
    expect(() => checkGranted("r", requested, granted)).not.toThrow();
    expect(unusedGrants(requested, granted)).toEqual(["mount=/x"]);
  });

  it("names each missing grant and the full list to pass", () => {
    expect(() => checkGranted("r", requested, parseGrants(["network=host", "capabilities=CAP_A"]))).toThrow(
      'Plugin r asks for privileges you did not grant: capabilities=CAP_B (list of additional capabilities required). Nothing changed. To accept, call again with grant_privileges: ["network=host","capabilities=CAP_A","capabilities=CAP_B"].',
    );
    expect(() => checkGranted("r", [], parseGrants(null))).not.toThrow();
  });

  it("refuses a grant that is not name=value", () => {
    for (const grant of ["network", "=host", "network="]) {
      expect(() => parseGrants([grant])).toThrow(`grant_privileges entry '${grant}' is not "name=value"`);
    }
  });
});
