/**
 * Rate-limit keys: one key per client, where an IPv6 client is its whole network, not one address.
 *
 * Why mask IPv6: a subscriber is delegated at least a /64, commonly a /56 or /48 (RIPE-690
 * section 4.2, RFC 6177), and can rotate through it at will (RFC 8981 temporary addresses do it
 * by themselves), so a limit keyed on the full address is dodged by changing address. IPv4 keeps
 * the full address: one address is all a client gets. IPv4-mapped IPv6 (`::ffff:a.b.c.d`, RFC 4291
 * section 2.5.5.2) is the IPv4 client, keyed by value whatever its spelling, so it can neither
 * dodge its IPv4 key nor fall into a `::/56` shared by every IPv4 client.
 */
import { RealIpConfigError } from './errors.js';
import { ADDR, INVALID, V4, V6, formatAddress, parseAddress } from './ip.js';
import type { ClientAddress } from './types.js';

/** Options of {@link clientKey}. */
export interface ClientKeyOptions {
  /**
   * The IPv6 prefix length one client is assumed to own: every address inside one such prefix
   * shares a key. An integer from 32 (a whole ISP allocation) to 128 (every address its own key).
   * @defaultValue `56`: what most ISPs delegate to a home or small office (RIPE-690).
   */
  readonly ipv6Subnet?: number;
}

/** The default `ipv6Subnet`. */
const DEFAULT_SUBNET = 56;

/**
 * The rate-limit key of a client: its IPv4 address as is (IPv4-mapped IPv6 included), or its IPv6
 * address masked to `ipv6Subnet` bits, written `network/prefix` (`2001:db8:0:100::/56`); a zone
 * (`%eth0`) is dropped. `undefined` when the client is unknown (`ip` undefined, a Unix socket) or
 * the text is not an address: choose yourself what such requests share.
 *
 * IPv4 keys never contain `:` and IPv6 keys always do, so the two never collide. A bad
 * `ipv6Subnet` throws a `RealIpConfigError`; request data never throws.
 *
 * @param client a resolved client (`req.realIp`, `ctx.state.realIp`, `request.realIp`, a
 *   resolver's result) or an address text (`req.ip`).
 * @param options `ipv6Subnet` (default 56).
 * @returns the key, or `undefined`.
 * @example
 * ```ts
 * clientKey('203.0.113.7');                            // '203.0.113.7'
 * clientKey('::ffff:203.0.113.7');                     // '203.0.113.7'
 * clientKey('2001:db8:0:1ff:a:b:c:d');                 // '2001:db8:0:100::/56'
 * clientKey('2001:db8::1', { ipv6Subnet: 64 });        // '2001:db8::/64'
 * clientKey(resolve(req)) ?? 'unknown';                // from a resolver's answer
 * ```
 */
export function clientKey(
  client: ClientAddress | string | null | undefined,
  options?: ClientKeyOptions,
): string | undefined {
  const prefix = subnetOf(options);
  let text: unknown;
  if (typeof client === 'string') text = client;
  else if (typeof client === 'object' && client !== null) {
    text = client.ip;
    // A resolver's IPv4 answer is canonical dotted-quad text already.
    if (client.family === 4 && typeof text === 'string') return text;
  }
  if (typeof text !== 'string') return undefined;
  const family = parseAddress(text, 0, text.length, true);
  if (family === INVALID) return undefined;
  // A strict dotted quad is its own canonical text.
  if (family === V4) return text;
  if (family !== V6) return formatAddress(family, false); // IPv4-mapped: the IPv4 address
  for (let w = 0; w < 4; w++) {
    const bits = prefix - 32 * w;
    if (bits <= 0) ADDR[w] = 0;
    else if (bits < 32) ADDR[w] = ADDR[w]! & (-1 << (32 - bits));
  }
  return `${formatAddress(V6, false)}/${prefix}`;
}

/** The validated `ipv6Subnet`: an integer check per call, no parsing. */
function subnetOf(options: ClientKeyOptions | undefined): number {
  if (options === undefined || options === null) return DEFAULT_SUBNET;
  const value: unknown = (options as { ipv6Subnet?: unknown }).ipv6Subnet;
  if (value === undefined) return DEFAULT_SUBNET;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 32 && value <= 128) {
    return value;
  }
  throw new RealIpConfigError(
    'ERR_REALIP_INVALID_OPTION',
    'ipv6Subnet',
    value,
    'must be an integer from 32 to 128',
    'Use the prefix length one client owns: 56 (the default) or 64 for most ISPs, 48 for sites.',
  );
}
