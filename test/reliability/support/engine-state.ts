// Engine A's objects read straight from its socket (not through the server under test), and a diff that is scoped
// to what this run may judge: the engines are shared with concurrent test runs, whose objects come and go.

import { request } from "node:http";
import { RUN_LABEL } from "./run.js";

export interface EngineObject {
  kind: "container" | "image" | "network" | "volume";
  id: string;
  name: string;
  /** What must not change: a container's state, an image's tags. */
  state: string;
  labels: Record<string, string>;
}

export type Snapshot = Map<string, EngineObject>;

/** GET a JSON document from an engine socket. */
export function engineGet<T>(socketPath: string, path: string, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: "GET", timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        if ((res.statusCode ?? 500) >= 400) reject(new Error(`GET ${path}: HTTP ${res.statusCode} ${text}`));
        else resolve(JSON.parse(text) as T);
      });
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${path}: no answer in ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end();
  });
}

interface RawContainer {
  Id: string;
  Names?: string[];
  State?: string;
  Labels?: Record<string, string> | null;
}
interface RawImage {
  Id: string;
  RepoTags?: string[] | null;
  Labels?: Record<string, string> | null;
}
interface RawNetwork {
  Id: string;
  Name: string;
  Scope?: string;
  Labels?: Record<string, string> | null;
}
interface RawVolumes {
  Volumes?: Array<{ Name: string; Labels?: Record<string, string> | null }> | null;
}

export async function snapshot(socketPath: string): Promise<Snapshot> {
  const [containers, images, networks, volumes] = await Promise.all([
    engineGet<RawContainer[]>(socketPath, "/containers/json?all=1"),
    engineGet<RawImage[]>(socketPath, "/images/json"),
    engineGet<RawNetwork[]>(socketPath, "/networks"),
    engineGet<RawVolumes>(socketPath, "/volumes"),
  ]);
  const out: Snapshot = new Map();
  const add = (object: EngineObject) => out.set(`${object.kind}:${object.id}`, object);
  for (const c of containers) {
    const name = (c.Names?.[0] ?? "").replace(/^\//, "");
    add({ kind: "container", id: c.Id, name, state: c.State ?? "", labels: c.Labels ?? {} });
  }
  for (const i of images) {
    const tags = [...(i.RepoTags ?? [])].filter((tag) => tag !== "<none>:<none>").sort();
    add({ kind: "image", id: i.Id, name: tags.join(",") || i.Id, state: tags.join(","), labels: i.Labels ?? {} });
  }
  for (const n of networks) {
    // Swarm's networks come and go with a swarm some other run creates on the shared engine.
    const swarm = n.Scope === "swarm" || n.Name === "docker_gwbridge";
    add({ kind: "network", id: n.Id, name: n.Name, state: swarm ? "swarm" : "", labels: n.Labels ?? {} });
  }
  for (const v of volumes.Volumes ?? []) {
    add({ kind: "volume", id: v.Name, name: v.Name, state: "", labels: v.Labels ?? {} });
  }
  return out;
}

/** Objects another run owns (or that come and go with another run's objects): not ours to judge. */
export function ownedElsewhere(object: EngineObject, runId: string): boolean {
  const run = object.labels[RUN_LABEL];
  if (run !== undefined) return run !== runId;
  if (Object.keys(object.labels).some((key) => key.startsWith("docker-mcp-server.") || key.startsWith("com.docker.")))
    return true;
  if (object.name.startsWith("dmcp-") || object.name.includes("/dmcp-")) return true;
  if (object.kind === "network" && object.state === "swarm") return true;
  if (object.kind === "image") return object.state === "" || /(^|,)(127\.0\.0\.1|localhost)[:/]/.test(object.state);
  // Anonymous volumes belong to some container.
  if (object.kind === "volume") return /^[0-9a-f]{64}$/.test(object.name);
  return false;
}

/**
 * What changed that this run may judge: an object that existed before (and is not another run's) vanished or changed
 * state, or a new object carries this run's marker.
 */
export function diffState(before: Snapshot, after: Snapshot, runId: string, marker: string): string[] {
  const diffs: string[] = [];
  for (const [key, object] of before) {
    if (ownedElsewhere(object, runId)) continue;
    const now = after.get(key);
    if (!now) diffs.push(`${object.kind} ${object.name} (${object.id.slice(0, 12)}) disappeared`);
    else if (now.state !== object.state)
      diffs.push(`${object.kind} ${object.name}: ${object.state || "-"} → ${now.state || "-"}`);
  }
  for (const [key, object] of after) {
    if (before.has(key)) continue;
    if (object.name.includes(marker) || object.labels[RUN_LABEL] === runId)
      diffs.push(`new ${object.kind} ${object.name} carries this run's marker`);
  }
  return diffs;
}
