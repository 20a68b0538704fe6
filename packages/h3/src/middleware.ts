import type { ClientAddress } from '@realip/core';
import { createAdapter, type AdapterOptions } from '@realip/core/adapter';
import type { H3Event, Middleware } from 'h3';
import { requestInput } from './request-input.js';

/** Options of {@link realIp}: every option of `@realip/core`, plus `override`. */
export type RealIpH3Options = AdapterOptions;

declare module 'h3' {
  interface H3EventContext {
    /**
     * The client resolved by `@realip/h3`: address, port, source, hops and why the walk stopped.
     * Set by its `realIp()` middleware; read it with `getClientIp(event)` for the address alone.
     */
    realIp?: ClientAddress;
  }
}

/**
 * h3 v2 middleware: resolves the client once per request, from the connection's own peer (see
 * `requestInput`) outwards through the proxies you trust, and makes it what h3 reports.
 *
 * - `event.context.realIp`: the structured answer of `@realip/core` (`ip`, `port`, `source`,
 *   `hops`, `reason`, ...); `getClientIp(event)` reads its `ip`.
 * - `event.context.clientAddress`: `realIp.ip`, the slot h3's own `getRequestIP(event)` and
 *   `getRequestFingerprint(event)` read first, so they report the client too. (Not with
 *   `xForwardedFor: true`: that option reads the leftmost, client-chosen entry before this slot.)
 * - `event.url`: with the `protocol` / `host` options, its scheme / host from the same trusted hop
 *   as the address, so `getRequestURL(event)` and `getRequestProtocol(event)` follow it.
 *
 * Bad options throw a `RealIpConfigError` here, at setup, naming `@realip/h3`.
 *
 * @param options the core's options (`trust`, `hops`, `header`, ...) and `override`.
 * @returns the middleware, for `app.use()` or a route's `middleware`.
 * @example
 * ```ts
 * import { H3 } from 'h3';
 * import { getClientIp, realIp } from '@realip/h3';
 *
 * const app = new H3();
 * app.use(realIp({ trust: ['loopback', '10.0.0.0/8'] }));
 * app.get('/', (event) => ({ ip: getClientIp(event), why: event.context.realIp?.reason }));
 * ```
 */
export function realIp(options?: RealIpH3Options): Middleware {
  const { resolve, override } = createAdapter('@realip/h3', options);
  // One parameter and no return value: h3 calls the next middleware itself, with no extra
  // closure or promise per request.
  return function realIp(event: H3Event): void {
    const result = resolve(requestInput(event));
    const context = event.context;
    context.realIp = result;
    if (!override) return;
    context.clientAddress = result.ip;
    // Both are undefined unless their option is on and the hop carried a valid value.
    if (result.protocol !== undefined || result.host !== undefined) {
      event.url = forwardedUrl(event.url, result);
    }
  };
}

/** `url` as the client addressed it: the forwarded scheme and host, the same path and query. */
function forwardedUrl(url: URL, { protocol, host }: ClientAddress): URL {
  const scheme = protocol === undefined ? url.protocol : `${protocol}:`;
  // `host` is validated by the core: `uri-host [ ":" port ]`, nothing that could end the authority.
  return new URL(`${scheme}//${host ?? url.host}${url.pathname}${url.search}`);
}
