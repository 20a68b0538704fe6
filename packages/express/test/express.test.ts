import { RealIpConfigError } from '@realip/core';
import express, { type Request } from 'express';
import http from 'node:http';
import request from 'supertest';
import { listen, send, withPeer, PEER_HEADER } from '../../../test/helpers/http';
import { farthestFirst, ipsCases } from '../../../test/helpers/ips-cases';
import { realIp, type RealIpExpressOptions } from '../src/index';

/** What a handler saw of the framework's own properties. */
function seen(req: Request) {
  return {
    ip: req.ip,
    ips: req.ips,
    protocol: req.protocol,
    secure: req.secure,
    host: req.host,
    hostname: req.hostname,
    realIp: req.realIp,
  };
}

/** An app with `realIp(options)` that reports what the handler saw; served as peer `peer`. */
function appFor(options: RealIpExpressOptions, setup?: (app: express.Express) => void) {
  const app = express();
  setup?.(app);
  app.use(realIp(options));
  app.get('/', (req, res) => res.json(seen(req)));
  return http.createServer(withPeer(app));
}

const chain = { trust: ['loopback', '10.0.0.0/8'] } as const;

describe('req.ip and req.ips', () => {
  test.each(ipsCases)('$title', async ({ options, peer, xff, ip, chain }) => {
    const ips = farthestFirst(chain);
    const res = await request(appFor(options))
      .get('/')
      .set(PEER_HEADER, peer)
      .set('x-forwarded-for', xff);
    expect(res.body).toMatchObject({ ip, ips, realIp: { ip } });
  });

  test('override: false leaves req.ip and req.ips to Express and only adds req.realIp', async () => {
    const res = await request(appFor({ ...chain, override: false }))
      .get('/')
      .set(PEER_HEADER, '10.0.0.1')
      .set('x-forwarded-for', '198.51.100.9');
    // Express's `trust proxy` is off by default: its req.ip is the peer.
    expect(res.body).toMatchObject({ ip: '10.0.0.1', ips: [], realIp: { ip: '198.51.100.9' } });
  });

  test("Express's own trust proxy setting no longer decides req.ip", async () => {
    const server = appFor({ trust: false }, (app) => app.set('trust proxy', true));
    const res = await request(server).get('/').set('x-forwarded-for', '6.6.6.6');
    expect(res.body).toMatchObject({ ip: '127.0.0.1', ips: [] });
  });

  test('one walk per request: reading req.ip again re-parses nothing; req.ips walks once more', async () => {
    let walked = 0;
    const trust = (address: string) => {
      walked++;
      return address.startsWith('10.');
    };
    const app = express();
    app.use(realIp({ trust }));
    app.get('/', (req, res) => {
      const counts = [walked];
      for (const read of [() => req.ip, () => req.ip, () => req.ip, () => req.ips, () => req.ips]) {
        read();
        counts.push(walked);
      }
      res.json(counts);
    });
    const res = await request(http.createServer(withPeer(app)))
      .get('/')
      .set(PEER_HEADER, '10.0.0.2')
      .set('x-forwarded-for', '198.51.100.9, 10.0.0.1');
    // The walk asks about 10.0.0.2, 10.0.0.1 and 198.51.100.9: three calls.
    expect(res.body).toEqual([3, 3, 3, 3, 6, 6]);
  });

  test('req.ips is computed once and kept', async () => {
    const app = express();
    app.use(realIp(chain));
    app.get('/', (req, res) => res.json({ same: req.ips === req.ips, ips: req.ips }));
    const res = await request(app).get('/').set('x-forwarded-for', '198.51.100.9');
    expect(res.body).toEqual({ same: true, ips: ['198.51.100.9'] });
  });

  test('the peer is captured when the request arrives: closing the socket changes nothing', async () => {
    const app = express();
    let after: unknown;
    app.use(realIp(chain));
    app.get('/', (req) => {
      req.socket.destroy();
      after = { remoteAddress: req.socket.remoteAddress, ip: req.ip, ips: req.ips };
    });
    const server = await listen(app, '127.0.0.1', true);
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

describe('req.protocol and req.host follow the same trusted hop', () => {
  const proxied = {
    'x-forwarded-for': '198.51.100.9',
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'shop.example:8443',
  };
  test.each([
    {
      title: 'asked for, behind a trusted proxy: the hop says https and shop.example',
      options: { ...chain, protocol: true, host: true },
      peer: '10.0.0.1',
      want: {
        protocol: 'https',
        secure: true,
        host: 'shop.example:8443',
        hostname: 'shop.example',
      },
    },
    {
      title: 'asked for, from an untrusted peer: the connection and its Host header',
      options: { ...chain, protocol: true, host: true },
      peer: '203.0.113.7',
      want: { protocol: 'http', secure: false, host: 'origin.test:3000', hostname: 'origin.test' },
    },
    {
      title: 'not asked for: the connection and its Host header',
      options: chain,
      peer: '10.0.0.1',
      want: { protocol: 'http', secure: false, host: 'origin.test:3000', hostname: 'origin.test' },
    },
    {
      title: 'asked for with override: false: Express decides',
      options: { ...chain, protocol: true, host: true, override: false },
      peer: '10.0.0.1',
      want: { protocol: 'http', secure: false, host: 'origin.test:3000', hostname: 'origin.test' },
    },
  ])('$title', async ({ options, peer, want }) => {
    const res = await request(appFor(options))
      .get('/')
      .set(PEER_HEADER, peer)
      .set('host', 'origin.test:3000')
      .set(proxied);
    expect(res.body).toMatchObject(want);
  });

  // Express's own trust proxy left on beside realIp(): its getters would believe the headers
  // from any peer it trusts (here: everyone). realIp() takes req.protocol and req.host over.
  test.each([
    { title: 'protocol and host off', options: chain },
    { title: 'protocol and host off, trust: false', options: { trust: false } },
  ])(
    "app.set('trust proxy', true) beside realIp() ($title): the connection's own",
    async ({ options }) => {
      const server = appFor(options, (app) => app.set('trust proxy', true));
      const res = await request(server)
        .get('/')
        .set(PEER_HEADER, '203.0.113.7')
        .set('host', 'origin.test:3000')
        .set(proxied);
      expect(res.body).toMatchObject({
        protocol: 'http',
        secure: false,
        host: 'origin.test:3000',
        hostname: 'origin.test',
      });
    },
  );

  test("a spoofed X-Forwarded-Proto is ignored even when Express's trust proxy is true", async () => {
    const server = appFor({ trust: false, protocol: true, host: true }, (app) =>
      app.set('trust proxy', true),
    );
    const res = await request(server)
      .get('/')
      .set('host', 'origin.test')
      .set('x-forwarded-proto', 'https')
      .set('x-forwarded-host', 'evil.example');
    expect(res.body).toMatchObject({ protocol: 'http', host: 'origin.test' });
  });
});

describe('sub-apps and routers', () => {
  function nested(where: 'root' | 'sub') {
    const app = express();
    const sub = express();
    const router = express.Router();
    // A sub-app with its own trust proxy: Express would give it a different req.ip.
    sub.set('trust proxy', true);
    if (where === 'root') app.use(realIp(chain));
    else sub.use(realIp(chain));
    sub.get('/', (req, res) => res.json(seen(req)));
    router.get('/', (req, res) => res.json(seen(req)));
    sub.use('/router', router);
    app.use('/sub', sub);
    app.get('/after', (req, res) => res.json(seen(req)));
    return http.createServer(withPeer(app));
  }

  test.each([
    ['root', '/sub'],
    ['root', '/sub/router'],
    ['root', '/after'],
    ['sub', '/sub'],
    ['sub', '/sub/router'],
  ] as const)('realIp() on the %s app, handler at %s', async (where, path) => {
    const res = await request(nested(where))
      .get(path)
      .set(PEER_HEADER, '10.0.0.1')
      .set('x-forwarded-for', '6.6.6.6, 198.51.100.9');
    expect(res.body).toMatchObject({ ip: '198.51.100.9', ips: ['198.51.100.9'] });
  });

  test('a handler outside the sub-app that uses realIp() keeps Express semantics', async () => {
    const res = await request(nested('sub'))
      .get('/after')
      .set(PEER_HEADER, '10.0.0.1')
      .set('x-forwarded-for', '198.51.100.9');
    expect(res.body).toEqual(expect.objectContaining({ ip: '10.0.0.1' }));
    expect(res.body).not.toHaveProperty('realIp');
  });
});

describe('the accessors live on the prototype every Express request inherits from', () => {
  const client = { [PEER_HEADER]: '10.0.0.1', 'x-forwarded-for': '6.6.6.6, 198.51.100.9' };

  test('a sub-app entered as a plain handler (as vhost does), whose request inherits nothing', async () => {
    const app = express();
    const sub = express();
    sub.get('/', (req, res) => res.json(seen(req)));
    app.use(realIp(chain));
    app.use('/v', (req, res, next) => sub(req, res, next));
    const res = await request(http.createServer(withPeer(app)))
      .get('/v')
      .set(client);
    expect(res.body).toMatchObject({ ip: '198.51.100.9', ips: ['198.51.100.9'] });
  });

  test("another app in the process, without realIp(), keeps Express's own values", async () => {
    const withRealIp = express();
    withRealIp.use(realIp(chain));
    withRealIp.get('/', (req, res) => res.json(seen(req)));
    const plain = express();
    plain.set('trust proxy', true);
    plain.get('/', (req, res) => res.json(seen(req)));
    const ours = await request(http.createServer(withPeer(withRealIp)))
      .get('/')
      .set(client);
    const theirs = await request(http.createServer(withPeer(plain)))
      .get('/')
      .set(client)
      .set('x-forwarded-proto', 'https');
    expect(ours.body).toMatchObject({ ip: '198.51.100.9', protocol: 'http' });
    expect(theirs.body).toMatchObject({ ip: '6.6.6.6', ips: ['6.6.6.6', '198.51.100.9'] });
    expect(theirs.body).toMatchObject({ protocol: 'https', secure: true });
    expect(theirs.body).not.toHaveProperty('realIp');
  });

  test('outside Express (a plain http server), every request gets them as its own', async () => {
    const middleware = realIp(chain);
    const server = http.createServer(
      withPeer((req, res) => {
        middleware(req as Request, res as never, () => res.end((req as Request).ip));
      }),
    );
    for (const client of ['198.51.100.9', '198.51.100.10']) {
      const res = await request(server)
        .get('/')
        .set(PEER_HEADER, '10.0.0.1')
        .set('x-forwarded-for', client);
      expect(res.text).toBe(client);
    }
  });

  test('a request that is no IncomingMessage at all (a test double) gets them as its own', () => {
    const middleware = realIp(chain);
    const double = (client: string) =>
      ({
        socket: { remoteAddress: '10.0.0.1', remotePort: 40000 },
        headers: { 'x-forwarded-for': `6.6.6.6, ${client}` },
      }) as unknown as Request;
    for (const client of ['198.51.100.9', '198.51.100.10']) {
      const req = double(client);
      let ip: string | undefined;
      middleware(req, {} as never, () => (ip = req.ip));
      expect({ ip, ips: req.ips, reason: req.realIp.reason }).toEqual({
        ip: client,
        ips: [client],
        reason: 'untrusted',
      });
    }
  });

  test('an app can still assign req.ip, for that request only', async () => {
    const app = express();
    app.use(realIp(chain));
    app.get('/', (req, res) => {
      const before = req.ip;
      (req as { ip: string }).ip = '192.0.2.1';
      res.json({ before, after: req.ip });
    });
    const res = await request(http.createServer(withPeer(app)))
      .get('/')
      .set(client);
    expect(res.body).toEqual({ before: '198.51.100.9', after: '192.0.2.1' });
  });
});

describe('bad options fail at setup, naming the package', () => {
  test.each([
    [{ trust: '10.0.0.0/33' }, 'ERR_REALIP_INVALID_TRUST', 'trust'],
    [{ trustProxy: true }, 'ERR_REALIP_UNKNOWN_OPTION', 'trustProxy'],
    [{ hops: '2' }, 'ERR_REALIP_INVALID_OPTION', 'hops'],
    [{ override: 'yes' }, 'ERR_REALIP_INVALID_OPTION', 'override'],
    ['loopback', 'ERR_REALIP_INVALID_OPTION', 'options'],
  ])('%j', (options, code, option) => {
    let error: unknown;
    try {
      realIp(options as RealIpExpressOptions);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RealIpConfigError);
    expect(error).toMatchObject({ code, package: '@realip/express' });
    expect((error as RealIpConfigError).option).toMatch(option);
    expect((error as Error).message).toMatch(/^@realip\/express: /);
  });
});
