/**
 * `@realip/h3`: the real client behind the proxies you trust, for h3 v2 apps (and Nitro / Nuxt
 * servers built on it), on every runtime srvx serves.
 *
 * @example
 * ```ts
 * import { H3 } from 'h3';
 * import { getClientIp, realIp } from '@realip/h3';
 *
 * const app = new H3();
 * app.use(realIp({ trust: 'loopback' }));
 * app.get('/', (event) => ({ ip: getClientIp(event) }));
 * ```
 * @module
 */
export { realIp, type RealIpH3Options } from './middleware.js';
export { getClientIp } from './client-ip.js';
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
