// The stack tools' pure parts: the argv of each (flag guard and filters included), the CLI's `{{json .}}` rows as the
// server shapes them, and the compact deploy/rm results (what changed, chatter dropped, the not-a-manager sentence).

import { describe, expect, it } from "vitest";
import { CliError } from "../../src/cli/errors.js";
import type { CliResult } from "../../src/cli/runner.js";
import { NOT_MANAGER } from "../../src/engine/swarm.js";
import { deployArgv, listArgv, psArgv, removeArgv, servicesArgv } from "../../src/tools/stack/argv.js";
import { notManager, stackActionResult, stackChanges } from "../../src/tools/stack/results.js";
import { serviceRows, stackRows, taskRows } from "../../src/tools/stack/rows.js";

const result = (returncode: number, stdout: string, stderr = ""): CliResult => ({
  returncode,
  stdout,
  stderr,
  truncated: false,
});

describe("stack argv", () => {
  it("deploy: one -c per file in order, the switches, --detach always spelled out, the name last", () => {
    expect(deployArgv({ name: "app", compose_files: ["a.yml"], detach: true })).toEqual([
      "stack",
      "deploy",
      "-c",
      "a.yml",
      "--detach=true",
      "app",
    ]);
    expect(
      deployArgv({
        name: "app",
        compose_files: ["base.yml", "-prod.yml"],
        with_registry_auth: true,
        prune: true,
        resolve_image: "never",
        detach: false,
      }),
    ).toEqual([
      "stack",
      "deploy",
      "-c",
      "base.yml",
      "-c",
      "-prod.yml",
      "--with-registry-auth",
      "--prune",
      "--resolve-image=never",
      "--detach=false",
      "app",
    ]);
  });

  it("deploy and rm refuse an empty list and a flag-looking name before anything runs", () => {
    expect(() => deployArgv({ name: "app", compose_files: [], detach: true })).toThrow("at least one compose file");
    expect(() => deployArgv({ name: "--prune", compose_files: ["a.yml"], detach: true })).toThrow(
      'name="--prune": it parses as a flag',
    );
    expect(() => removeArgv({ names: [], detach: true })).toThrow("at least one stack name");
    expect(() => removeArgv({ names: ["a", "-d"], detach: true })).toThrow(CliError);
    expect(removeArgv({ names: ["a", "b"], detach: false })).toEqual(["stack", "rm", "--detach=false", "a", "b"]);
  });

  it("ls, ps and services ask for {{json .}} as one argument; filters become repeated --filter", () => {
    expect(listArgv()).toEqual(["stack", "ls", "--format", "{{json .}}"]);
    expect(
      psArgv({ name: "app", no_trunc: true, filters: { "desired-state": "running", node: ["n1", "n2"] } }),
    ).toEqual([
      "stack",
      "ps",
      "--format",
      "{{json .}}",
      "--no-trunc",
      "--filter",
      "desired-state=running",
      "--filter",
      "node=n1",
      "--filter",
      "node=n2",
      "app",
    ]);
    expect(servicesArgv({ name: "app", filters: { label: ["a=1", "b=2"] } })).toEqual([
      "stack",
      "services",
      "--format",
      "{{json .}}",
      "--filter",
      "label=a=1",
      "--filter",
      "label=b=2",
      "app",
    ]);
    // A key without a value would widen the listing: refused, never dropped.
    expect(() => servicesArgv({ name: "app", filters: { name: [] } })).toThrow("filters.name is empty");
    expect(() => psArgv({ name: "-q" })).toThrow("parses as a flag");
  });
});

