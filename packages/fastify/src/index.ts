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
