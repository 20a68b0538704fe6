/**
 * The Hono app every runtime serves in test/runtimes.test.ts (bundled with esbuild, run by Bun,
 * Deno and workerd): `GET /v/<vector id>` answers `{ realIp, ip }` for that conformance vector's
 * options, with `ip` what our `getConnInfo` reports. The vectors are bundled in, so the options
 * (trust functions included) are the very objects the core run uses.
 */
import { getConnInfo, realIp } from '@realip/hono';
import { Hono, type MiddlewareHandler } from 'hono';
import { vectors } from '../vectors';

const middlewares = new Map<string, MiddlewareHandler>();
for (const v of vectors) middlewares.set(v.id, realIp(v.options) as MiddlewareHandler);

/** One app for all vectors: the path picks the options, as one app per options object would. */
export const app = new Hono();
app.get('/v/:id', async (c, next) => {
  const middleware = middlewares.get(c.req.param('id'));
  if (middleware === undefined) return c.text('no such vector', 404);
  return middleware(c, next);
});
app.get('/v/:id', (c) => c.json({ realIp: c.get('realIp'), ip: getConnInfo(c).remote.address }));
