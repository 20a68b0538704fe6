/**
 * `@realip/koa`: `ctx.ip` is the real client behind the proxies you trust.
 *
 * @example
 * ```ts
 * import Koa from 'koa';
 * import { realIp } from '@realip/koa';
 *
 * const app = new Koa();
 * app.use(realIp({ trust: 'loopback' }));
 * ```
 * @module
 */
export { realIp, type RealIpKoaOptions } from './middleware.js';
export { RealIpConfigError, type ClientAddress, type RealIpOptions } from '@realip/core';
export { clientKey, type ClientKeyOptions } from '@realip/core';
