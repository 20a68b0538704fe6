/**
 * Fastify 5 with `@realip/fastify`: `request.ip` is the client behind the proxies you trust.
 * Run from the repository root (see examples/README.md for the curl lines to try):
 *   npx tsx --tsconfig tsconfig.test.json examples/fastify.ts
 */
import { parseTrustProxy } from '@realip/core';
import realIp from '@realip/fastify';
import Fastify from 'fastify';

async function main(): Promise<void> {
  const app = Fastify();
  // TRUST_PROXY="loopback, 10.0.0.0/8" | "2" | "false"; unset: the private ranges (loopback included).
  await app.register(realIp, {
    ...parseTrustProxy(process.env.TRUST_PROXY),
    protocol: true,
    host: true,
  });

  app.get('/', (request) => {
    const { ip, source, hops, reason } = request.realIp;
    console.log(`GET / from ${ip} (${source}, hops ${hops}, ${reason})`);
    return Promise.resolve({
      ip: request.ip,
      ips: request.ips,
      protocol: request.protocol,
      host: request.host,
      realIp: request.realIp,
    });
  });

  const address = await app.listen({ port: Number(process.env.PORT ?? 3003), host: '127.0.0.1' });
  console.log(`listening on ${address}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
