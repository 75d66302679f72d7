// Reading a compose project: ps, ls, images, port (parsed JSON rows), config (secret-looking values redacted),
// logs, top, wait.

import { z } from "zod";
import { untrusted } from "../../base/untrusted.js";
import { CliError } from "../../cli/errors.js";
import { positional } from "../../cli/guard.js";
import { parseRows } from "../../cli/parse.js";
import { actionResult, commandFailed, lastLines, newestBytes, PRODUCT_BYTES } from "../../cli/results.js";
import { flag, revealParam, timeoutParam } from "../../contract/params.js";
import { defineTool, type ToolContext } from "../../contract/tool.js";
import { guardServices, profilesShape, projectShape, runCompose, servicesParam } from "./project.js";
import { redactJson, redactYaml } from "./redact.js";

type Row = Record<string, unknown>;

function failure(result: { returncode: number; stderr: string; stdout: string }) {
  const text = [...result.stderr.split("\n"), ...result.stdout.split("\n")].filter((line) => line.trim());
  return { exit_code: result.returncode, error: lastLines(text, 10) };
}

function psRow(row: Row): Row {
  const exitCode = row.ExitCode;
  return {
    name: row.Name,
    service: row.Service,
    state: row.State,
    status: row.Status,
    ...(row.Health ? { health: row.Health } : {}),
    ...(row.State === "exited" && typeof exitCode === "number" ? { exit_code: exitCode } : {}),
    ...(row.Ports ? { ports: row.Ports } : {}),
    image: row.Image,
    id: row.ID,
  };
}

export const composePs = defineTool({
  description: "docker compose ps.",
  input: { ...projectShape, services: servicesParam, all: flag() },
  async run(args, ctx) {
    const sub = ["ps", "--format", "json"];
    if (args.all) sub.push("--all");
    sub.push(...guardServices(args.services));
    const result = await runCompose(ctx, args, sub);
    if (result.returncode !== 0) return { services: [], ...failure(result) };
    return { services: parseRows(result.stdout, result.truncated, "compose ps output").map((r) => psRow(r as Row)) };
  },
});

export const composeList = defineTool({
  description: "docker compose ls.",
  input: { all: flag() },
  async run(args, ctx) {
    const argv = ["compose", "ls", "--format", "json"];
    if (args.all) argv.push("--all");
    const result = await ctx.cli.run(argv, { plugin: "compose", describe: "docker compose ls" });
    if (result.returncode !== 0) throw commandFailed("docker compose ls", result);
    return parseRows(result.stdout, result.truncated, "compose ls output").map((raw) => {
      const row = raw as Row;
      return { name: row.Name, status: row.Status, config_files: row.ConfigFiles };
    });
  },
});

export const composeImages = defineTool({
  description: "docker compose images.",
  input: { ...projectShape, services: servicesParam },
  async run(args, ctx) {
    const result = await runCompose(ctx, args, ["images", "--format", "json", ...guardServices(args.services)]);
    if (result.returncode !== 0) throw commandFailed("docker compose images", result);
    return parseRows(result.stdout, result.truncated, "compose images output").map((raw) => {
      const row = raw as Row;
      return { container: row.ContainerName, repository: row.Repository, tag: row.Tag, id: row.ID, size: row.Size };
    });
  },
});

export const composePort = defineTool({
  description: "docker compose port.",
  input: {
    ...projectShape,
    service: z.string(),
    private_port: z.number().int(),
    protocol: z.string().default("tcp"),
    index: z.number().int().default(1),
  },
  async run(args, ctx) {
    const sub = ["port", "--protocol", args.protocol];
    if (args.index !== 1) sub.push("--index", String(args.index));
    sub.push(positional("service", args.service), String(args.private_port));
    const result = await runCompose(ctx, args, sub);
    if (result.returncode !== 0) throw commandFailed("docker compose port", result);
    const bindings = result.stdout
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
    const first = bindings[0] ?? null;
    const colon = first ? first.lastIndexOf(":") : -1;
    const portText = first && colon >= 0 ? first.slice(colon + 1) : "";
    return {
      service: args.service,
      private_port: args.private_port,
      protocol: args.protocol,
      published: first,
      host: first && colon >= 0 ? first.slice(0, colon) : null,
      port: /^\d+$/.test(portText) ? Number(portText) : null,
      bindings,
    };
  },
});

