/**
 * `@realip/fastify`: `request.ip` is the real client behind the proxies you trust.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import realIp from '@realip/fastify';
 *
 * const app = Fastify();
 * await app.register(realIp, { trust: 'loopback' });
 * ```
 * @module
 */
import { realIp } from './plugin.js';

export { realIp };
export default realIp;
export { type RealIpFastifyOptions } from './plugin.js';
export { RealIpConfigError, type ClientAddress, type RealIpOptions } from '@realip/core';
export { clientKey, type ClientKeyOptions } from '@realip/core';
