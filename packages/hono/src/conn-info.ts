import type { ClientAddress } from '@realip/core';
import type { Context } from 'hono';
import type { ConnInfo } from 'hono/conninfo';

/**
 * Hono's `GetConnInfo` with the resolved client as `remote`: a drop-in for the runtime adapters'
 * `getConnInfo` (`@hono/node-server/conninfo`, `hono/bun`, `hono/deno`, ...), which report the
 * socket peer, your proxy. So `ipRestriction(getConnInfo, rules)` allows and denies the client.
 *
 * It reads what {@link realIp} set, so `realIp()` must run first (register it before); without
 * it this throws, as Hono's own `getConnInfo` does without its runtime's env. When the client is
 * unknown (`reason: 'no-peer'`), `remote` is `{}`, which `ipRestriction` denies.
 *
 * @param c the request's context.
 * @returns `{ remote: { address, port, addressType } }` of the client.
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { ipRestriction } from 'hono/ip-restriction';
 * import { getConnInfo, realIp } from '@realip/hono';
 *
 * const app = new Hono();
 * app.use(realIp({ trust: 'loopback' }));
 * app.use('/admin/*', ipRestriction(getConnInfo, { allowList: ['203.0.113.0/24'] }));
 * ```
 */
export function getConnInfo(c: Context): ConnInfo {
  const result = c.get('realIp') as ClientAddress | undefined;
  if (result === undefined) {
    throw new TypeError(
      '@realip/hono: getConnInfo found no client on the context. Register app.use(realIp({ trust })) before the middleware that calls getConnInfo.',
    );
  }
  if (result.ip === undefined) return { remote: {} };
  return {
    remote: {
      address: result.ip,
      port: result.port,
      addressType: result.family === 6 ? 'IPv6' : 'IPv4',
    },
  };
}
