/**
 * A real downstream consumer: @fastify/rate-limit 11 keys on `request.ip` by default, in a hook
 * it adds to every route, which runs after the plugin's app-wide onRequest hook whatever the
 * registration order.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { PEER_HEADER } from '../../../test/helpers/http';
import { keySequence } from '../../../test/helpers/rate-limit-keys';
import { clientKey, realIp } from '../src/index';
import { fastifyApp } from './app';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function limitedApp(order: 'realIp first' | 'rate-limit first', keyed = false) {
  const { app } = fastifyApp();
  apps.push(app);
  const plugins = [
    () => app.register(realIp, { trust: ['loopback', '10.0.0.0/8'] }),
    () =>
      app.register(rateLimit, {
        max: 2,
        timeWindow: 60_000,
        ...(keyed && { keyGenerator: (req) => clientKey(req.realIp) ?? 'unknown' }),
      }),
  ];
  if (order === 'rate-limit first') plugins.reverse();
  for (const register of plugins) await register();
  app.get('/', (req) => Promise.resolve(req.ip));
  await app.ready();
  return app.server;
}

async function statuses(
  order: Parameters<typeof limitedApp>[0],
  requests: readonly (readonly [string, string])[],
  keyed = false,
) {
  const server = await limitedApp(order, keyed);
  const out: number[] = [];
  for (const [peer, xff] of requests) {
    out.push(
      (await request(server).get('/').set(PEER_HEADER, peer).set('x-forwarded-for', xff)).status,
    );
  }
  return out;
}

describe.each(['realIp first', 'rate-limit first'] as const)('registered %s', (order) => {
  test('two clients behind the same trusted proxy are counted separately', async () => {
    const a: [string, string] = ['10.0.0.1', '198.51.100.9'];
    const b: [string, string] = ['10.0.0.1', '198.51.100.10'];
    expect(await statuses(order, [a, a, b, a, b, b])).toEqual([200, 200, 200, 429, 200, 429]);
  });

  test('a spoofed X-Forwarded-For from an untrusted peer cannot evade the limit', async () => {
    const spoofs = ['1.1.1.1', '2.2.2.2', '3.3.3.3'].map((xff): [string, string] => [
      '203.0.113.7',
      xff,
    ]);
    expect(await statuses(order, spoofs)).toEqual([200, 200, 429]);
  });

  test('keyed on clientKey: one count per IPv6 /56 and per IPv4 address, mapped = IPv4', async () => {
    const requests = keySequence.map(([r]) => [r.peer, r.xff] as const);
    expect(await statuses(order, requests, true)).toEqual(keySequence.map(([, status]) => status));
  });
});