export const composeConfig = defineTool({
  description: "docker compose config; values of keys like *PASSWORD*, *TOKEN*, *KEY* are redacted.",
  input: {
    ...projectShape,
    ...profilesShape,
    services_only: flag(),
    format: z.enum(["yaml", "json"]).default("yaml"),
    reveal: revealParam(),
  },
  async run(args, ctx) {
    const sub = ["config"];
    if (args.services_only) sub.push("--services");
    else if (args.format === "json") sub.push("--format", "json");
    const result = await runCompose(ctx, args, sub, { profiles: true });
    if (result.returncode !== 0) return { config: null, ...failure(result) };
    if (result.truncated) {
      throw new CliError(
        "The resolved compose config exceeded 4 MiB and was cut; narrow it with services_only=true or fewer files/profiles.",
      );
    }
    if (args.services_only) return { config: result.stdout.split("\n").filter((line) => line.trim()) };
    if (args.format === "json") {
      if (!result.stdout.trim()) return { config: result.stdout };
      let parsed: unknown;
      try {
        parsed = JSON.parse(result.stdout);
      } catch {
        throw new CliError("Could not parse compose config output as JSON.");
      }
      if (shows(args.reveal, ctx)) return { config: parsed };
      const redacted = redactJson(parsed, ctx.redaction.names);
      return { config: redacted.value, ...redactionNote(redacted.count) };
    }
    if (shows(args.reveal, ctx)) return { config: result.stdout };
    const redacted = redactYaml(result.stdout, ctx.redaction.names);
    return { config: redacted.text, ...redactionNote(redacted.count) };
  },
});

function shows(reveal: boolean | null | undefined, ctx: ToolContext): boolean {
  return !ctx.redaction.active || reveal === true;
}

function redactionNote(count: number) {
  return count > 0 ? { redacted: count } : {};
}

export const composeLogs = defineTool({
  description: "docker compose logs (no follow).",
  input: {
    ...projectShape,
    services: servicesParam,
    tail: z.union([z.number().int().min(0), z.literal("all")]).default(200),
    since: z.string().nullish(),
    until: z.string().nullish(),
    timestamps: flag(),
  },
  async run(args, ctx) {
    const sub = ["logs", "--no-color", "--no-log-prefix", "--tail", String(args.tail)];
    if (args.since) sub.push("--since", args.since);
    if (args.until) sub.push("--until", args.until);
    if (args.timestamps) sub.push("--timestamps");
    sub.push(...guardServices(args.services));
    const result = await runCompose(ctx, args, sub, { keep: "tail" });
    const logs = newestBytes(result.stdout);
    const cut = logs.cut || result.truncated;
    return {
      exit_code: result.returncode,
      logs: untrusted("container logs", logs.text),
      ...(result.returncode !== 0 && result.stderr.trim()
        ? { stderr: lastLines(result.stderr.trim().split("\n")) }
        : {}),
      ...(cut
        ? {
            truncated: true,
            note: `Showing the newest ${Math.round(PRODUCT_BYTES / 1024)} KiB; narrow with tail, since/until or services.`,
          }
        : {}),
    };
  },
});

/** `docker compose top` prints, per container, its name, a header line and ps rows. */
export function parseTop(text: string): Record<string, { Titles: string[]; Processes: string[][] }> {
  const containers: Record<string, { Titles: string[]; Processes: string[][] }> = {};
  for (const block of text.split(/\n\s*\n/)) {
    const [name, header, ...rows] = block.split("\n").filter((line) => line.trim());
    if (!name || !header) continue;
    const titles = header.trim().split(/\s+/);
    containers[name.trim()] = {
      Titles: titles,
      Processes: rows.map((row) => {
        const cells = row.trim().split(/\s+/);
        // The last column (CMD) keeps its spaces.
        return [...cells.slice(0, titles.length - 1), cells.slice(titles.length - 1).join(" ")];
      }),
    };
  }
  return containers;
}

export const composeTop = defineTool({
  description: "docker compose top.",
  input: { ...projectShape, services: servicesParam },
  async run(args, ctx) {
    const result = await runCompose(ctx, args, ["top", ...guardServices(args.services)]);
    if (result.returncode !== 0) return actionResult(result);
    return { exit_code: 0, containers: parseTop(result.stdout) };
  },
});

export const composeWait = defineTool({
  description: "docker compose wait: until the services exit.",
  input: { ...projectShape, services: z.array(z.string()), timeout_seconds: timeoutParam(300) },
  async run(args, ctx) {
    if (args.services.length === 0) throw new CliError("compose_wait needs at least one service in `services`.");
    const sub = ["wait", ...guardServices(args.services)];
    return actionResult(await runCompose(ctx, args, sub, { timeoutSeconds: args.timeout_seconds }), { product: true });
  },
});
