/**
 * `@realip/nestjs`: NestJS on `@nestjs/platform-express` (with `@realip/express`) or
 * `@nestjs/platform-fastify` (with `@realip/fastify`): a `@ClientIp()` parameter decorator and a
 * `@nestjs/throttler` tracker keyed on the resolved client.
 *
 * @example
 * ```ts
 * import { ClientIp, clientTracker } from '@realip/nestjs';
 *
 * ThrottlerModule.forRoot({ throttlers: [{ ttl: 60_000, limit: 100 }], getTracker: clientTracker() });
 * ```
 * @module
 */
export { ClientIp } from './client-ip.js';
export { clientTracker } from './tracker.js';
export { requestClient } from './request-client.js';
export { clientKey, type ClientAddress, type ClientKeyOptions } from '@realip/core';
