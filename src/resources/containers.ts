// Container observability resources: an index of every container with links to its log
// tail and usage summary. With one host the bare URIs; with several, `docker:///…` for the default host and
// `docker://{host}/…` for each configured label.

import type Docker from "dockerode";
import { untrusted } from "../base/untrusted.js";
import type { HostEntry } from "../config/hosts.js";
import { defineResource, type ResourceContext, type ResourceDef } from "../contract/resource.js";
import { readLogTail } from "../engine/container-logs.js";
import { CONTAINER_REF_HINT, isContainerRef } from "../engine/container-ref.js";
import { type StatsSample, summarizeStats } from "../engine/container-stats.js";
import { EngineError } from "../engine/errors.js";
import { childUri, type Form, hostFor, withDocker } from "./host-forms.js";

const LOG_LINES = 200;
const LOG_BYTES = 1024 * 1024;

interface Inspected {
  Id: string;
  Name?: string;
  Config?: { Image?: string; Tty?: boolean };
  State?: { Status?: string; ExitCode?: number };
}

async function inspectOne(docker: Docker, ref: string, signal: AbortSignal): Promise<Inspected> {
  if (!isContainerRef(ref)) throw new EngineError(`'${ref}' is not ${CONTAINER_REF_HINT}.`);
  return (await docker.getContainer(ref).inspect({ abortSignal: signal })) as unknown as Inspected;
}

async function containerIndex(ctx: ResourceContext, host: HostEntry, form: Form): Promise<string> {
  return await withDocker(ctx, host, async (docker) => {
    const listed = await docker.listContainers({ all: true, abortSignal: ctx.signal });
    const containers: Record<string, unknown>[] = [];
    for (const entry of listed) {
      let doc: Inspected;
      try {
        doc = await inspectOne(docker, entry.Id, ctx.signal);
      } catch {
        continue; // Removed between list and inspect.
      }
      const status = doc.State?.Status ?? null;
      const name = (doc.Name ?? "").replace(/^\//, "");
      const ref = name || doc.Id.slice(0, 12);
      containers.push({
        id: doc.Id.slice(0, 12),
        name,
        image: doc.Config?.Image ?? null,
        status,
        logs: childUri("docker-logs", form, ref),
        stats: status === "running" ? childUri("docker-stats", form, ref) : null,
        ...(status === "exited" ? { exit_code: doc.State?.ExitCode ?? null } : {}),
      });
    }
    return JSON.stringify({ containers }, null, 2);
  });
}

async function logTail(ctx: ResourceContext, host: HostEntry, ref: string): Promise<string> {
  return await withDocker(ctx, host, async (docker) => {
    const doc = await inspectOne(docker, ref, ctx.signal);
    const query = { stdout: true, stderr: true, timestamps: false, tail: LOG_LINES };
    const bounds = { maxLines: LOG_LINES, maxBytes: LOG_BYTES, signal: ctx.signal, tty: doc.Config?.Tty === true };
    return untrusted("container logs", (await readLogTail(docker, doc.Id, query, bounds)).lines.join("\n"));
  });
}

async function usage(ctx: ResourceContext, host: HostEntry, ref: string): Promise<string> {
  return await withDocker(ctx, host, async (docker) => {
    const doc = await inspectOne(docker, ref, ctx.signal);
    const name = (doc.Name ?? "").replace(/^\//, "") || doc.Id.slice(0, 12);
    if (doc.State?.Status !== "running") {
      throw new EngineError(
        `Container ${name} is not running (status ${doc.State?.Status}); there is no usage to show.`,
      );
    }
    const sample = (await docker
      .getContainer(doc.Id)
      .stats({ stream: false, abortSignal: ctx.signal } as { stream: false })) as StatsSample;
    return JSON.stringify(summarizeStats(name, sample), null, 2);
  });
}

const INDEX = "Every container (running and stopped) with links to its log tail and usage summary.";
const LOGS = "The last 200 lines of a container's stdout+stderr (also after it exited).";
const STATS = "A running container's CPU %, memory, network and block I/O, from one stats sample.";

type Reader = (ctx: ResourceContext, host: HostEntry, ref: string) => Promise<string>;

function family(): ResourceDef[] {
  const index = (form: Form) => (ctx: ResourceContext, host: HostEntry) => containerIndex(ctx, host, form);
  const child = (uriTemplate: string, name: string, description: string, mimeType: string, read: Reader) =>
    defineResource({
      uriTemplate,
      name,
      description,
      mimeType,
      domain: "containers",
      hostMode: uriTemplate.includes(":///") || uriTemplate.includes("{host}") ? "multi" : "single",
      async read(_uri, params, ctx) {
        return await read(ctx, hostFor(ctx, params.host), params.id_or_name as string);
      },
    });
  return [
    defineResource({
      uri: "docker://containers",
      name: "containers",
      description: INDEX,
      mimeType: "application/json",
      domain: "containers",
      hostMode: "single",
      read: (_uri, _params, ctx) => index({ kind: "single" })(ctx, hostFor(ctx, undefined)),
    }),
    defineResource({
      uri: "docker:///containers",
      name: "containers",
      description: `${INDEX} Default host.`,
      mimeType: "application/json",
      domain: "containers",
      hostMode: "multi",
      read: (_uri, _params, ctx) => index({ kind: "default" })(ctx, hostFor(ctx, undefined)),
    }),
    defineResource({
      uriTemplate: "docker://{host}/containers",
      name: "host-containers",
      description: `${INDEX} One configured host.`,
      mimeType: "application/json",
      domain: "containers",
      hostMode: "multi",
      read: (_uri, params, ctx) =>
        index({ kind: "host", label: params.host as string })(ctx, hostFor(ctx, params.host)),
    }),
    child("docker-logs://{id_or_name}", "container-logs", LOGS, "text/plain", logTail),
    child("docker-logs:///{id_or_name}", "container-logs", `${LOGS} Default host.`, "text/plain", logTail),
    child("docker-logs://{host}/{id_or_name}", "host-container-logs", LOGS, "text/plain", logTail),
    child("docker-stats://{id_or_name}", "container-stats", STATS, "application/json", usage),
    child("docker-stats:///{id_or_name}", "container-stats", `${STATS} Default host.`, "application/json", usage),
    child("docker-stats://{host}/{id_or_name}", "host-container-stats", STATS, "application/json", usage),
  ];
}

export const containerResources: readonly ResourceDef[] = family();
