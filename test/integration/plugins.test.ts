// The plugins domain against both real engines through the bundled server, with a plugin this file builds and
// pushes to the test bed's registries (two tags): the privilege grant flow, install, list, inspect, configure,
// enable, disable, upgrade to the second tag, forced removal, a private registry through system_login, and bad
// input that changes nothing.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, runId } from "../support/docker-cli.js";
import { ENGINES } from "../support/images.js";
import { callJson, callTool, type Spawned, spawnServer } from "../support/mcp-client.js";
import { PLUGIN_PRIVILEGES, pushTestPlugin, removePlugins } from "../support/plugins.js";
import { basic, deletePushedManifests, RegistryWriter } from "../support/registry-seed.js";
import { tb } from "../support/testbed.js";

/** A key whose value is null, "", [] or {} anywhere in a JSON text. */
const EMPTY_MEMBER = /":(null|""|\[\]|\{\})/;
const RUN = runId();
const PLAIN = tb("REGISTRY_PLAIN");
const TLS = tb("REGISTRY_TLS");
const REPOSITORY = `dmcp-it-plugins/logdrv-${RUN}`;
const PRIVATE_REPOSITORY = `dmcp-it-plugins/private-${RUN}`;
const V1 = `${PLAIN}/${REPOSITORY}:v1`;
const V2 = `${PLAIN}/${REPOSITORY}:v2`;
const PRIVATE = `${TLS}/${PRIVATE_REPOSITORY}:v1`;
const ENGINE_B = tb("ENGINE_B_HOST");

const configDirs: string[] = [];
function emptyConfigDir(): string {
  const dir = mkdtempSync(join(tmpdir(), `dmcp-plugins-${RUN}-`));
  configDirs.push(dir);
  return dir;
}

beforeAll(async () => {
  await pushTestPlugin(ENGINE_B, new RegistryWriter(`http://${PLAIN}`), PLAIN, REPOSITORY, ["v1", "v2"], RUN);
  const cliConfig = emptyConfigDir();
  docker(
    ENGINE_B,
    ["--config", cliConfig, "login", TLS, "-u", tb("REGISTRY_USER"), "--password-stdin"],
    tb("REGISTRY_PASSWORD"),
  );
  const tlsWriter = new RegistryWriter(
    `https://${TLS}`,
    basic(tb("REGISTRY_USER"), tb("REGISTRY_PASSWORD")),
    tb("REGISTRY_TLS_CA"),
  );
  await pushTestPlugin(ENGINE_B, tlsWriter, TLS, PRIVATE_REPOSITORY, ["v1"], `${RUN}-private`, cliConfig);
}, 180_000);

afterAll(async () => {
  await deletePushedManifests();
  for (const dir of configDirs) rmSync(dir, { recursive: true, force: true });
});

type Row = { id: string; name: string; enabled: boolean; description: string; types: string[]; reference?: string };

