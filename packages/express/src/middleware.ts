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
import type { Request, RequestHandler } from 'express';
import { IncomingMessage } from 'node:http';

/** Options of {@link realIp}: every option of `@realip/core`, plus `override`. */
export type RealIpExpressOptions = AdapterOptions;

declare global {
  // Express merges its `Request` type with this global interface (@types/express-serve-static-core).
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The client resolved by `@realip/express`: address, port, source, hops and why the walk stopped. */
      readonly realIp: ClientAddress;
    }
  }
}

/**
 * Express 5 middleware: resolves the client once, when the request arrives, and makes `req.ip`
 * that client, so everything downstream (rate limiters, loggers, your handlers) sees it.
 *
 * - `req.realIp`: the structured answer of `@realip/core` (`ip`, `port`, `source`, `hops`, `reason`, ...).
 * - `req.ip`: `req.realIp.ip`. `req.ips`: the trusted chain in Express's order, farthest first,
 *   without the socket peer (computed on first access, then kept).
 * - `req.protocol` / `req.host` (and so `req.secure`, `req.hostname`): from the same trusted hop
 *   when the `protocol` / `host` options are set, else the connection's own (its TLS, its `Host`
 *   header), even when `app.set('trust proxy', ...)` is left on.
 *
 * They are accessors defined once, on the first request, on the prototype every Express
 * request inherits from, and read this request's answer, so they hold in sub-apps and routers
 * too (Express swaps the prototype of `req` when it enters a sub-app) and Express's `trust proxy`
 * setting no longer applies to any of them: one trust decides the address, the protocol and the
 * host. A request the middleware has not seen reads Express's own values. Assigning one (say
 * `req.ip = ...`) works as on a plain property. Bad options throw a `RealIpConfigError` here, at
 * setup.
 *
 * @param options the core's options (`trust`, `hops`, `header`, ...) and `override`.
 * @returns the middleware.
 * @example
 * ```ts
 * import express from 'express';
 * import { realIp } from '@realip/express';
 *
 * const app = express();
 * app.use(realIp({ trust: ['loopback', '10.0.0.0/8'] }));
 * app.get('/', (req, res) => res.json({ ip: req.ip, why: req.realIp.reason }));
 * ```
 */
export function realIp(options?: RealIpExpressOptions): RequestHandler {
  const { resolve, override } = createAdapter('@realip/express', options);
  const adapter: Overrides<Request> = {
    resolve,
    override,
    // Express's order: farthest first, without the socket peer (`chain` is closest first).
    order: (chain) => chain.slice(1).reverse(),
    ownHost: (req) => req.headers.host || undefined,
  };
  // The prototype of the last request that had the accessors: requests of one app share it, and
  // comparing it is cheaper than any property read on `req` (each is a V8 lookup miss, above).
  let checked: object | null = null;
  return function realIp(req, _res, next) {
    const proto = Object.getPrototypeOf(req) as object | null;
    if (proto !== checked) {
      if (!hasOverrides(req, ACCESSORS)) installOverrides(requestPrototype(req), ACCESSORS);
      // Not kept for a request that is not Express's: it got the accessors as its own.
      if (proto !== null && hasOverrides(proto, ACCESSORS)) checked = proto;
    }
    STATES.set(req, new RequestState(req, adapter));
    next();
  };
}

/**
 * Each request's state. Not a property of `req`: Express swaps the prototype of every request
 * before middleware runs, and V8 caches no hidden-class transition from a swapped one, so each
 * property added to `req` makes a hidden class of its own (2 to 4 µs here, more than the rest of
 * the middleware) and every property read on it misses V8's caches (0.5 to 1.5 µs); a `WeakMap`
 * entry costs a fraction of that and goes with the request.
 */
const STATES = new WeakMap<object, RequestState<Request>>();

/**
 * `protocol` and `host` always, not only with the options on: Express's getters would otherwise
 * follow its own `trust proxy` (X-Forwarded-Proto from whatever peer it trusts) beside our trust.
 */
const ACCESSORS = overrideAccessors(
  (req) => STATES.get(req),
  ['realIp', 'ip', 'ips', 'protocol', 'host'],
);

/**
 * Where the accessors go: Express's own request prototype, the one object every app's and
 * sub-app's `request` inherits from (a sub-app entered without `app.use`, as `vhost` does, has a
 * `request` that does not inherit from its parent's). A request that is not Express's (plain
 * `http`, another framework) gets them as its own properties.
 */
function requestPrototype(req: object): object {
  for (let p: object | null = req; p !== null; p = Object.getPrototypeOf(p) as object | null) {
    if (Object.getPrototypeOf(p) === IncomingMessage.prototype) return p;
  }
  return req;
}
