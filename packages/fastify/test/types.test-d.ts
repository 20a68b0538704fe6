/** Type tests, compiled by `npm run typecheck` (never run). */
import type { ClientAddress } from '@realip/core';
import Fastify from 'fastify';
import { expectType, type Equal } from '../../../test/types/equal';
import realIpDefault, { realIp, type RealIpFastifyOptions } from '../src/index';

async function main() {
  const app = Fastify();
  await app.register(realIp, { trust: ['loopback', '10.0.0.0/8'], protocol: true });
  await app.register(realIpDefault);
  await app.register(realIp, { trust: (address, hop) => hop < 2 && address.startsWith('10.') });

  app.get('/', (request) => {
    // Typed with no cast, through the `declare module 'fastify'` augmentation.
    expectType<Equal<typeof request.realIp, ClientAddress>>(true);
    const ip: string = request.ip;
    const ips: string[] | undefined = request.ips;
    // @ts-expect-error realIp is read-only
    request.realIp = { ...request.realIp, ip: '6.6.6.6' };
    return Promise.resolve({ ip, ips, reason: request.realIp.reason });
  });

  const options: RealIpFastifyOptions = { header: 'cf-connecting-ip', override: false };
  await app.register(realIp, options);
  // @ts-expect-error trust takes addresses, ranges, booleans or a function, not a number
  await app.register(realIp, { trust: 1 });
  // @ts-expect-error override is a boolean
  await app.register(realIp, { override: 'no' });
  // @ts-expect-error unknown option (Fastify's name for trust)
  await app.register(realIp, { trustProxy: true });
  // @ts-expect-error keepMapped is a boolean
  await app.register(realIp, { keepMapped: 1 });
}
void main;
