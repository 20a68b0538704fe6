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
// What this package's README tells users to import: with pnpm, `@realip/core` itself is not
// importable from an app that installed only this adapter (test/adapter-reexports.test.ts).
export {
  RealIpConfigError,
  parseTrustProxy,
  type ClientAddress,
  type RealIpOptions,
  type StopReason,
  clientKey,
  type ClientKeyOptions,
} from '@realip/core';
