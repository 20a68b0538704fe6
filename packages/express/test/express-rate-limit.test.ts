/**
 * A real downstream consumer: express-rate-limit 8 keys on `req.ip`, which realIp() resolved.
 *
 * The documented setup passes a `keyGenerator` that calls express-rate-limit's own
 * `ipKeyGenerator(req.ip)`. With a keyGenerator of their own, express-rate-limit skips only its
 * checks of how Express computed `req.ip` (ERR_ERL_UNEXPECTED_X_FORWARDED_FOR and
 * ERR_ERL_PERMISSIVE_TRUST_PROXY read Express's `trust proxy` setting, which realIp() replaces);
 * its other validations stay on.
 */
import express from 'express';
import { ipKeyGenerator, rateLimit, type Options } from 'express-rate-limit';
import http from 'node:http';
import request from 'supertest';
import { withPeer, PEER_HEADER } from '../../../test/helpers/http';
import { keySequence } from '../../../test/helpers/rate-limit-keys';
import { clientKey, realIp } from '../src/index';

/** The setup the README documents, with a limit of 2 requests per window. */
function limitedApp(limiter: Partial<Options> = {}) {
  const app = express();
  app.use(realIp({ trust: ['loopback', '10.0.0.0/8'] }));
  const limit = rateLimit({
    windowMs: 60_000,
    limit: 2,
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? 'unknown'),
    ...limiter,
  });
  app.use(limit);
  app.get('/', (req, res) => res.send(req.ip));
  return http.createServer(withPeer(app));
}

async function statuses(
  server: http.Server,
  requests: readonly { peer: string; xff?: string }[],
): Promise<number[]> {
  const out: number[] = [];
  for (const { peer, xff } of requests) {
    const req = request(server).get('/').set(PEER_HEADER, peer);
    out.push((await (xff === undefined ? req : req.set('x-forwarded-for', xff))).status);
  }
  return out;
}

let logged: jest.SpyInstance[] = [];
beforeEach(() => {
  logged = [
    jest.spyOn(console, 'error').mockImplementation(() => undefined),
    jest.spyOn(console, 'warn').mockImplementation(() => undefined),
  ];
});
afterEach(() => jest.restoreAllMocks());

function messages(): string[] {
  return logged.flatMap((spy) =>
    spy.mock.calls.map((args: unknown[]) => args.map((a) => String(a)).join(' ')),
  );
}

test('two clients behind the same trusted proxy are counted separately, with no warning', async () => {
  const server = limitedApp();
  const a = { peer: '10.0.0.1', xff: '198.51.100.9' };
  const b = { peer: '10.0.0.1', xff: '198.51.100.10' };
  const v6 = { peer: '10.0.0.1', xff: '2001:db8::1' };
  expect(await statuses(server, [a, a, b, a, b, b, v6])).toEqual([
    200, 200, 200, 429, 200, 429, 200,
  ]);
  expect(messages()).toEqual([]);
});

test('a spoofed X-Forwarded-For from an untrusted peer cannot evade the limit', async () => {
  const server = limitedApp();
  const spoofs = ['1.1.1.1', '2.2.2.2', '3.3.3.3', '198.51.100.9'].map((xff) => ({
    peer: '203.0.113.7',
    xff,
  }));
  expect(await statuses(server, spoofs)).toEqual([200, 200, 429, 429]);
  expect(messages()).toEqual([]);
});

test('a client cannot evade by prepending entries behind a trusted proxy', async () => {
  const server = limitedApp();
  const spoofs = ['1.1.1.1', '2.2.2.2', '3.3.3.3'].map((fake) => ({
    peer: '10.0.0.1',
    xff: `${fake}, 198.51.100.9`,
  }));
  expect(await statuses(server, spoofs)).toEqual([200, 200, 429]);
  expect(messages()).toEqual([]);
});

test('its other validations stay on: a keyGenerator without ipKeyGenerator is reported', async () => {
  const server = limitedApp({ keyGenerator: (req) => req.ip ?? 'unknown' });
  await statuses(server, [{ peer: '10.0.0.1', xff: '198.51.100.9' }]);
  expect(messages().join('\n')).toMatch('ERR_ERL_KEY_GEN_IPV6');
});

test('without a keyGenerator the count is right, but its trust proxy check warns (why the README passes one)', async () => {
  const server = limitedApp({ keyGenerator: undefined });
  const a = { peer: '10.0.0.1', xff: '198.51.100.9' };
  const b = { peer: '10.0.0.1', xff: '198.51.100.10' };
  expect(await statuses(server, [a, a, b, a])).toEqual([200, 200, 200, 429]);
  expect(messages().join('\n')).toMatch('ERR_ERL_UNEXPECTED_X_FORWARDED_FOR');
});

test('keyed on clientKey: one count per IPv6 /56 and per IPv4 address, mapped = IPv4, no warning', async () => {
  const server = limitedApp({ keyGenerator: (req) => clientKey(req.realIp) ?? 'unknown' });
  const requests = keySequence.map(([r]) => r);
  expect(await statuses(server, requests)).toEqual(keySequence.map(([, status]) => status));
  expect(messages()).toEqual([]);
});
