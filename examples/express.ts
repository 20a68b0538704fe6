/**
 * Express 5 with `@realip/express`: `req.ip` is the client behind the proxies you trust.
 * `npm start` serves this app next to the Koa, Fastify and TCP demos; `npm start -- express`
 * serves it alone (see examples/README.md for the curl lines to try).
 */
import type { ClientAddress } from '@realip/core';
import { realIp, type RealIpExpressOptions } from '@realip/express';
import express, { type Express } from 'express';

/**
 * The demo app: `GET /` answers what Express now reports (`ip`, `ips`, `protocol`, `host`) next
 * to the structured result, and hands each resolved client to `onClient` (the launcher logs it).
 *
 * @example
 * ```ts
 * createExpressDemo({ trust: 'loopback', protocol: true, host: true }).listen(3001, '127.0.0.1');
 * ```
 */
export function createExpressDemo(
  options: RealIpExpressOptions,
  onClient: (client: ClientAddress) => void = () => {},
): Express {
  const app = express();
  app.use(realIp(options)); // first, before anything reads req.ip

  app.get('/', (req, res) => {
    onClient(req.realIp);
    res.json({
      ip: req.ip,
      ips: req.ips,
      protocol: req.protocol,
      host: req.host,
      realIp: req.realIp,
    });
  });
  return app;
}
