/**
 * `@realip/hono`: the real client behind the proxies you trust, on every runtime Hono runs on
 * (Node, Bun, Deno, Cloudflare Workers), and a `getConnInfo` that gives it to `ipRestriction`.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { realIp } from '@realip/hono';
 *
 * const app = new Hono();
 * app.use(realIp({ trust: 'loopback' }));
 * app.get('/', (c) => c.text(c.get('realIp').ip ?? 'unknown'));
 * ```
 * @module
 */
export {
  realIp,
  type RealIpEnv,
  type RealIpHonoOptions,
  type RealIpVariables,
} from './middleware.js';
export { getConnInfo } from './conn-info.js';
// What this package's README tells users to import: with pnpm, `@realip/core` itself is not
// importable from an app that installed only this adapter (test/adapter-reexports.test.ts).
export {
  RealIpConfigError,
  clientKey,
  type ClientAddress,
  type ClientKeyOptions,
  type RealIpOptions,
  type StopReason,
} from '@realip/core';
