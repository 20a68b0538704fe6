/**
 * A real downstream consumer: koa-ratelimit 6 counts by `ctx.ip` by default, which realIp()
 * resolved. And a logger keyed on `ctx.ip`, as users write them.
 */
import Koa from 'koa';
import ratelimit from 'koa-ratelimit';
import http from 'node:http';
import request from 'supertest';
import { withPeer, PEER_HEADER } from '../../../test/helpers/http';
import { keySequence } from '../../../test/helpers/rate-limit-keys';
import { clientKey, realIp } from '../src/index';

function limitedApp(log: string[] = [], id?: (ctx: Koa.Context) => string) {
  const app = new Koa();
  app.use(realIp({ trust: ['loopback', '10.0.0.0/8'] }));
  app.use(async (ctx, next) => {
    await next();
    log.push(`${ctx.ip} ${ctx.status}`);
  });
  app.use(
    ratelimit({ driver: 'memory', db: new Map(), duration: 60_000, max: 2, ...(id && { id }) }),
  );
  app.use((ctx) => {
    ctx.body = ctx.ip;
  });
  return http.createServer(withPeer(app.callback()));
}

async function statuses(server: http.Server, requests: readonly [string, string][]) {
  const out: number[] = [];
  for (const [peer, xff] of requests) {
    out.push(
      (await request(server).get('/').set(PEER_HEADER, peer).set('x-forwarded-for', xff)).status,
    );
  }
  return out;
}

test('two clients behind the same trusted proxy are counted and logged separately', async () => {
  const log: string[] = [];
  const a: [string, string] = ['10.0.0.1', '198.51.100.9'];
  const b: [string, string] = ['10.0.0.1', '198.51.100.10'];
  expect(await statuses(limitedApp(log), [a, a, b, a, b])).toEqual([200, 200, 200, 429, 200]);
  expect(log).toEqual([
    '198.51.100.9 200',
    '198.51.100.9 200',
    '198.51.100.10 200',
    '198.51.100.9 429',
    '198.51.100.10 200',
  ]);
});

test('a spoofed X-Forwarded-For from an untrusted peer cannot evade the limit', async () => {
  const log: string[] = [];
  const spoofs = ['1.1.1.1', '2.2.2.2', '3.3.3.3'].map((xff): [string, string] => [
    '203.0.113.7',
    xff,
  ]);
  expect(await statuses(limitedApp(log), spoofs)).toEqual([200, 200, 429]);
  expect(log).toEqual(['203.0.113.7 200', '203.0.113.7 200', '203.0.113.7 429']);
});

test('keyed on clientKey: one count per IPv6 /56 and per IPv4 address, mapped = IPv4', async () => {
  const server = limitedApp([], (ctx) => clientKey(ctx.state.realIp) ?? 'unknown');
  const requests = keySequence.map(([r]) => [r.peer, r.xff] as [string, string]);
  expect(await statuses(server, requests)).toEqual(keySequence.map(([, status]) => status));
});
