/**
 * Builders for the expected results of the shared vectors, so each vector states only what
 * matters (address, hops, reason) and the other fields follow the written rules: `family` is the
 * family of the printed address, `source` is `'socket'` exactly when `hops` is 0, and the peer's
 * `port` is `undefined` because vectors give no `remotePort`.
 */
import type { ClientAddress, StopReason } from '@realip/core';

/** The family of a canonical address as printed: IPv6 text always contains a colon. */
function familyOf(ip: string): 4 | 6 {
  return ip.includes(':') ? 6 : 4;
}

/**
 * The answer is the socket peer itself (hops 0).
 * @example peerIs('10.0.0.1', 'exhausted')
 */
export function peerIs(ip: string, reason: Exclude<StopReason, 'no-peer'>): ClientAddress {
  return {
    ip,
    family: familyOf(ip),
    port: undefined,
    source: 'socket',
    hops: 0,
    reason,
    protocol: undefined,
    host: undefined,
  };
}

/** Optional parts of a header answer; absent means `undefined`. */
export interface HopExtras {
  readonly port?: number;
  readonly protocol?: 'http' | 'https';
  readonly host?: string;
}

/**
 * The answer is header entry number `hops` (1 = rightmost) of `source`.
 * @example fromHeader('x-forwarded-for', '198.51.100.9', 1, 'untrusted', { port: 5678 })
 */
export function fromHeader(
  source: string,
  ip: string,
  hops: number,
  reason: Exclude<StopReason, 'no-peer'>,
  extras: HopExtras = {},
): ClientAddress {
  return {
    ip,
    family: familyOf(ip),
    port: extras.port,
    source,
    hops,
    reason,
    protocol: extras.protocol,
    host: extras.host,
  };
}

/** The socket address is unknown (Unix socket, closed socket) or not an address. */
export const NO_PEER: ClientAddress = {
  ip: undefined,
  family: undefined,
  port: undefined,
  source: 'socket',
  hops: 0,
  reason: 'no-peer',
  protocol: undefined,
  host: undefined,
};

/**
 * `count` distinct public addresses `198.51.x.y`, left to right, entry `i` being
 * `198.51.(i >> 8).(i & 255)`: deterministic filler for long headers.
 * @example filler(3) // ['198.51.0.0', '198.51.0.1', '198.51.0.2']
 */
export function filler(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `198.51.${i >> 8}.${i & 255}`);
}
