/**
 * @nestjs/throttler with `getTracker: clientTracker()`, on Nest over Express and over Fastify, with
 * a limit of 2 per key: clients behind one trusted proxy are counted apart, a forged
 * `X-Forwarded-For` from an untrusted peer is still counted as that peer, and IPv6 clients are
 * counted by their /56 (test/helpers/rate-limit-keys.ts).
 */
import { APP_GUARD } from '@nestjs/core';
import {
  ThrottlerGuard,
  ThrottlerModule,
  type ThrottlerGetTrackerFunction,
} from '@nestjs/throttler';
import { listen, send, PEER_HEADER, type Listening } from '../../../test/helpers/http';
import { keySequence, type KeyedRequest } from '../../../test/helpers/rate-limit-keys';
import { RealIpConfigError } from '@realip/core';
import { clientTracker } from '../src/index';
import { nestApp, type NestApp, type Platform } from './app';

const open: { app: NestApp; server: Listening }[] = [];
afterEach(async () => {
  for (const { app, server } of open.splice(0)) {
    await server.close();
    await app.close();
  }
});

async function limited(
  platform: Platform,
  getTracker: ThrottlerGetTrackerFunction = clientTracker(),
) {
  const app = await nestApp(
    platform,
    { trust: ['loopback', '10.0.0.0/8'] },
    {
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: 60_000, limit: 2 }],
          getTracker,
        }),
      ],
      providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
    },
  );
  const server = await listen(app.handler, '127.0.0.1');
  open.push({ app, server });
  return server;
}

async function statuses(server: Listening, requests: readonly KeyedRequest[]) {
  const out: number[] = [];
  for (const { peer, xff } of requests) {
    const reply = await send(server, { headers: { [PEER_HEADER]: peer, 'x-forwarded-for': xff } });
    out.push(reply.status);
  }
  return out;
}

const a = { peer: '10.0.0.1', xff: '198.51.100.9' };
const b = { peer: '10.0.0.1', xff: '198.51.100.10' };

describe.each(['express', 'fastify'] as const)('Nest on %s', (platform) => {
  test('two clients behind one trusted proxy are counted apart', async () => {
    const server = await limited(platform);
    expect(await statuses(server, [a, a, b, a, b, b])).toEqual([200, 200, 200, 429, 200, 429]);
  });

  test('a forged X-Forwarded-For from an untrusted peer is still limited', async () => {
    const server = await limited(platform);
    const forged = ['1.1.1.1', '2.2.2.2', '3.3.3.3', '198.51.100.9'].map((xff) => ({
      peer: '203.0.113.7',
      xff,
    }));
    expect(await statuses(server, forged)).toEqual([200, 200, 429, 429]);
  });

  test('one count per IPv6 /56 and per IPv4 address, mapped = IPv4', async () => {
    const server = await limited(platform);
    const requests = keySequence.map(([r]) => r);
    expect(await statuses(server, requests)).toEqual(keySequence.map(([, status]) => status));
  });

  test('ipv6Subnet: 64 counts each /64 apart', async () => {
    const server = await limited(platform, clientTracker({ ipv6Subnet: 64 }));
    const v6 = (xff: string) => ({ peer: '10.0.0.1', xff });
    const requests = [v6('2001:db8:0:1::1'), v6('2001:db8:0:1::2'), v6('2001:db8:0:2::1')];
    expect(await statuses(server, [...requests, v6('2001:db8:0:1::3')])).toEqual([
      200, 200, 200, 429,
    ]);
  });
});

test('a bad ipv6Subnet fails when the tracker is made, naming the option', () => {
  expect(() => clientTracker({ ipv6Subnet: 20 })).toThrow(RealIpConfigError);
  expect(() => clientTracker({ ipv6Subnet: 20 })).toThrow(/ipv6Subnet 20: must be an integer/);
});
