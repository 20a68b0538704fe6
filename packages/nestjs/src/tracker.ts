import { clientKey, type ClientKeyOptions } from '@realip/core';
import { requestClient } from './request-client.js';

/**
 * A `getTracker` for `@nestjs/throttler`: counts by {@link clientKey} of the resolved client
 * (IPv4 as is, IPv6 by its `/56` or `ipv6Subnet`), so clients behind one trusted proxy are
 * counted apart and a client cannot dodge its limit with a forged header or a new IPv6 address.
 * Requests whose client is unknown (a Unix socket) share the key `unknown`. The type is the
 * throttler's `ThrottlerGetTrackerFunction`, written out so this package needs no import of it.
 * A bad `ipv6Subnet` throws a `RealIpConfigError` here, at setup.
 *
 * @param options `ipv6Subnet` (default 56).
 * @returns the tracker.
 * @example
 * ```ts
 * ThrottlerModule.forRoot({
 *   throttlers: [{ ttl: 60_000, limit: 100 }],
 *   getTracker: clientTracker(),
 * });
 * ```
 */
export function clientTracker(
  options?: ClientKeyOptions,
): (req: Record<string, unknown>) => string {
  clientKey(undefined, options); // validates ipv6Subnet now, not on the first request
  return (req) => clientKey(requestClient(req), options) ?? 'unknown';
}