describe("stack rows", () => {
  it("ls: the service count as a number (older CLIs' extra columns dropped)", () => {
    const out = '{"Name":"app","Services":"2"}\n{"Name":"db","Services":"1","Orchestrator":"Swarm","Namespace":""}\n';
    expect(stackRows(out, false)).toEqual([
      { name: "app", services: 2 },
      { name: "db", services: 1 },
    ]);
    expect(stackRows("", false)).toEqual([]);
  });

  it("services and ps: snake_case, empty ports and errors left out, a cut body's last line dropped", () => {
    const services =
      '{"ID":"pltx7l6zgtyi","Image":"busybox:local","Mode":"replicated","Name":"app_web","Ports":"","Replicas":"0/1"}\n' +
      '{"ID":"j6my0rvmizbh","Image":"busybox:local","Mode":"global","Name":"app_edge","Ports":"*:8080->80/tcp","Replicas":"2/2"}\n';
    expect(serviceRows(services, false)).toEqual([
      { name: "app_web", id: "pltx7l6zgtyi", mode: "replicated", replicas: "0/1", image: "busybox:local" },
      {
        name: "app_edge",
        id: "j6my0rvmizbh",
        mode: "global",
        replicas: "2/2",
        image: "busybox:local",
        ports: "*:8080->80/tcp",
      },
    ]);
    const tasks =
      '{"CurrentState":"Running 3 seconds ago","DesiredState":"Running","Error":"","ID":"s0fimu8lrv4a","Image":"busybox:local","Name":"app_web.1","Node":"vm","Ports":""}\n' +
      '{"CurrentState":"Failed 1 second ago","DesiredState":"Shutdown","Error":"task: non-zero exit (1)","ID":"xf0cmker7ec6","Image":"busybox:local","Name":"app_web.1","Node":"vm","Ports":""}\n' +
      '{"CurrentState":"Run';
    expect(taskRows(tasks, true)).toEqual([
      {
        name: "app_web.1",
        id: "s0fimu8lrv4a",
        image: "busybox:local",
        node: "vm",
        desired_state: "Running",
        current_state: "Running 3 seconds ago",
      },
      {
        name: "app_web.1",
        id: "xf0cmker7ec6",
        image: "busybox:local",
        node: "vm",
        desired_state: "Shutdown",
        current_state: "Failed 1 second ago",
        error: "task: non-zero exit (1)",
      },
    ]);
    expect(() => taskRows("not json\n", false)).toThrow("Could not parse stack ps output as JSON (line 1");
  });
});

describe("stack action results", () => {
  it("deploy: created and updated objects in `changed`, the CLI's object lines and convergence chatter dropped", () => {
    const deployed = result(
      0,
      [
        "Creating network app_default",
        "Creating service app_web",
        "Updating service app_worker (id: j6my0rvmizbh6t0rmywv0voy8)",
        "overall progress: 0 out of 1 tasks",
        "1/1:  ",
        "verify: Waiting 5 seconds to verify that tasks are stable...",
        "verify: Service pltx7l6zgtyi converged",
      ].join("\n"),
      "Ignoring unsupported options: build\n",
    );
    expect(stackActionResult(deployed, "a")).toEqual({
      exit_code: 0,
      changed: { "Network app_default": "Created", "Service app_web": "Created", "Service app_worker": "Updated" },
      output: "verify: Service pltx7l6zgtyi converged\nIgnoring unsupported options: build",
    });
  });

  it("a failed command keeps its lines, and the object it was working on keeps its '-ing' state", () => {
    const failed = result(
      1,
      "Creating network app_default\nCreating service app_web\noverall progress: 0 out of 1 tasks\n1/1: task: non-zero exit (1)\n",
      "failed to create service app_web: Error response from daemon: rpc error: code = InvalidArgument\n",
    );
    expect(stackChanges(failed)).toEqual({ "Network app_default": "Created", "Service app_web": "Creating" });
    const shaped = stackActionResult(failed, "a");
    expect(shaped.exit_code).toBe(1);
    expect(shaped.output).toBe(
      "Creating network app_default\nCreating service app_web\n1/1: task: non-zero exit (1)\nfailed to create service app_web: Error response from daemon: rpc error: code = InvalidArgument",
    );
    expect(shaped).not.toHaveProperty("note");
  });

  it("rm: removed objects; a stack that does not exist is said in the output", () => {
    const removed = result(
      0,
      "Removing service app_web\nRemoving secret app_token\nRemoving network app_default\n",
      "Nothing found in stack: nosuch\n",
    );
    expect(stackActionResult(removed, "a")).toEqual({
      exit_code: 0,
      changed: { "Service app_web": "Removed", "Secret app_token": "Removed", "Network app_default": "Removed" },
      output: "Nothing found in stack: nosuch",
    });
  });

  it("not a swarm manager reads as the swarm family's sentence", () => {
    const refused = result(
      1,
      "",
      'this node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again\n',
    );
    expect(notManager("b", refused)).toBe(`Host 'b': ${NOT_MANAGER}.`);
    expect(stackActionResult(refused, "b")).toMatchObject({ exit_code: 1, note: `Host 'b': ${NOT_MANAGER}.` });
    expect(notManager("b", result(0, "not a swarm manager"))).toBeUndefined();
  });
});
