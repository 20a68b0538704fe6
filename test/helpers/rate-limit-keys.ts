/**
 * The rate-limit key sequence every adapter's rate-limiter test replays with a limit of 2 per key
 * and `clientKey` as the key: IPv6 clients in one /56 are counted together (rotating addresses
 * does not dodge the limit), a different /56 is counted apart, every IPv4 client is its own, and
 * an IPv4-mapped spelling is the IPv4 client. Every request comes through one trusted proxy.
 */

/** One request: the trusted proxy's peer address and the `X-Forwarded-For` it sent. */
export interface KeyedRequest {
  readonly peer: string;
  readonly xff: string;
}

const via = (xff: string): KeyedRequest => ({ peer: '10.0.0.1', xff });

/** The requests, in order, and the status each must get. */
export const keySequence: readonly (readonly [KeyedRequest, 200 | 429])[] = [
  [via('2001:db8:0:100::1'), 200],
  [via('2001:db8:0:1ff::2'), 200], // same /56, another address
  [via('2001:db8:0:1aa:1:2:3:4'), 429], // same /56: the third request of that client
  [via('2001:db8:0:200::1'), 200], // the next /56: another client
  [via('198.51.100.9'), 200],
  [via('::ffff:198.51.100.9'), 200], // the same IPv4 client, mapped spelling
  [via('198.51.100.9'), 429],
  [via('198.51.100.10'), 200], // the next IPv4 address: another client
];
