// The engine layer itself against the real daemons.

import { describe, expect, it } from "vitest";
import { engineRequest } from "../../src/engine/api.js";
import { openConnection } from "../../src/engine/connection.js";
import { EngineError, toEngineError } from "../../src/engine/errors.js";
import { tb } from "../support/testbed.js";

const env = {
  home: "/root",
  sshAuthSock: undefined,
  explicit: true,
  tlsVerify: undefined,
  certPath: undefined,
  platform: "linux" as const,
};

describe.each(["ENGINE_A_HOST", "ENGINE_B_HOST"])("engine layer on %s", (key) => {
  it("refuses the daemon's redirect for a normalised path instead of following it", async () => {
    const url = tb(key);
    const connection = await openConnection({ label: "t", url, readOnly: false, certDir: null }, env);
    try {
      const failure = await engineRequest(connection.docker, { method: "GET", path: "/networks/a%2F..%2Fb" }).then(
        () => undefined,
        (err: unknown) => toEngineError(err, "t", url),
      );
      expect(failure).toBeInstanceOf(EngineError);
      expect(failure?.message).toContain("redirected the request");
      expect(String(await connection.docker.ping())).toBe("OK");
    } finally {
      connection.close();
    }
  });
});
