// Faults: engine A behind a proxy that is killed, restarted and black-holed; a stream cut mid-way; the test bed's
// sshd behind a TCP proxy that drops every connection; a registry that accepts and never answers; and the client
// cancelling a pull, a build, a log follow and an exec. Every test owns its proxy and server, so they run side by side.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { cancelAndCheck, expectClean } from "./support/cancellation.js";
import { engineASocket, removeObjects, startContainer, testImage } from "./support/engine-a.js";
import { FaultProxy } from "./support/fault-proxy.js";
import { figure } from "./support/figures.js";
import { HangServer } from "./support/hang-server.js";
import { limits } from "./support/mode.js";
import { until } from "./support/pool.js";
import { processesWithArgv } from "./support/proc.js";
import { marker, runPath } from "./support/run.js";
import { describeOutcome, type Outcome, RelServer } from "./support/server.js";
import { sshdAddress, sshHomeFor } from "./support/ssh-home.js";

const sleeper = () => `${marker()}-faults-sleeper`;
const chatty = () => `${marker()}-faults-chatty`;
const buildTag = () => `${marker()}-cancel-build:latest`;
let serial = 0;

function socketPath(name: string): string {
  return join(runPath("sockets"), `${name}-${++serial}.sock`);
}

async function faultyEngine(
  name: string,
): Promise<{ proxy: FaultProxy; server: RelServer; close: () => Promise<void> }> {
  const path = socketPath(name);
  const proxy = await FaultProxy.start({ path }, { path: engineASocket() });
  const server = await RelServer.start({ name, hosts: `faulty=unix://${path}` });
  return {
    proxy,
    server,
    close: async () => {
      await server.close();
      await proxy.kill();
    },
  };
}

/** Some process on the host runs exactly this command line (a container's process is visible from the host). */
const running = (argv: string[]) => processesWithArgv(argv).length > 0;

const ok = (outcome: Outcome) => outcome.kind === "result" && !outcome.isError;
const seconds = (ms: number) => Math.round(ms / 10) / 100;

/** Polls a tool until it succeeds; returns the milliseconds it took, or undefined. */
async function firstSuccess(server: RelServer, tool: string, withinMs: number): Promise<number | undefined> {
  const started = Date.now();
  const done = await until(async () => ok(await server.call(tool, {}, { timeoutMs: 5_000 })), withinMs, 250);
  return done ? Date.now() - started : undefined;
}

beforeAll(() => {
  startContainer(sleeper());
  startContainer(chatty(), ["sh", "-c", "while :; do echo tick; sleep 0.2; done"]);
});
afterAll(() => {
  removeObjects("container", [sleeper(), chatty()]);
  removeObjects("image", [buildTag()]);
});

