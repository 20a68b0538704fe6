import { RealIpConfigError } from '@realip/core';
import Koa, { type Context } from 'koa';
import http from 'node:http';
import request from 'supertest';
import {
  http10OverUnixSocket,
  listen,
  send,
  withPeer,
  PEER_HEADER,
} from '../../../test/helpers/http';
import { farthestFirst, ipsCases } from '../../../test/helpers/ips-cases';
import { realIp, type RealIpKoaOptions } from '../src/index';

/** What a middleware saw of Koa's own properties. */
function seen(ctx: Context) {
  return {
    ip: ctx.ip,
    requestIp: ctx.request.ip,
    ips: ctx.ips,
    protocol: ctx.protocol,
    secure: ctx.secure,
    host: ctx.host,
    hostname: ctx.hostname,
    href: ctx.href,
    realIp: ctx.state.realIp,
  };
}

/** An app with `realIp(options)` that reports what the next middleware saw. */
function appFor(options: RealIpKoaOptions, koa?: ConstructorParameters<typeof Koa>[0]) {
  const app = new Koa(koa);
  app.use(realIp(options));
  app.use((ctx) => {
    ctx.body = seen(ctx);
  });
  return http.createServer(withPeer(app.callback()));
}

const chain = { trust: ['loopback', '10.0.0.0/8'] } as const;

