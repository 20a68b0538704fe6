/**
 * Hono with `@realip/hono`, one file for every runtime Hono runs on: the default export is the
 * app, which Bun, Deno and Cloudflare Workers serve as it is.
 *
 *   bun examples/hono.ts                                (Bun.serve: peer from server.requestIP)
 *   deno serve --allow-net --allow-read --allow-env examples/hono.ts   (peer from info.remoteAddr)
 *   npx wrangler dev --compatibility-flags nodejs_compat examples/hono.ts (peer: CF-Connecting-IP)
 *
 * On Node, `serve({ fetch: app.fetch })` from `@hono/node-server` (see examples/README.md).
 * Each answers `GET /` with the client and the `getConnInfo` that `hono/ip-restriction` reads.
 */
import type { ClientAddress } from '@realip/core';
import { getConnInfo, realIp, type RealIpEnv, type RealIpHonoOptions } from '@realip/hono';
import { Hono } from 'hono';

/**
 * The demo app: `GET /` answers the resolved client (`realIp`) next to what `getConnInfo`
 * reports, and hands each client to `onClient`.
 *
 * @example
 * ```ts
 * import { serve } from '@hono/node-server';
 * serve({ fetch: createHonoDemo({ trust: 'loopback' }).fetch, port: 3006, hostname: '127.0.0.1' });
 * ```
 */
export function createHonoDemo(
  options: RealIpHonoOptions,
  onClient: (client: ClientAddress) => void = () => {},
): Hono<RealIpEnv> {
  const app = new Hono<RealIpEnv>();
  app.use(realIp(options)); // first, before anything reads the client
  app.get('/', (c) => {
    onClient(c.var.realIp);
    return c.json({ conn: getConnInfo(c).remote, realIp: c.var.realIp });
  });
  return app;
}

// The private ranges (the default) are trusted, loopback included: curl on this machine acts as
// a proxy, as with the other demos.
export default createHonoDemo({ protocol: true, host: true });
