// resources/subscribe for the observability resources: container, service and node indexes and their per-object
// children. One event watch per host, shared by every subscriber, started on the first subscription and stopped on
// the last; each subscribed URI is notified (notifications/resources/updated) at most every DEBOUNCE_MS, and
// objects appearing or going away also send notifications/resources/list_changed.

import type { Readable } from "node:stream";
import { CallerError } from "../base/errors.js";
import type { HostEntry, HostRegistry } from "../config/hosts.js";
import { type DaemonEvent, EventWatch } from "../engine/event-watch.js";
import type { EnginePool } from "../engine/pool.js";

const DEBOUNCE_MS = 200;
/** How long a subscribe waits for the event stream to open before answering anyway. */
const OPEN_WAIT_MS = 3000;

type Kind = "containers" | "services" | "nodes";

interface Target {
  readonly host: string;
  readonly kind: Kind;
  /** A per-object child (logs, stats, tasks): its name or id; undefined for an index. */
  readonly object: string | undefined;
}

const CHILD_SCHEMES: Readonly<Record<string, Kind>> = {
  "docker-logs": "containers",
  "docker-stats": "containers",
  "service-logs": "services",
  "service-tasks": "services",
};

const INDEXES = new Set<string>(["containers", "services", "nodes"]);

/** Reads a subscribable URI in the single-host (`docker://containers`) or multi-host forms; undefined otherwise. */
export function parseTarget(uri: string, hosts: HostRegistry): Target | undefined {
  const match = /^([a-z-]+):\/\/([^/]*)(?:\/(.*))?$/.exec(uri);
  if (!match) return undefined;
  const [, scheme = "", authority = "", path] = match;
  const defaultLabel = hosts.entries[0]?.label ?? "";
  const known = (label: string) => hosts.entries.some((entry) => entry.label === label);
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return undefined;
    }
  };
  if (scheme === "docker") {
    if (!hosts.multi)
      return authority && INDEXES.has(authority) && path === undefined ? index(defaultLabel, authority) : undefined;
    if (path === undefined || !INDEXES.has(path)) return undefined;
    if (authority === "") return index(defaultLabel, path);
    return known(authority) ? index(authority, path) : undefined;
  }
  const kind = CHILD_SCHEMES[scheme];
  if (!kind) return undefined;
  if (!hosts.multi) {
    const object = path === undefined ? decode(authority) : undefined;
    return object ? { host: defaultLabel, kind, object } : undefined;
  }
  if (path === undefined || path.includes("/")) return undefined;
  const object = decode(path);
  if (!object) return undefined;
  if (authority === "") return { host: defaultLabel, kind, object };
  return known(authority) ? { host: authority, kind, object } : undefined;
}

function index(host: string, kind: string): Target {
  return { host, kind: kind as Kind, object: undefined };
}

const KIND_OF_EVENT: Readonly<Record<string, Kind>> = { container: "containers", service: "services", node: "nodes" };
const SET_CHANGES = new Set(["create", "destroy", "remove", "rename"]);

/** The names an event's object answers to: id, short id, name. */
function objectNames(event: DaemonEvent): Set<string> {
  const names = new Set<string>();
  const id = event.Actor?.ID;
  if (id) {
    names.add(id);
    names.add(id.slice(0, 12));
  }
  const name = event.Actor?.Attributes?.name;
  if (name) names.add(name);
  return names;
}

export interface Subscriber {
  updated(uri: string): void;
  listChanged(): void;
}

/** Shared across sessions: who watches which URI, and one event watch per host. */
export class SubscriptionHub {
  private readonly watches = new Map<string, EventWatch>();
  private readonly subscriptions = new Map<Subscriber, Map<string, Target>>();
  private readonly pending = new Map<Subscriber, Map<string, ReturnType<typeof setTimeout>>>();

  constructor(
    private readonly hosts: HostRegistry,
    private readonly engine: EnginePool,
  ) {}

