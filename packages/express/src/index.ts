/**
 * `@realip/express`: `req.ip` is the real client behind the proxies you trust.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { realIp } from '@realip/express';
 *
 * const app = express();
 * app.use(realIp({ trust: 'loopback' }));
 * ```
 * @module
 */
export { realIp, type RealIpExpressOptions } from './middleware.js';
export { RealIpConfigError, type ClientAddress, type RealIpOptions } from '@realip/core';
export { clientKey, type ClientKeyOptions } from '@realip/core';
