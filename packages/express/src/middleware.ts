import type { ClientAddress } from '@realip/core';
import {
  captureInput,
  connectionProtocol,
  createAdapter,
  INPUT,
  chainProperty,
  setOwn,
  type AdapterOptions,
} from '@realip/core/adapter';
import type { RequestHandler } from 'express';

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
 * They are own properties of `req`, so they hold in sub-apps and routers too (Express swaps the
 * prototype of `req` when it enters a sub-app) and Express's `trust proxy` setting no longer
 * applies to any of them: one trust decides the address, the protocol and the host. Bad options
 * throw a `RealIpConfigError` here, at setup.
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
  // Express's order: farthest first, without the socket peer (`chain` is closest first).
  const ips = chainProperty(resolve, (chain) => chain.slice(1).reverse());
  return function realIp(req, _res, next) {
    const input = captureInput(req);
    const result = resolve(input);
    const state = req as unknown as { realIp: ClientAddress; [INPUT]: typeof input };
    state.realIp = result;
    if (override) {
      state[INPUT] = input;
      setOwn(req, 'ip', result.ip);
      Object.defineProperty(req, 'ips', ips);
      // Always, not only with the options on: Express's getters would otherwise follow its own
      // `trust proxy` (X-Forwarded-Proto from whatever peer it trusts) beside our trust.
      setOwn(req, 'protocol', result.protocol ?? connectionProtocol(req.socket));
      setOwn(req, 'host', result.host ?? (req.headers.host || undefined));
    }
    next();
  };
}