describe('ctx.ip and ctx.ips', () => {
  test.each(ipsCases)('$title', async ({ options, peer, xff, ip, chain }) => {
    const ips = farthestFirst(chain);
    const res = await request(appFor(options))
      .get('/')
      .set(PEER_HEADER, peer)
      .set('x-forwarded-for', xff);
    expect(res.body).toMatchObject({ ip, requestIp: ip, ips, realIp: { ip } });
  });

  test("Koa's own proxy and maxIpsCount no longer decide ctx.ip", async () => {
    const server = appFor(chain, { proxy: true, maxIpsCount: 1 });
    const res = await request(server)
      .get('/')
      .set(PEER_HEADER, '203.0.113.7')
      .set('x-forwarded-for', '1.1.1.1');
    expect(res.body).toMatchObject({ ip: '203.0.113.7', ips: [] });
  });

  test('override: false leaves ctx.ip and ctx.ips to Koa and only adds ctx.state.realIp', async () => {
    const res = await request(appFor({ ...chain, override: false }, { proxy: true }))
      .get('/')
      .set(PEER_HEADER, '10.0.0.1')
      .set('x-forwarded-for', '6.6.6.6, 198.51.100.9');
    // Koa with proxy: true answers the leftmost entry (anchors case 2).
    expect(res.body).toMatchObject({
      ip: '6.6.6.6',
      ips: ['6.6.6.6', '198.51.100.9'],
      realIp: { ip: '198.51.100.9' },
    });
  });

  test('a middleware before realIp() that read ctx.ip (Koa caches it) sees the client afterwards', async () => {
    const app = new Koa();
    app.use(async (ctx, next) => {
      const before = ctx.ip;
      await next();
      ctx.body = { before, after: ctx.ip };
    });
    app.use(realIp(chain));
    const res = await request(http.createServer(withPeer(app.callback())))
      .get('/')
      .set(PEER_HEADER, '10.0.0.1')
      .set('x-forwarded-for', '198.51.100.9');
    expect(res.body).toEqual({ before: '10.0.0.1', after: '198.51.100.9' });
  });

  test('two apps, and a second realIp() in one app: each request reads the last middleware', async () => {
    // The second middleware finds the accessors already on the app's request prototype and
    // installs nothing; requests alternating between the apps keep their own answers.
    const twice = new Koa();
    twice.use(realIp(chain));
    twice.use(realIp({ trust: 'loopback' }));
    twice.use((ctx) => {
      ctx.body = seen(ctx);
    });
    const servers = [http.createServer(withPeer(twice.callback())), appFor(chain)];
    for (const round of [0, 1]) {
      for (const [k, server] of servers.entries()) {
        const res = await request(server)
          .get('/')
          .set(PEER_HEADER, '127.0.0.1')
          .set('x-forwarded-for', '198.51.100.9, 10.0.0.2');
        const ip = k === 0 ? '10.0.0.2' : '198.51.100.9';
        expect({ round, k, body: res.body as unknown }).toMatchObject({
          round,
          k,
          body: { ip, realIp: { ip } },
        });
      }
    }
  });

  test('ctx.request.ip stays settable, as in Koa', async () => {
    const app = new Koa();
    app.use(realIp(chain));
    app.use((ctx) => {
      ctx.request.ip = '192.0.2.1';
      ctx.body = { ip: ctx.ip, realIp: ctx.state.realIp.ip };
    });
    const res = await request(app.callback()).get('/');
    expect(res.body).toEqual({ ip: '192.0.2.1', realIp: '127.0.0.1' });
  });

  test('one walk per request: reading ctx.ip again re-parses nothing; ctx.ips walks once more', async () => {
    let walked = 0;
    const trust = (address: string) => {
      walked++;
      return address.startsWith('10.');
    };
    const app = new Koa({ proxy: true });
    app.use(realIp({ trust }));
    app.use((ctx) => {
      const counts = [walked];
      for (const read of [() => ctx.ip, () => ctx.ip, () => ctx.ip, () => ctx.ips, () => ctx.ips]) {
        read();
        counts.push(walked);
      }
      ctx.body = counts;
    });
    const res = await request(http.createServer(withPeer(app.callback())))
      .get('/')
      .set(PEER_HEADER, '10.0.0.2')
      .set('x-forwarded-for', '198.51.100.9, 10.0.0.1');
    // The walk asks about 10.0.0.2, 10.0.0.1 and 198.51.100.9: three calls.
    expect(res.body).toEqual([3, 3, 3, 3, 6, 6]);
  });

  test('ctx.ips is computed once and kept', async () => {
    const app = new Koa();
    app.use(realIp(chain));
    app.use((ctx) => {
      ctx.body = { same: ctx.ips === ctx.request.ips, ips: ctx.ips };
    });
    const res = await request(app.callback()).get('/').set('x-forwarded-for', '198.51.100.9');
    expect(res.body).toEqual({ same: true, ips: ['198.51.100.9'] });
  });

  test('the peer is captured when the request arrives: closing the socket changes nothing', async () => {
    const app = new Koa();
    let after: unknown;
    app.use(realIp(chain));
    app.use((ctx) => {
      ctx.req.socket.destroy();
      after = { remoteAddress: ctx.req.socket.remoteAddress, ip: ctx.ip, ips: ctx.ips };
    });
    const server = await listen(app.callback(), '127.0.0.1', true);
    try {
      await expect(
        send(server, { headers: { 'x-forwarded-for': '198.51.100.9' } }),
      ).rejects.toThrow();
    } finally {
      await server.close();
    }
    expect(after).toEqual({ remoteAddress: undefined, ip: '198.51.100.9', ips: ['198.51.100.9'] });
  });
});

