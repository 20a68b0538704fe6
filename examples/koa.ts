/**
 * Koa 3 with `@realip/koa`: `ctx.ip` is the client behind the proxies you trust.
 * `npm start` serves this app next to the Express, Fastify and TCP demos; `npm start -- koa`
 * serves it alone (see examples/README.md for the curl lines to try).
 */
import type { ClientAddress } from '@realip/core';
import { realIp, type RealIpKoaOptions } from '@realip/koa';
import Koa from 'koa';

/**
 * The demo app: `GET /` answers what Koa now reports (`ip`, `ips`, `protocol`, `host`) next to
 * the structured result, and hands each resolved client to `onClient` (the launcher logs it).
 *
 * @example
 * ```ts
 * createKoaDemo({ trust: 'loopback', protocol: true, host: true }).listen(3002, '127.0.0.1');
 * ```
 */
export function createKoaDemo(
  options: RealIpKoaOptions,
  onClient: (client: ClientAddress) => void = () => {},
): Koa {
  const app = new Koa(); // leave proxy, proxyIpHeader and maxIpsCount at their defaults
  app.use(realIp(options)); // first, before anything reads ctx.ip

  app.use((ctx) => {
    if (ctx.method !== 'GET' || ctx.path !== '/') return; // Koa answers 404
    onClient(ctx.state.realIp);
    ctx.body = {
      ip: ctx.ip,
      ips: ctx.ips,
      protocol: ctx.protocol,
      host: ctx.host,
      realIp: ctx.state.realIp,
    };
  });
  return app;
}
