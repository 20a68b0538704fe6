/**
 * Fastify 5 with `@realip/fastify`: `request.ip` is the client behind the proxies you trust.
 * `npm start` serves this app next to the Express, Koa and TCP demos; `npm start -- fastify`
 * serves it alone (see examples/README.md for the curl lines to try).
 */
import type { ClientAddress } from '@realip/core';
import realIp, { type RealIpFastifyOptions } from '@realip/fastify';
import Fastify, { type FastifyInstance } from 'fastify';

/**
 * The demo app: `GET /` answers what Fastify now reports (`ip`, `ips`, `protocol`, `host`) next
 * to the structured result, and hands each resolved client to `onClient` (the launcher logs it).
 *
 * @example
 * ```ts
 * const app = await createFastifyDemo({ trust: 'loopback', protocol: true, host: true });
 * await app.listen({ port: 3003, host: '127.0.0.1' });
 * ```
 */
export async function createFastifyDemo(
  options: RealIpFastifyOptions,
  onClient: (client: ClientAddress) => void = () => {},
): Promise<FastifyInstance> {
  const app = Fastify(); // leave trustProxy at its default
  await app.register(realIp, options);

  app.get('/', (request) => {
    onClient(request.realIp);
    return Promise.resolve({
      ip: request.ip,
      ips: request.ips,
      protocol: request.protocol,
      host: request.host,
      realIp: request.realIp,
    });
  });
  return app;
}