describe.concurrent("faults", () => {
  it("defect 4: a black-holed daemon: the call is an error naming the host within 15 s; calls succeed once it answers", {
    timeout: 90_000,
  }, async ({ expect }) => {
    const { proxy, server, close } = await faultyEngine("f-blackhole");
    try {
      expect(ok(await server.call("system_ping", {})), "ping through the proxy").toBe(true);
      proxy.blackhole();
      const outcome = await server.call("system_ping", {}, { timeoutMs: limits.answerWithinMs });
      figure("faults.blackhole_answer_s", outcome.kind === "result" ? seconds(outcome.ms) : "no answer");
      expect
        .soft(outcome.kind === "result" && outcome.isError && outcome.text.includes("faulty"), describeOutcome(outcome))
        .toBe(true);
      proxy.forward();
      const recovered = await firstSuccess(server, "system_ping", limits.answerWithinMs);
      expect(recovered, "system_ping succeeds again after the black hole ends").toBeDefined();
    } finally {
      await close();
    }
  });

  it("a daemon that dies and restarts: calls fail fast naming the host, then succeed after the restart", {
    timeout: 90_000,
  }, async ({ expect }) => {
    const { proxy, server, close } = await faultyEngine("f-restart");
    try {
      expect(ok(await server.call("system_ping", {})), "ping through the proxy").toBe(true);
      await proxy.kill();
      const down = await server.call("container_list", {}, { timeoutMs: limits.answerWithinMs });
      figure("faults.down_answer_s", down.kind === "result" ? seconds(down.ms) : "no answer");
      expect
        .soft(down.kind === "result" && down.isError && down.text.includes("faulty"), describeOutcome(down))
        .toBe(true);
      await proxy.restart();
      const recovered = await firstSuccess(server, "container_list", limits.answerWithinMs);
      figure("faults.restart_recovery_s", recovered === undefined ? "never" : seconds(recovered));
      expect(recovered, "container_list succeeds after the restart").toBeDefined();
    } finally {
      await close();
    }
  });

  it("defect 5: system_events whose connection is cut mid-stream is an error saying the stream ended early", {
    timeout: 60_000,
  }, async ({ expect }) => {
    const { proxy, server, close } = await faultyEngine("f-events");
    try {
      proxy.cutRequests(/^GET \S*\/events/, 1_000);
      const outcome = await server.call("system_events", { timeout_seconds: 8, limit: 10_000 }, { timeoutMs: 30_000 });
      figure(
        "faults.events_cut",
        outcome.kind === "result" ? (outcome.isError ? "error" : `ok ${outcome.text.slice(0, 20)}`) : outcome.kind,
      );
      expect(proxy.cuts, "the proxy cut the events stream").toBeGreaterThan(0);
      expect(outcome.kind === "result" && outcome.isError, describeOutcome(outcome)).toBe(true);
      expect(outcome.kind === "result" ? outcome.text : "").toMatch(
        /end(ed)? (early|prematurely|before)|cut|interrupted|lost|dropped|closed/i,
      );
    } finally {
      await close();
    }
  });

  it("the SSH server restarts: the kept connection is re-established on the next call", { timeout: 90_000 }, async ({
    expect,
  }) => {
    const proxy = await FaultProxy.start({ host: "127.0.0.1", port: 0 }, sshdAddress());
    const home = sshHomeFor(runPath("ssh-home", String(++serial)), proxy.port);
    const server = await RelServer.start({
      name: "f-ssh",
      hosts: `remote=ssh://root@127.0.0.1:${proxy.port}`,
      env: { HOME: home },
    });
    try {
      const first = await server.call("system_ping", {}, { timeoutMs: 30_000 });
      expect(ok(first), `ping over ssh: ${describeOutcome(first)}`).toBe(true);
      await proxy.kill();
      const down = await server.call("system_ping", {}, { timeoutMs: limits.answerWithinMs });
      expect.soft(down.kind === "result" && down.isError, `while sshd is down: ${describeOutcome(down)}`).toBe(true);
      await proxy.restart();
      const next = await server.call("system_ping", {}, { timeoutMs: 30_000 });
      figure("faults.ssh_recovery_s", ok(next) ? seconds(next.ms) : "failed");
      expect(ok(next), `the first call after the restart: ${describeOutcome(next)}`).toBe(true);
      expect(proxy.accepted, "a new SSH connection was made").toBeGreaterThanOrEqual(2);
    } finally {
      await server.close();
      await proxy.kill();
    }
  });

  it("a registry that hangs: every registry tool answers with an error in bounded time", { timeout: 120_000 }, async ({
    expect,
  }) => {
    const hang = await HangServer.start();
    const origin = `http://127.0.0.1:${hang.port}`;
    const server = await RelServer.start({
      name: "f-registry",
      hosts: `unix://${engineASocket()}`,
      env: { DOCKER_MCP_SERVER_TEST_HUB_URL: origin, DOCKER_MCP_SERVER_TEST_HUB_REGISTRY_URL: origin },
    });
    try {
      const repository = `127.0.0.1:${hang.port}/dmcp-rel/hang`;
      const calls: Array<[string, Record<string, unknown>]> = [
        ["registry_tags", { repository }],
        ["registry_manifest", { repository }],
        ["registry_image_config", { repository }],
        ["registry_tag_wait", { repository, tag: "never", timeout_seconds: 5, poll_interval: 1 }],
        ["hub_tags", { repository: "dmcp-rel/hang" }],
        ["hub_repo_info", { repository: "dmcp-rel/hang" }],
        ["hub_rate_limit", {}],
      ];
      const outcomes = await Promise.all(
        calls.map(([tool, args]) => server.call(tool, args, { timeoutMs: limits.registryAnswerWithinMs })),
      );
      figure("faults.registry_answer_s", seconds(Math.max(...outcomes.map((o) => o.ms))));
      const bad = outcomes
        .map((outcome, i) => [calls[i]?.[0], outcome] as const)
        .filter(([, outcome]) => !(outcome.kind === "result" && outcome.isError))
        .map(([tool, outcome]) => `${tool}: ${describeOutcome(outcome)}`);
      expect(hang.accepted, "the registry stand-in was reached").toBeGreaterThan(0);
      expect(bad).toEqual([]);
    } finally {
      await server.close();
      await hang.close();
    }
  });

  it("cancel: image_pull from a registry that never answers", { timeout: 90_000 }, async ({ expect }) => {
    const hang = await HangServer.start();
    const repository = `127.0.0.1:${hang.port}/dmcp-rel/never`;
    const result = await cancelAndCheck(
      "f-cancel-pull",
      "image_pull",
      { repository, tag: "x" },
      1_000,
      () => hang.open > 0,
    );
    try {
      expectClean(expect, result, "the daemon's connection to the registry");
      expect(await result.server.ping(), "the server still answers").toBe(true);
    } finally {
      await result.server.close();
      await hang.close();
    }
  });

  it("cancel: image_build of a step that sleeps", { timeout: 90_000 }, async ({ expect }) => {
    const context = runPath("build-context", String(++serial));
    writeFileSync(join(context, "Dockerfile"), `FROM ${testImage()}\nRUN sleep 41\n`);
    const args = { path: context, tag: buildTag(), nocache: true };
    const result = await cancelAndCheck("f-cancel-build", "image_build", args, 500, () => running(["sleep", "41"]));
    try {
      expectClean(expect, result, "the build step (sleep 41)");
      expect(await result.server.ping(), "the server still answers").toBe(true);
    } finally {
      await result.server.close();
    }
  });

  it("cancel: container_logs following a chatty container", { timeout: 90_000 }, async ({ expect }) => {
    const args = { id_or_name: chatty(), follow: true, limit_lines: 1_000_000, timeout_seconds: 300 };
    // Following is the server's own work: it is under way once the call has been running a while.
    const result = await cancelAndCheck("f-cancel-logs", "container_logs", args, 1_500);
    try {
      expectClean(expect, result, "the log follow");
      expect(await result.server.ping(), "the server still answers").toBe(true);
    } finally {
      await result.server.close();
    }
  });

  it("cancel: container_exec of a long command", { timeout: 90_000 }, async ({ expect }) => {
    const args = { id_or_name: sleeper(), cmd: ["sleep", "47"] };
    const result = await cancelAndCheck("f-cancel-exec", "container_exec", args, 500, () => running(["sleep", "47"]));
    try {
      expectClean(expect, result, "the exec'd command (sleep 47)");
      expect(await result.server.ping(), "the server still answers").toBe(true);
    } finally {
      await result.server.close();
    }
  });
});
