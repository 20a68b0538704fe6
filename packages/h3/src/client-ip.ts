import type { H3Event } from 'h3';

/**
 * The client's address as `realIp()` resolved it: canonical IPv4 or IPv6 text, or `undefined`
 * when the connection's peer is unknown (`event.context.realIp.reason` is then `'no-peer'`).
 * h3's `getRequestIP(event)` without options gives the same answer after the middleware; unlike
 * `getRequestIP(event, { xForwardedFor: true })`, this is never the leftmost `X-Forwarded-For`
 * entry a client wrote (h3js/h3#618), only the first hop your `trust` does not cover.
 *
 * Throws when `realIp()` did not run for this event: a setup mistake, the same for every request,
 * which must not read as "no peer".
 *
 * @param event the h3 event, after `realIp()`.
 * @returns the client's address, or `undefined` when the peer is unknown.
 * @example
 * ```ts
 * app.use(realIp({ trust: 'loopback' }));
 * app.get('/', (event) => `hello ${getClientIp(event) ?? 'unknown'}`);
 * ```
 */
export function getClientIp(event: H3Event): string | undefined {
  const result = event.context.realIp;
  if (result === undefined) {
    throw new Error(
      '@realip/h3: getClientIp(event) found no event.context.realIp. Add app.use(realIp({ trust })) ' +
        "before the handlers that call it (or list realIp() first in the route's middleware).",
    );
  }
  return result.ip;
}