  async subscribe(subscriber: Subscriber, uri: string): Promise<void> {
    const target = parseTarget(uri, this.hosts);
    if (!target) {
      throw new CallerError(
        `Cannot subscribe to '${uri.slice(0, 200)}': only the container, service and node indexes and their logs/stats/tasks children notify on change.`,
      );
    }
    let mine = this.subscriptions.get(subscriber);
    if (!mine) {
      mine = new Map();
      this.subscriptions.set(subscriber, mine);
    }
    mine.set(uri, target);
    const watch = this.watchFor(target.host);
    watch?.start();
    // Answer once the stream is open, so every change after the subscription is seen.
    await watch?.whenOpen(OPEN_WAIT_MS);
  }

  unsubscribe(subscriber: Subscriber, uri: string): void {
    this.subscriptions.get(subscriber)?.delete(uri);
    this.stopIdle();
  }

  /** A session ended: everything it watched goes. */
  drop(subscriber: Subscriber): void {
    this.subscriptions.delete(subscriber);
    for (const timer of this.pending.get(subscriber)?.values() ?? []) clearTimeout(timer);
    this.pending.delete(subscriber);
    this.stopIdle();
  }

  private watchFor(label: string): EventWatch | undefined {
    const existing = this.watches.get(label);
    if (existing) return existing;
    const host = this.hosts.entries.find((entry) => entry.label === label);
    if (!host) return undefined;
    const watch = new EventWatch((signal) => this.openEvents(host, signal), {
      onEvent: (event) => this.dispatch(label, event),
      onReopen: () => this.dispatchAll(label),
    });
    this.watches.set(label, watch);
    return watch;
  }

  private async openEvents(host: HostEntry, signal: AbortSignal) {
    const docker = await this.engine.docker(host);
    const filters = JSON.stringify({ type: ["container", "service", "node"] });
    return (await docker.getEvents({ filters, abortSignal: signal } as Parameters<
      typeof docker.getEvents
    >[0])) as unknown as Readable;
  }

  private stopIdle(): void {
    const watched = new Set<string>();
    for (const mine of this.subscriptions.values()) for (const target of mine.values()) watched.add(target.host);
    for (const [label, watch] of this.watches) {
      if (!watched.has(label) && watch.running) watch.stop();
    }
  }

  private dispatch(host: string, event: DaemonEvent): void {
    const kind = event.Type ? KIND_OF_EVENT[event.Type] : undefined;
    if (!kind) return;
    const names = objectNames(event);
    for (const [subscriber, mine] of this.subscriptions) {
      for (const [uri, target] of mine) {
        if (target.host !== host || target.kind !== kind) continue;
        if (target.object !== undefined && !names.has(target.object)) continue;
        this.later(subscriber, uri);
      }
      if (event.Action && SET_CHANGES.has(event.Action) && [...mine.values()].some((t) => t.host === host)) {
        this.later(subscriber, "");
      }
    }
  }

  /** After a gap in the stream every subscribed URI of the host may be stale. */
  private dispatchAll(host: string): void {
    for (const [subscriber, mine] of this.subscriptions) {
      for (const [uri, target] of mine) if (target.host === host) this.later(subscriber, uri);
    }
  }

  /** Debounced delivery; the empty key stands for list_changed. */
  private later(subscriber: Subscriber, uri: string): void {
    let timers = this.pending.get(subscriber);
    if (!timers) {
      timers = new Map();
      this.pending.set(subscriber, timers);
    }
    if (timers.has(uri)) return;
    timers.set(
      uri,
      setTimeout(() => {
        timers?.delete(uri);
        const mine = this.subscriptions.get(subscriber);
        if (!mine) return;
        if (uri === "") subscriber.listChanged();
        // Unsubscribed while the notice waited: it is no longer wanted.
        else if (mine.has(uri)) subscriber.updated(uri);
      }, DEBOUNCE_MS),
    );
  }
}
