import { RealIpConfigError } from '@realip/core';
import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify';
import request from 'supertest';
import { PEER_HEADER, http10OverUnixSocket, listen, send } from '../../../test/helpers/http';
import { ipsCases } from '../../../test/helpers/ips-cases';
import realIpDefault, { realIp, type RealIpFastifyOptions } from '../src/index';
import { fastifyApp } from './app';

/** What a route saw of Fastify's own properties. */
function seen(request: FastifyRequest) {
  return {
    ip: request.ip,
    ips: request.ips,
    protocol: request.protocol,
    host: request.host,
    hostname: request.hostname,
    port: request.port,
    realIp: request.realIp,
  };
}

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

/** An app with the plugin registered with `options` and a route reporting what it saw. */
async function appFor(options: RealIpFastifyOptions, fastify: FastifyServerOptions = {}) {
  const { app } = fastifyApp(fastify);
  apps.push(app);
  await app.register(realIp, options);
  app.get('/', (req) => Promise.resolve(seen(req)));
  await app.ready();
  return app.server;
}

const chain = { trust: ['loopback', '10.0.0.0/8'] } as const;

describe('request.ip and request.ips', () => {
  test.each(ipsCases)('$title', async ({ options, peer, xff, ip, chain }) => {
    const ips = chain;
    const res = await request(await appFor(options))
      .get('/')
      .set(PEER_HEADER, peer)
      .set('x-forwarded-for', xff);
    expect(res.body).toMatchObject({ ip, ips, realIp: { ip } });
  });

  test("Fastify's own trustProxy no longer decides request.ip", async () => {
    const server = await appFor({ trust: false }, { trustProxy: true });
    const res = await request(server).get('/').set('x-forwarded-for', '6.6.6.6');
    expect(res.body).toMatchObject({ ip: '127.0.0.1', ips: ['127.0.0.1'] });
  });

  test('override: false leaves request.ip and request.ips to Fastify and only adds request.realIp', async () => {
    const res = await request(await appFor({ ...chain, override: false }))
      .get('/')
      .set(PEER_HEADER, '10.0.0.1')
      .set('x-forwarded-for', '198.51.100.9');
    // Fastify without trustProxy: ip is the socket, ips is undefined.
    expect(res.body).toMatchObject({ ip: '10.0.0.1', realIp: { ip: '198.51.100.9' } });
    expect(res.body).not.toHaveProperty('ips');
  });

  test('one walk per request: reading request.ip again re-parses nothing; request.ips walks once more', async () => {
    let walked = 0;
    const trust = (address: string) => {
      walked++;
      return address.startsWith('10.');
    };
    const { app } = fastifyApp({ trustProxy: true });
    apps.push(app);
    await app.register(realIp, { trust });
    app.get('/', (req) => {
      const counts = [walked];
      for (const read of [() => req.ip, () => req.ip, () => req.ip, () => req.ips, () => req.ips]) {
        read();
        counts.push(walked);
      }
      return Promise.resolve(counts);
    });
    await app.ready();
    const res = await request(app.server)
      .get('/')
      .set(PEER_HEADER, '10.0.0.2')
      .set('x-forwarded-for', '198.51.100.9, 10.0.0.1');
    // The walk asks about 10.0.0.2, 10.0.0.1 and 198.51.100.9: three calls.
    expect(res.body).toEqual([3, 3, 3, 3, 6, 6]);
  });

  test('request.ips is computed once and kept', async () => {
    const { app } = fastifyApp();
    apps.push(app);
    await app.register(realIp, chain);
    app.get('/', (req) => Promise.resolve({ same: req.ips === req.ips, ips: req.ips }));
    await app.ready();
    const res = await request(app.server).get('/').set('x-forwarded-for', '198.51.100.9');
    expect(res.body).toEqual({ same: true, ips: ['127.0.0.1', '198.51.100.9'] });
  });

  test('the peer is captured when the request arrives: closing the socket changes nothing', async () => {
    const { app, handler } = fastifyApp();
    apps.push(app);
    let after: unknown;
    await app.register(realIp, chain);
    app.get('/', (req, reply) => {
      req.raw.socket.destroy();
      after = { remoteAddress: req.raw.socket.remoteAddress, ip: req.ip, ips: req.ips };
      return reply;
    });
    await app.ready();
    const server = await listen(handler(), '127.0.0.1', true);
    try {
      await expect(
        send(server, { headers: { 'x-forwarded-for': '198.51.100.9' } }),
      ).rejects.toThrow();
    } finally {
      await server.close();
    }
    expect(after).toEqual({
      remoteAddress: undefined,
      ip: '198.51.100.9',
      ips: ['127.0.0.1', '198.51.100.9'],
    });
  });
});

