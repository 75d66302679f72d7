// The deadlines on the connection's http.Agent, against local stand-ins: a connection that is never made, an answer
// that stops half way, and an upload the daemon takes slowly (progress) or not at all (a hang).

import { rmSync } from "node:fs";
import { Agent, get } from "node:http";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Duplex, Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { engineRequest } from "../../src/engine/api.js";
import { openConnection } from "../../src/engine/connection.js";
import { armDeadlines } from "../../src/engine/deadlines.js";
import { EngineTimeoutError } from "../../src/engine/errors.js";

const policy = { label: "t", where: "test://nowhere", requestMs: 5000, connectMs: 200 };

describe("the connect deadline", () => {
  it("fails a request whose socket is never made, and destroys one that arrives too late", async () => {
    const agent = new Agent({ keepAlive: true });
    let late: Duplex | undefined;
    // Like the SSH agent: the socket is handed over asynchronously (here: after the deadline).
    (agent as unknown as { createConnection: unknown }).createConnection = (
      _options: unknown,
      callback: (err: Error | null, socket?: Duplex) => void,
    ) => {
      setTimeout(() => {
        late = new Duplex({
          read() {},
          write(_c, _e, done) {
            done();
          },
        });
        callback(null, late);
      }, 400);
      return undefined;
    };
    armDeadlines(agent, policy);
    const started = performance.now();
    const error = await new Promise<Error>((resolve) => {
      get({ agent, host: "docker", path: "/_ping" }).once("error", resolve);
    });
    expect(error).toBeInstanceOf(EngineTimeoutError);
    expect(error.message).toContain("host 't' (test://nowhere) did not accept a connection within 0.2 s");
    expect(performance.now() - started).toBeLessThan(390);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(late?.destroyed).toBe(true);
    agent.destroy();
  });
});

describe("the request deadline", () => {
  const path = join(tmpdir(), `dmcp-deadline-unit-${process.pid}.sock`);
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    rmSync(path, { force: true });
  });

  async function serve(handle: (socket: Socket) => void): Promise<void> {
    rmSync(path, { force: true });
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on("error", () => undefined);
      handle(socket);
    });
    await new Promise<void>((resolve) => server?.listen(path, resolve));
  }

  const connect = () =>
    openConnection(
      { label: "t", url: `unix://${path}`, readOnly: false, certDir: null },
      {
        home: tmpdir(),
        sshAuthSock: undefined,
        explicit: true,
        tlsVerify: undefined,
        certPath: undefined,
        platform: "linux",
        requestTimeoutMs: 300,
      },
    );

  it("fails an answer that starts but never finishes, and says so", async () => {
    await serve((socket) => socket.once("data", () => socket.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{")));
    const connection = await connect();
    try {
      await expect(engineRequest(connection.docker, { method: "GET", path: "/info" })).rejects.toThrow(
        `host 't' (unix://${path}) started answering GET /info but did not finish within 0.3 s`,
      );
    } finally {
      connection.close();
    }
  });

  /** Answers once the whole 8 MiB upload arrived, taking `perTick` bytes every 40 ms (0: never reads). */
  async function uploadServer(perTick: number): Promise<void> {
    await serve((socket) => {
      let received = 0;
      let inTick = 0;
      socket.pause();
      const timer = setInterval(() => {
        if (perTick === 0) return;
        inTick = 0;
        socket.resume();
      }, 40);
      socket.on("close", () => clearInterval(timer));
      socket.on("data", (chunk: Buffer) => {
        received += chunk.length;
        inTick += chunk.length;
        if (received >= 8 * 1024 * 1024) {
          clearInterval(timer);
          socket.end("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        } else if (inTick >= perTick) {
          socket.pause();
        }
      });
    });
  }

  const upload = () =>
    Readable.from(
      (function* () {
        for (let i = 0; i < 128; i++) yield Buffer.alloc(64 * 1024, 1);
      })(),
    );

  it("lets a slow upload run past the first-byte deadline while the daemon keeps taking it", async () => {
    await uploadServer(256 * 1024);
    const connection = await connect();
    try {
      const started = performance.now();
      await engineRequest(connection.docker, {
        method: "PUT",
        path: "/containers/x/archive",
        query: { path: "/tmp" },
        file: upload(),
      });
      // About 32 ticks of 40 ms: several times the 0.3 s deadline.
      expect(performance.now() - started).toBeGreaterThan(900);
    } finally {
      connection.close();
    }
  });

  it("fails an upload the daemon stopped taking", async () => {
    await uploadServer(0);
    const connection = await connect();
    try {
      await expect(
        engineRequest(connection.docker, {
          method: "PUT",
          path: "/containers/x/archive",
          query: { path: "/tmp" },
          file: upload(),
        }),
      ).rejects.toThrow("did not answer PUT /containers/x/archive within 0.3 s");
    } finally {
      connection.close();
    }
  });
});