describe.each(ENGINES)("plugin tools on engine $label", (engine) => {
  const local = `dmcp-it-plugin-${RUN}-${engine.label}`;
  const installed = `${local}:latest`;
  const privateLocal = `dmcp-it-plugin-${RUN}-${engine.label}-private`;
  let server: Spawned;
  const call = (tool: string, args: Record<string, unknown>) => callTool(server.client, tool, args);
  const json = <T>(tool: string, args: Record<string, unknown>) => callJson<T>(server.client, tool, args);
  const onDaemon = (name: string) => {
    try {
      return JSON.parse(docker(engine.host(), ["plugin", "inspect", name]))[0] as {
        Enabled: boolean;
        PluginReference: string;
        Settings: { Env: string[]; Args: string[] };
        Config: { Description: string };
      };
    } catch {
      return undefined;
    }
  };

  beforeAll(async () => {
    // An empty Docker config: the only logins are the ones this test makes with system_login.
    server = await spawnServer({
      DOCKER_MCP_SERVER_HOSTS: `${engine.label}=${engine.host()}`,
      DOCKER_CONFIG: emptyConfigDir(),
    });
  });

  afterAll(async () => {
    await server?.close();
    removePlugins(engine.host(), [installed, `${privateLocal}:latest`]);
  });

  it("refuses to install until every privilege the plugin asks for is granted, and installs nothing", async () => {
    const none = await call("plugin_install", { remote: V1, local_name: local });
    expect(none.isError).toBe(true);
    expect(none.text).toContain("asks for privileges you did not grant");
    expect(none.text).toContain("network=host (permissions to access a network)");
    expect(none.text).toContain("capabilities=CAP_NET_BIND_SERVICE");
    expect(none.text).toContain(`grant_privileges: ${JSON.stringify(PLUGIN_PRIVILEGES)}`);
    const partial = await call("plugin_install", { remote: V1, local_name: local, grant_privileges: ["network=host"] });
    expect(partial.isError).toBe(true);
    expect(partial.text).toContain("did not grant: capabilities=CAP_NET_BIND_SERVICE");
    expect(partial.text).not.toContain("did not grant: network=host");
    expect(onDaemon(installed)).toBeUndefined();
  });

  it("installs with exactly the granted privileges, disabled, and reports a grant it did not need", async () => {
    const result = await json<Record<string, unknown>>("plugin_install", {
      remote: V1,
      local_name: local,
      grant_privileges: [...PLUGIN_PRIVILEGES, "mount=/unneeded"],
    });
    expect(result).toMatchObject({
      installed,
      enabled: false,
      reference: V1,
      privileges: PLUGIN_PRIVILEGES,
      unused_grants: ["mount=/unneeded"],
    });
    expect(result.id).toMatch(/^[0-9a-f]{64}$/);
    expect(onDaemon(installed)).toMatchObject({ Enabled: false, PluginReference: V1 });
    const twice = await call("plugin_install", { remote: V2, local_name: local, grant_privileges: PLUGIN_PRIVILEGES });
    expect(twice.isError).toBe(true);
    expect(twice.text).toContain("already exists");
    expect(twice.text).toContain("Pass another local_name, or remove the installed one first (plugin_remove).");
    expect(onDaemon(installed)?.PluginReference).toBe(V1);
  });

  it("lists it as a compact row, whole documents with detail=true, and inspects fields", async () => {
    const rows = await json<Row[]>("plugin_list", {});
    expect(rows.find((row) => row.name === installed)).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{64}$/),
      name: installed,
      enabled: false,
      description: "dmcp test log driver v1",
      types: ["docker.logdriver/1.0"],
      reference: V1,
    });
    const docs = await json<Array<{ Name: string; Config: unknown; Settings: unknown }>>("plugin_list", {
      detail: true,
    });
    expect(docs.find((doc) => doc.Name === installed)).toHaveProperty("Settings");
    expect(
      await json("plugin_inspect", { name: installed, fields: ["Settings.Env", "Config.Interface.Socket"] }),
    ).toEqual({ "Settings.Env": ["MODE=v1", "DEBUG=0"], "Config.Interface.Socket": "dmcp.sock" });
    // By default null, empty and default fields are left out; a disabled plugin still says Enabled: false.
    const shaped = await call("plugin_inspect", { name: installed });
    const whole = await call("plugin_inspect", { name: installed, detail: true });
    expect(shaped.text).not.toMatch(EMPTY_MEMBER);
    expect(whole.text).toMatch(EMPTY_MEMBER);
    expect(JSON.parse(shaped.text)).toMatchObject({ Name: installed, Enabled: false });
  });

  it("configures env and args while disabled; an unknown setting names the settable ones", async () => {
    const result = await json("plugin_configure", { name: local, options: { DEBUG: "1", args: "--verbose" } });
    expect(result).toEqual({
      configured: installed,
      set: { DEBUG: "1", args: "--verbose" },
      env: ["MODE=v1", "DEBUG=1"],
      args: ["--verbose"],
    });
    expect(onDaemon(installed)?.Settings).toMatchObject({ Env: ["MODE=v1", "DEBUG=1"], Args: ["--verbose"] });
    const unknown = await call("plugin_configure", { name: local, options: { NOPE: "1" } });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toContain("has no setting 'NOPE'; nothing changed. Settable: MODE, DEBUG, args.");
  });

  it("enables it; enabled, it refuses a second enable, configure, upgrade and unforced removal", async () => {
    expect(await json("plugin_enable", { name: installed, timeout_seconds: 5 })).toMatchObject({
      name: installed,
      enabled: true,
    });
    expect(onDaemon(installed)?.Enabled).toBe(true);
    const again = await call("plugin_enable", { name: installed });
    expect(again).toMatchObject({ isError: true });
    expect(again.text).toContain(
      `Plugin '${installed}' is already enabled on host '${engine.label}'; nothing changed.`,
    );
    const configure = await call("plugin_configure", { name: installed, options: { DEBUG: "2" } });
    expect(configure.text).toContain("settings change only while it is disabled: plugin_disable");
    const upgrade = await call("plugin_upgrade", { name: installed, remote: V2, grant_privileges: PLUGIN_PRIVILEGES });
    expect(upgrade.isError).toBe(true);
    expect(upgrade.text).toContain("is enabled on host");
    expect(upgrade.text).toContain("disable it first (plugin_disable)");
    const remove = await call("plugin_remove", { name: installed });
    expect(remove.isError).toBe(true);
    expect(remove.text).toContain("disable it first (plugin_disable) or pass force=true");
    expect(onDaemon(installed)).toMatchObject({ Enabled: true, PluginReference: V1 });
    expect(onDaemon(installed)?.Settings.Env).toEqual(["MODE=v1", "DEBUG=1"]);
  });

  it("disables it; a second disable says so", async () => {
    expect(await json("plugin_disable", { name: installed })).toMatchObject({ name: installed, enabled: false });
    expect(onDaemon(installed)?.Enabled).toBe(false);
    const again = await call("plugin_disable", { name: installed });
    expect(again.isError).toBe(true);
    expect(again.text).toContain("is already disabled");
  });

  it("upgrades to v2 (privileges granted as for install), keeping its settings", async () => {
    const refused = await call("plugin_upgrade", { name: installed, remote: V2 });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain(`Plugin ${V2} asks for privileges you did not grant`);
    expect(onDaemon(installed)?.PluginReference).toBe(V1);
    const result = await json("plugin_upgrade", { name: installed, remote: V2, grant_privileges: PLUGIN_PRIVILEGES });
    expect(result).toMatchObject({
      upgraded: installed,
      enabled: false,
      from: V1,
      to: V2,
      description: "dmcp test log driver v2",
      privileges: PLUGIN_PRIVILEGES,
    });
    const after = await json<Record<string, unknown>>("plugin_inspect", {
      name: installed,
      fields: ["PluginReference", "Config.Description", "Config.Env", "Settings.Env"],
    });
    expect(after).toMatchObject({
      PluginReference: V2,
      "Config.Description": "dmcp test log driver v2",
      "Settings.Env": ["MODE=v1", "DEBUG=1"],
    });
    expect(after["Config.Env"]).toContainEqual(expect.objectContaining({ Name: "MODE", Value: "v2" }));
    expect(onDaemon(installed)?.Config.Description).toBe("dmcp test log driver v2");
  });

  it("enables the upgraded plugin, then force-removes it while enabled", async () => {
    expect(await json("plugin_enable", { name: installed })).toMatchObject({ enabled: true });
    expect(await json("plugin_remove", { name: installed, force: true })).toEqual({ removed: installed });
    expect(onDaemon(installed)).toBeUndefined();
    const gone = await call("plugin_inspect", { name: installed });
    expect(gone.isError).toBe(true);
    expect(gone.text).toContain(`No plugin '${installed}' on host '${engine.label}'. plugin_list shows`);
  });

  it("installs from a private registry with the credentials system_login keeps", async () => {
    const anonymous = await call("plugin_install", {
      remote: PRIVATE,
      local_name: privateLocal,
      grant_privileges: PLUGIN_PRIVILEGES,
    });
    expect(anonymous.isError).toBe(true);
    expect(anonymous.text).toContain(`The registry ${TLS} wants credentials: log in with system_login`);
    expect(onDaemon(privateLocal)).toBeUndefined();
    await json("system_login", { registry: TLS, username: tb("REGISTRY_USER"), password: tb("REGISTRY_PASSWORD") });
    const result = await json("plugin_install", {
      remote: PRIVATE,
      local_name: privateLocal,
      grant_privileges: PLUGIN_PRIVILEGES,
    });
    expect(result).toMatchObject({ installed: `${privateLocal}:latest`, credentials: "login", reference: PRIVATE });
    expect(JSON.stringify(result)).not.toContain(tb("REGISTRY_PASSWORD"));
    expect(await json("plugin_remove", { name: privateLocal })).toEqual({ removed: privateLocal });
    expect(onDaemon(privateLocal)).toBeUndefined();
  });

  it("refuses malformed names before any request, and unknown plugins with a clear sentence", async () => {
    for (const name of ["a/../b", "x//y", "..", "Upper/Case"]) {
      const result = await call("plugin_inspect", { name });
      expect(result.isError).toBe(true);
      expect(result.text).toContain(`name '${name}' is not a valid plugin reference`);
    }
    const remove = await call("plugin_remove", { name: `dmcp-it-missing-${RUN}`, force: true });
    expect(remove.isError).toBe(true);
    expect(remove.text).toContain(`No plugin 'dmcp-it-missing-${RUN}' on host '${engine.label}'`);
    const bad = await call("plugin_install", { remote: "Not A Ref", grant_privileges: PLUGIN_PRIVILEGES });
    expect(bad.text).toContain("remote 'Not A Ref' is not a valid plugin reference");
    const grant = await call("plugin_install", { remote: V1, grant_privileges: ["network"] });
    expect(grant.text).toContain(`grant_privileges entry 'network' is not "name=value"`);
    const missing = await call("plugin_install", {
      remote: `${PLAIN}/${REPOSITORY}:nosuchtag`,
      local_name: `${local}-missing`,
    });
    expect(missing.isError).toBe(true);
    expect(missing.text).toContain(`Install of ${PLAIN}/${REPOSITORY}:nosuchtag failed`);
    expect(missing.text).toContain("Nothing changed.");
    expect(onDaemon(`${local}-missing`)).toBeUndefined();
  });
});
