// "Local" host classification without DNS and the narrower loopback set that may speak
// plain HTTP.

import { isIP } from "node:net";

/** Hostname of `host[:port]` or `[v6]:port`, lower-cased, one trailing dot removed. */
export function hostnameOf(hostPort: string): string {
  let host = hostPort.trim().toLowerCase();
  if (host.startsWith("[")) {
    const end = host.indexOf("]");
    host = end > 0 ? host.slice(1, end) : host.slice(1);
  } else if (host.split(":").length === 2) {
    host = host.slice(0, host.indexOf(":"));
  }
  return host.endsWith(".") ? host.slice(0, -1) : host;
}

/** Normalises a URL's `hostname` the same way (URL keeps IPv6 brackets). */
export function urlHostname(url: URL): string {
  return hostnameOf(url.hostname);
}

function ipv4Octets(host: string): number[] | undefined {
  if (isIP(host) !== 4) return undefined;
  return host.split(".").map(Number);
}

/** IPv4-mapped IPv6 (`::ffff:10.0.0.1`, also the hex form URL produces) → the IPv4 address. */
function mappedIpv4(host: string): string | undefined {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (dotted?.[1]) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (!hex?.[1] || !hex[2]) return undefined;
  const high = Number.parseInt(hex[1], 16);
  const low = Number.parseInt(hex[2], 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

function isLocalIpv4(octets: number[]): boolean {
  const [a = -1, b = -1] = octets;
  // 0/8 reaches this machine on Linux; 100.64/10 is carrier-grade NAT space: both count as local here.
  return (
    a === 0 ||
    a === 127 ||
    a === 10 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254)
  );
}

function isLocalIpv6(host: string): boolean {
  const mapped = mappedIpv4(host);
  if (mapped) return isLocalIpv4(mapped.split(".").map(Number));
  if (host === "::1" || host === "::") return true;
  const first = Number.parseInt(host.split(":")[0] || "0", 16);
  // fc00::/7 unique-local (private), fe80::/10 link-local
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
}

/** Loopback, private or link-local address, or a local-only name. Empty → not local. */
export function isLocalHostname(name: string): boolean {
  const host = hostnameOf(name);
  if (!host) return false;
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal")) {
    return true;
  }
  const v4 = ipv4Octets(host);
  if (v4) return isLocalIpv4(v4);
  if (isIP(host) === 6) return isLocalIpv6(host);
  return false;
}

/** Where plain HTTP is allowed (as Docker does): `localhost`, 127.0.0.0/8, ::1. */
export function isLoopbackHostname(name: string): boolean {
  const host = hostnameOf(name);
  if (host === "localhost" || host === "::1") return true;
  const mapped = isIP(host) === 6 ? mappedIpv4(host) : undefined;
  return (ipv4Octets(mapped ?? host)?.[0] ?? -1) === 127;
}
