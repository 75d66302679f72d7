// 2026-07-28 clients ask for resource notifications with `subscriptions/listen`, which the SDK's listen router answers
// without asking the server instance. The bridge is how those streams reach the subscription hub: each stream's URIs
// are counted, the hub watches a URI while any stream wants it, and every change is published once (the SDK's
// router then fans it out to the streams whose filter names that URI).

import { CallerError } from "../base/errors.js";
import type { HostRegistry } from "../config/hosts.js";
import { parseTarget, type Subscriber, type SubscriptionHub } from "./subscriptions.js";

/** The resource URIs a `subscriptions/listen` request asks for; undefined when it is not one or names none. */
export function listenedUris(message: unknown): string[] | undefined {
  if (typeof message !== "object" || message === null) return undefined;
  const { method, params } = message as { method?: unknown; params?: { notifications?: unknown } };
  if (method !== "subscriptions/listen" || typeof params?.notifications !== "object") return undefined;
  const wanted = (params.notifications as { resourceSubscriptions?: unknown } | null)?.resourceSubscriptions;
  if (!Array.isArray(wanted)) return undefined;
  const uris = wanted.filter((uri): uri is string => typeof uri === "string");
  return uris.length > 0 ? uris : undefined;
}

export class ListenBridge {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly hub: SubscriptionHub,
    private readonly hosts: HostRegistry,
    private readonly subscriber: Subscriber,
  ) {}

  /**
   * Starts watching `uris` for one stream (resolving once the event streams are open) and returns its release.
   * A URI nothing notifies on is refused before anything is watched (CallerError).
   */
  async open(uris: readonly string[]): Promise<() => void> {
    const unique = [...new Set(uris)];
    const bad = unique.find((uri) => !parseTarget(uri, this.hosts));
    if (bad !== undefined) {
      throw new CallerError(
        `Cannot listen to '${bad.slice(0, 200)}': only the container, service and node indexes and their logs/stats/tasks children notify on change (see resources/list and resources/templates/list).`,
      );
    }
    const opened: string[] = [];
    try {
      for (const uri of unique) {
        const count = this.counts.get(uri) ?? 0;
        this.counts.set(uri, count + 1);
        opened.push(uri);
        if (count === 0) await this.hub.subscribe(this.subscriber, uri);
      }
    } catch (err) {
      this.release(opened);
      throw err;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(unique);
    };
  }

  private release(uris: readonly string[]): void {
    for (const uri of uris) {
      const count = (this.counts.get(uri) ?? 1) - 1;
      if (count > 0) {
        this.counts.set(uri, count);
        continue;
      }
      this.counts.delete(uri);
      this.hub.unsubscribe(this.subscriber, uri);
    }
  }
}