describe('request.protocol and request.host follow the same trusted hop', () => {
  const proxied = {
    'x-forwarded-for': '198.51.100.9',
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'shop.example:8443',
  };
  const own = { protocol: 'http', host: 'origin.test:3000', hostname: 'origin.test', port: 3000 };
  test.each([
    {
      title: 'asked for, behind a trusted proxy: the hop says https and shop.example',
      options: { ...chain, protocol: true, host: true },
      peer: '10.0.0.1',
      fastify: {},
      want: { protocol: 'https', host: 'shop.example:8443', hostname: 'shop.example', port: 8443 },
    },
    {
      title: 'asked for, from an untrusted peer: the connection, even with trustProxy: true',
      options: { ...chain, protocol: true, host: true },
      peer: '203.0.113.7',
      fastify: { trustProxy: true },
      want: own,
    },
    {
      title: 'not asked for: the connection',
      options: chain,
      peer: '10.0.0.1',
      fastify: {},
      want: own,
    },
    // Fastify's own trustProxy left on beside the plugin: its getters would believe the headers
    // from any peer it trusts. The plugin takes request.protocol and request.host over.
    {
      title: 'not asked for, with trustProxy: true, behind a trusted proxy: the connection',
      options: chain,
      peer: '10.0.0.1',
      fastify: { trustProxy: true },
      want: own,
    },
    {
      title: 'not asked for, with trustProxy: true, from an untrusted peer: the connection',
      options: { trust: false },
      peer: '203.0.113.7',
      fastify: { trustProxy: true },
      want: own,
    },
    {
      title: 'override: false with trustProxy: true: Fastify decides',
      options: { ...chain, protocol: true, host: true, override: false },
      peer: '203.0.113.7',
      fastify: { trustProxy: true },
      want: { protocol: 'https', host: 'shop.example:8443', hostname: 'shop.example', port: 8443 },
    },
  ])('$title', async ({ options, peer, fastify, want }) => {
    const res = await request(await appFor(options, fastify))
      .get('/')
      .set(PEER_HEADER, peer)
      .set('host', 'origin.test:3000')
      .set(proxied);
    expect(res.body).toMatchObject(want);
  });
});

describe('what Fastify reports when there is nothing to report', () => {
  test("HTTP/1.0 without Host over a Unix socket (no peer address): no ip, '' for the host", async () => {
    const { app, handler } = fastifyApp();
    apps.push(app);
    await app.register(realIp, chain);
    app.get('/', (req) => Promise.resolve(seen(req)));
    await app.ready();
    const body = await http10OverUnixSocket(handler());
    // `ip` is undefined, so JSON leaves it out.
    expect(body).toEqual({
      ips: [],
      protocol: 'http',
      host: '',
      hostname: '',
      port: null,
      realIp: { source: 'socket', hops: 0, reason: 'no-peer' },
    });
  });
});

describe('plugin registration', () => {
  test('the default export is the named export', () => {
    expect(realIpDefault).toBe(realIp);
  });

  test('applies app-wide: routes and hooks in encapsulated plugins see the client', async () => {
    const { app } = fastifyApp();
    apps.push(app);
    await app.register(realIp, chain);
    await app.register(async (child) => {
      let hookSaw: string | undefined;
      child.addHook('preHandler', (req, _reply, done) => {
        hookSaw = req.ip;
        done();
      });
      child.get('/child', (req) => Promise.resolve({ ip: req.ip, hookSaw }));
      return Promise.resolve();
    });
    await app.ready();
    const res = await request(app.server)
      .get('/child')
      .set(PEER_HEADER, '10.0.0.1')
      .set('x-forwarded-for', '198.51.100.9');
    expect(res.body).toEqual({ ip: '198.51.100.9', hookSaw: '198.51.100.9' });
  });

  test('registered in a child context, it applies there only (Fastify encapsulation)', async () => {
    const { app } = fastifyApp();
    apps.push(app);
    app.get('/root', (req) => Promise.resolve({ ip: req.ip }));
    await app.register(async (child) => {
      await child.register(realIp, chain);
      child.get('/child', (req) => Promise.resolve({ ip: req.ip }));
    });
    await app.ready();
    const get = (path: string) =>
      request(app.server)
        .get(path)
        .set(PEER_HEADER, '10.0.0.1')
        .set('x-forwarded-for', '198.51.100.9');
    expect((await get('/root')).body).toEqual({ ip: '10.0.0.1' });
    expect((await get('/child')).body).toEqual({ ip: '198.51.100.9' });
  });

  test.each([
    ['twice on the same instance', false],
    ['again in a child context', true],
  ])('registering %s is an error', async (_title, inChild) => {
    const { app } = fastifyApp();
    apps.push(app);
    void app.register(realIp, chain);
    if (inChild) void app.register(async (child) => child.register(realIp));
    else void app.register(realIp);
    const error: unknown = await app.ready().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(RealIpConfigError);
    expect(error).toMatchObject({
      code: 'ERR_REALIP_ALREADY_REGISTERED',
      package: '@realip/fastify',
      message: expect.stringMatching(
        /^@realip\/fastify: plugin "@realip\/fastify": is already registered on this instance or a parent\. Register it once, at the root/,
      ) as unknown,
    });
  });

  test("Fastify's own register options (prefix, logLevel) are not mistaken for ours", async () => {
    const { app } = fastifyApp();
    apps.push(app);
    await app.register(realIp, {
      ...chain,
      prefix: '/api',
      logLevel: 'warn',
    } as RealIpFastifyOptions);
    app.get('/', (req) => Promise.resolve({ ip: req.ip }));
    await app.ready();
    const res = await request(app.server)
      .get('/')
      .set(PEER_HEADER, '10.0.0.1')
      .set('x-forwarded-for', '198.51.100.9');
    expect(res.body).toEqual({ ip: '198.51.100.9' });
  });

  test.each([
    [{ trust: '10.0.0.0/33' }, 'ERR_REALIP_INVALID_TRUST', 'trust'],
    [{ trustProxy: true }, 'ERR_REALIP_UNKNOWN_OPTION', 'trustProxy'],
    [{ header: 'x forwarded for' }, 'ERR_REALIP_INVALID_OPTION', 'header'],
    [{ override: null }, 'ERR_REALIP_INVALID_OPTION', 'override'],
  ])('bad options %j reject registration, naming the package', async (options, code, option) => {
    const { app } = fastifyApp();
    apps.push(app);
    let error: unknown;
    try {
      await app.register(realIp, options as RealIpFastifyOptions);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RealIpConfigError);
    expect(error).toMatchObject({ code, option, package: '@realip/fastify' });
    expect((error as Error).message).toMatch(/^@realip\/fastify: /);
  });
});
