import type { ClientAddress } from '@realip/core';

/** The structured answer the platform adapter left on the request (`req.realIp`). */
interface ResolvedRequest {
  readonly realIp?: ClientAddress | null;
}

/**
 * The client `@realip/express` or `@realip/fastify` resolved for a Nest request (Express's `req`
 * or Fastify's `request`: both carry `realIp`). Throws when neither ran, because falling back to
 * the platform's own `ip` would silently answer the proxy, or a header the client wrote.
 *
 * @example
 * ```ts
 * const client = requestClient(context.switchToHttp().getRequest());
 * client.ip; // '203.0.113.7'
 * ```
 */
export function requestClient(req: unknown): ClientAddress {
  const result = (req as ResolvedRequest | null | undefined)?.realIp;
  if (typeof result === 'object' && result !== null) return result;
  throw new Error(
    '@realip/nestjs: the request has no realIp. Install the platform adapter first: ' +
      'app.use(realIp(options)) from @realip/express on @nestjs/platform-express, or ' +
      'app.register(realIp, options) from @realip/fastify on @nestjs/platform-fastify.',
  );
}
