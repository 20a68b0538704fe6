/**
 * h3 v2 with `@realip/h3`: the client behind the proxies you trust, in `event.context.realIp`
 * and from h3's own `getRequestIP(event)`. Not served by `npm start` (yet); serve it with h3's
 * `serve()`, as the example below does, and try the curl lines of examples/README.md on it.
 */
import type { ClientAddress } from '@realip/core';
import { getClientIp, realIp, type RealIpH3Options } from '@realip/h3';
import { H3, getRequestIP, getRequestURL } from 'h3';

/**
 * The demo app: `GET /` answers what h3 now reports (`ip`, `protocol`, `host`, `url`) next to
 * the structured result, and hands each resolved client to `onClient`.
 *
 * @example
 * ```ts
 * import { serve } from 'h3';
 * serve(createH3Demo({ trust: 'loopback', protocol: true, host: true }), {
 *   port: 3006,
 *   hostname: '127.0.0.1',
 * });
 * ```
 */
export function createH3Demo(
  options: RealIpH3Options,
  onClient: (client: ClientAddress) => void = () => {},
): H3 {
  const app = new H3();
  app.use(realIp(options)); // first, before anything reads the address

  app.get('/', (event) => {
    const realIp = event.context.realIp!; // set by the middleware above
    onClient(realIp);
    const url = getRequestURL(event); // scheme and host from the same trusted hop
    return {
      ip: getClientIp(event) ?? null,
      h3: getRequestIP(event) ?? null, // h3's own helper: the same client
      protocol: url.protocol.slice(0, -1),
      host: url.host,
      realIp,
    };
  });
  return app;
}
