import type { ClientAddress } from '@realip/core';
import {
  RequestState,
  createAdapter,
  hasOverrides,
  installOverrides,
  overrideAccessors,
  type AdapterOptions,
  type Overrides,
} from '@realip/core/adapter';
import type { Middleware, Request } from 'koa';

/** Options of {@link realIp}: every option of `@realip/core`, plus `override`. */
export type RealIpKoaOptions = AdapterOptions;

declare module 'koa' {
  interface DefaultState {
    /** The client resolved by `@realip/koa`: address, port, source, hops and why the walk stopped. */
    realIp: ClientAddress;
  }
}

/**
 * Koa 3 middleware: resolves the client once, when the request arrives, and makes `ctx.ip` that
 * client, so every later middleware (rate limiters, loggers, your routes) sees it.
 *
 * - `ctx.state.realIp`: the structured answer of `@realip/core` (`ip`, `port`, `source`, `hops`, `reason`, ...).
 * - `ctx.ip` / `ctx.request.ip`: `realIp.ip` (`''` when the socket address is unknown, as Koa
 *   reports it). `ctx.ips`: the trusted chain in Koa's order, farthest first, without the socket
 *   peer (computed on first access, then kept).
 * - `ctx.protocol` / `ctx.host` (and so `ctx.secure`, `ctx.hostname`, `ctx.href`): from the same
 *   trusted hop when the `protocol` / `host` options are set, else the connection's own.
 *
 * Koa's own `proxy`, `proxyIpHeader` and `maxIpsCount` no longer apply to these. Bad options
 * throw a `RealIpConfigError` here, at setup.
 *
 * @param options the core's options (`trust`, `hops`, `header`, ...) and `override`.
 * @returns the middleware.
 * @example
 * ```ts
 * import Koa from 'koa';
 * import { realIp } from '@realip/koa';
 *
 * const app = new Koa();
 * app.use(realIp({ trust: ['loopback', '10.0.0.0/8'] }));
 * app.use((ctx) => {
 *   ctx.body = { ip: ctx.ip, why: ctx.state.realIp.reason };
 * });
 * ```
 */
export function realIp(options?: RealIpKoaOptions): Middleware {
  const { resolve, override } = createAdapter('@realip/koa', options);
  const adapter: Overrides<Request['req']> = {
    resolve,
    override,
    // Koa's order: farthest first, without the socket peer (`chain` is closest first).
    order: (chain) => chain.slice(1).reverse(),
    ownHost,
  };
  // The prototype the accessors were last found on: an app's requests share it, and comparing
  // it costs less than looking the accessors up on every request (a keyed miss in V8).
  let checked: object | null = null;
  // Not async: returning `next()` hands Koa its promise, without another promise and await per
  // request (koa-compose turns a synchronous throw into a rejection all the same).
  return function realIp(ctx, next) {
    const state = new RequestState(ctx.req, adapter);
    ctx.state.realIp = state.result;
    if (override) {
      const request = ctx.request as unknown as Request & Slot;
      // Koa's own setter (a field of the request, as Koa caches it); `ip` is a string in Koa.
      request.ip = state.result.ip ?? '';
      const proto = Object.getPrototypeOf(request) as object;
      if (proto !== checked) {
        if (!hasOverrides(request, ACCESSORS)) installOverrides(proto, ACCESSORS);
        checked = proto;
      }
      request[STATE] = state;
    }
    return next();
  };
}

/** Where a request keeps its state: a field of Koa's per-request object (`ctx.request`). */
const STATE = Symbol('realip.koa.state');
type Slot = { [STATE]?: RequestState<Request['req']> };

/**
 * On `app.request`, the prototype of every `ctx.request`, once. `protocol` and `host` always, not
 * only with the options on: Koa's getters would otherwise follow its own `proxy` setting.
 */
const ACCESSORS = overrideAccessors(
  (request) => (request as Slot)[STATE],
  ['ips', 'protocol', 'host'],
);

/** The host the client addressed, as Koa reads it without a proxy (HTTP/2 `:authority`, else Host). */
function ownHost(req: Request['req']): string {
  const authority = req.httpVersionMajor >= 2 ? req.headers[':authority'] : undefined;
  return (typeof authority === 'string' && authority) || req.headers.host || '';
}
