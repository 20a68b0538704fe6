import type { ClientAddress, RealIpOptions } from '@realip/core';
import { createPackageResolver } from '@realip/core/adapter';
import type { MiddlewareHandler } from 'hono';
import { contextInput } from './peer.js';

/**
 * Options of {@link realIp}: every option of `@realip/core` (`trust`, `hops`, `header`, ...).
 * There is no `override`: Hono has no `ip` of its own to replace.
 */
export type RealIpHonoOptions = RealIpOptions;

/** The context variables {@link realIp} sets. */
export interface RealIpVariables {
  /** The client resolved by `@realip/hono`: address, port, source, hops and why the walk stopped. */
  realIp: ClientAddress;
}

/** Hono's `Env` for an app using {@link realIp}: `new Hono<RealIpEnv>()`. */
export interface RealIpEnv {
  Variables: RealIpVariables;
}

declare module 'hono' {
  // Hono's registry of context variables: `c.get('realIp')` is typed in every app that imports
  // this package, with or without `RealIpEnv`.
  interface ContextVariableMap {
    /** The client resolved by `@realip/hono`'s `realIp()`. */
    realIp: ClientAddress;
  }
}

/**
 * Hono middleware: resolves the client once, when the request arrives, and sets it on the
 * context as `c.get('realIp')` (also `c.var.realIp`): the structured answer of `@realip/core`
 * (`ip`, `port`, `source`, `hops`, `reason`, ...). {@link getConnInfo} then reports it to
 * `hono/ip-restriction` and anything else that takes Hono's `GetConnInfo`.
 *
 * The socket peer comes from the runtime: `@hono/node-server`'s `IncomingMessage` on Node,
 * `server.requestIP()` on Bun, the handler's `info.remoteAddr` on Deno, and on Cloudflare Workers
 * the `CF-Connecting-IP` header Cloudflare's edge sets (a Worker has no socket). Where a runtime
 * names no peer (Bun's `requestIP` answering `null`, a Unix socket, `app.request()` without an
 * env), the result is `{ ip: undefined, reason: 'no-peer' }`, never a throw. Bad options throw a
 * `RealIpConfigError` here, at setup.
 *
 * @param options the core's options (`trust`, `hops`, `header`, ...).
 * @returns the middleware.
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { realIp } from '@realip/hono';
 *
 * const app = new Hono();
 * app.use(realIp({ trust: ['loopback', '10.0.0.0/8'] }));
 * app.get('/', (c) => c.json({ ip: c.get('realIp').ip, why: c.get('realIp').reason }));
 * ```
 */
export function realIp(options?: RealIpHonoOptions): MiddlewareHandler<RealIpEnv> {
  const resolve = createPackageResolver('@realip/hono', options);
  // Not async: next()'s promise is returned as it is, no extra promise per request.
  return function realIp(c, next) {
    c.set('realIp', resolve(contextInput(c)));
    return next();
  };
}