describe('ctx.protocol and ctx.host follow the same trusted hop', () => {
  const proxied = {
    'x-forwarded-for': '198.51.100.9',
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'shop.example:8443',
  };
  const own = {
    protocol: 'http',
    secure: false,
    host: 'origin.test:3000',
    hostname: 'origin.test',
    href: 'http://origin.test:3000/',
  };
  test.each([
    {
      title: 'asked for, behind a trusted proxy: the hop says https and shop.example',
      options: { ...chain, protocol: true, host: true },
      peer: '10.0.0.1',
      koa: {},
      want: {
        protocol: 'https',
        secure: true,
        host: 'shop.example:8443',
        hostname: 'shop.example',
        href: 'https://shop.example:8443/',
      },
    },
    {
      title: 'asked for, from an untrusted peer: the connection, even with Koa proxy: true',
      options: { ...chain, protocol: true, host: true },
      peer: '203.0.113.7',
      koa: { proxy: true },
      want: own,
    },
    {
      title: 'not asked for: the connection',
      options: chain,
      peer: '10.0.0.1',
      koa: {},
      want: own,
    },
    // Koa's own proxy: true left on beside realIp(): its getters would believe the headers from
    // any peer. realIp() takes ctx.protocol and ctx.host over, as the README says.
    {
      title: 'not asked for, with Koa proxy: true, behind a trusted proxy: the connection',
      options: chain,
      peer: '10.0.0.1',
      koa: { proxy: true },
      want: own,
    },
    {
      title: 'not asked for, with Koa proxy: true, from an untrusted peer: the connection',
      options: { trust: false },
      peer: '203.0.113.7',
      koa: { proxy: true },
      want: own,
    },
    {
      title: 'override: false with Koa proxy: true: Koa decides',
      options: { ...chain, protocol: true, host: true, override: false },
      peer: '203.0.113.7',
      koa: { proxy: true },
      want: { protocol: 'https', host: 'shop.example:8443', href: 'https://shop.example:8443/' },
    },
  ])('$title', async ({ options, peer, koa, want }) => {
    const res = await request(appFor(options, koa))
      .get('/')
      .set(PEER_HEADER, peer)
      .set('host', 'origin.test:3000')
      .set(proxied);
    expect(res.body).toMatchObject(want);
  });
});

describe('what Koa reports when there is nothing to report', () => {
  test("HTTP/1.0 without Host over a Unix socket (no peer address): '' for both, as Koa says", async () => {
    const app = new Koa();
    app.use(realIp(chain));
    app.use((ctx) => {
      ctx.body = { ip: ctx.ip, host: ctx.host, reason: ctx.state.realIp.reason };
    });
    const body = await http10OverUnixSocket(app.callback());
    expect(body).toEqual({ ip: '', host: '', reason: 'no-peer' });
  });
});

describe('bad options fail at setup, naming the package', () => {
  test.each([
    [{ trust: '10.0.0.0/33' }, 'ERR_REALIP_INVALID_TRUST', 'trust'],
    [{ proxyIpHeader: 'x-real-ip' }, 'ERR_REALIP_UNKNOWN_OPTION', 'proxyIpHeader'],
    [{ maxIpsCount: 1 }, 'ERR_REALIP_UNKNOWN_OPTION', 'maxIpsCount'],
    [{ override: 1 }, 'ERR_REALIP_INVALID_OPTION', 'override'],
    [['loopback'], 'ERR_REALIP_INVALID_OPTION', 'options'],
  ])('%j', (options, code, option) => {
    let error: unknown;
    try {
      realIp(options as RealIpKoaOptions);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RealIpConfigError);
    expect(error).toMatchObject({ code, option, package: '@realip/koa' });
    expect((error as Error).message).toMatch(/^@realip\/koa: /);
  });
});

describe('a middleware in the cascade', () => {
  // realIp() hands Koa the downstream promise: middleware above it resume only when everything
  // below has finished, and see downstream errors.
  function cascade(downstream: Koa.Middleware) {
    const app = new Koa();
    app.use(async (ctx, next) => {
      try {
        await next();
        ctx.body = { after: ctx.state.done === true, ip: ctx.ip };
      } catch (err) {
        ctx.status = 502;
        ctx.body = { caught: (err as Error).message };
      }
    });
    app.use(realIp(chain));
    app.use(downstream);
    return http.createServer(withPeer(app.callback()));
  }

  test('the upstream middleware resumes after the asynchronous downstream finished', async () => {
    const server = cascade(async (ctx) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      ctx.state.done = true;
    });
    const res = await request(server)
      .get('/')
      .set(PEER_HEADER, '10.0.0.1')
      .set('x-forwarded-for', '198.51.100.9');
    expect(res.body).toEqual({ after: true, ip: '198.51.100.9' });
  });

  test('a downstream rejection reaches the upstream middleware', async () => {
    const server = cascade(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw new Error('downstream failed');
    });
    const res = await request(server).get('/').set(PEER_HEADER, '10.0.0.1');
    expect(res.status).toBe(502);
    expect(res.body).toEqual({ caught: 'downstream failed' });
  });
});
