/**
 * examples/h3.ts answers every request examples/README.md suggests (the launcher's `TRIES`) as
 * the core predicts, with h3's `getRequestIP` in agreement, served by h3's `serve()` on loopback.
 */
import { createResolver, type ClientAddress, type RealIpOptions } from '@realip/core';
import { serve } from 'h3';
import { createH3Demo } from '../../../examples/h3';
import { TRIES } from '../../../examples/launcher/guide';
import { send } from '../../../test/helpers/http';

const options: RealIpOptions = { trust: 'private', protocol: true, host: true };
const resolve = createResolver(options);

const seen: ClientAddress[] = [];
const server = serve(
  createH3Demo(options, (client) => seen.push(client)),
  {
    port: 0,
    hostname: '127.0.0.1',
    silent: true,
    gracefulShutdown: false,
  },
);
beforeAll(() => server.ready());
afterAll(() => server.close(true));

test.each(TRIES.map((t) => [t.why, t] as const))('%s', async (_why, { headers }) => {
  // node:http, not fetch: fetch cannot set Host.
  const to = {
    host: '127.0.0.1',
    port: Number(new URL(server.url!).port),
    close: () => server.close(),
  };
  const reply = await send(to, { headers: { ...headers, host: 'demo.test' } });
  const body = JSON.parse(reply.body) as Record<string, unknown> & { realIp: ClientAddress };
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const { port, ...expected } = resolve({ remoteAddress: '127.0.0.1', headers: lower });
  expect(body.realIp).toMatchObject(JSON.parse(JSON.stringify(expected)) as object);
  if (expected.source !== 'socket') expect(body.realIp.port).toBe(port);
  expect(body).toMatchObject({
    ip: expected.ip,
    h3: expected.ip,
    protocol: expected.protocol ?? 'http',
    host: expected.host ?? 'demo.test',
  });
  expect(seen.at(-1)).toEqual(body.realIp);
});
