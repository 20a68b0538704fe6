import { RealIpConfigError } from '@realip/core';
import {
  H3,
  H3Event,
  getRequestFingerprint,
  getRequestIP,
  getRequestProtocol,
  getRequestURL,
  serve,
} from 'h3';
import { toNodeHandler } from 'h3/node';
import { listen, send, PEER_HEADER, type Listening } from '../../../test/helpers/http';
import { getClientIp, realIp, type RealIpH3Options } from '../src/index';

const chain = { trust: ['loopback', '10.0.0.0/8'] } as const;

/** What a handler after `realIp()` saw, through h3's own helpers and ours. */
async function seen(event: H3Event) {
  return {
    realIp: event.context.realIp,
    clientIp: getClientIp(event),
    requestIp: getRequestIP(event),
    leftmost: getRequestIP(event, { xForwardedFor: true }),
    fingerprint: await getRequestFingerprint(event, { hash: false }),
    protocol: getRequestProtocol(event),
    url: getRequestURL(event).href,
  };
}

/** One GET to `server` as if from `peer`, as JSON. */
async function get(
  server: Listening,
  peer: string,
  headers: Record<string, string> = {},
  path = '/',
) {
  const reply = await send(server, { path, headers: { ...headers, [PEER_HEADER]: peer } });
  expect(reply.status).toBe(200);
  return JSON.parse(reply.body) as Awaited<ReturnType<typeof seen>>;
}

let servers: Listening[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/**
 * An h3 app with `realIp(options)` (for the whole app, or as the route's middleware) and a route
 * answering what it {@link seen}, served over HTTP on 127.0.0.1 (peers via PEER_HEADER).
 */
async function served(options: RealIpH3Options, where: 'app' | 'route' = 'app') {
  const app = new H3();
  if (where === 'app') app.use(realIp(options)).get('/**', seen);
  else app.get('/**', seen, { middleware: [realIp(options)] });
  const node = toNodeHandler(app);
  const server = await listen((req, res) => void node(req, res), '127.0.0.1');
  servers.push(server);
  return server;
}

describe("h3's getRequestIP(event, { xForwardedFor: true }) is spoofable; getClientIp is not", () => {
  // h3js/h3#618: h3 answers the leftmost entry, which the client writes.
  test.each([
    {
      title: 'a direct client (untrusted peer) forges X-Forwarded-For',
      peer: '203.0.113.7',
      xff: '1.2.3.4',
      client: '203.0.113.7',
    },
    {
      title: 'a client behind a trusted proxy prepends a forged entry',
      peer: '10.0.0.1',
      xff: '1.2.3.4, 198.51.100.9',
      client: '198.51.100.9',
    },
    {
      title: 'a forged garbage entry on the left',
      peer: '10.0.0.1',
      xff: '<script>, 198.51.100.9',
      client: '198.51.100.9',
    },
  ])('$title', async ({ peer, xff, client }) => {
    const body = await get(await served(chain), peer, { 'x-forwarded-for': xff });
    expect(body.leftmost).toBe(xff.split(',')[0]);
    expect(body.leftmost).not.toBe(client);
    expect(body).toMatchObject({ clientIp: client, requestIp: client, realIp: { ip: client } });
  });
});

describe("h3's own helpers report the client after realIp()", () => {
  test('getRequestIP(event) and getRequestFingerprint(event) read event.context.clientAddress', async () => {
    const body = await get(await served(chain), '10.0.0.1', { 'x-forwarded-for': '198.51.100.9' });
    expect(body).toMatchObject({ requestIp: '198.51.100.9', fingerprint: '198.51.100.9' });
  });

  test('override: false only sets event.context.realIp; h3 still reports the socket peer', async () => {
    const server = await served({ ...chain, override: false });
    const body = await get(server, '10.0.0.1', { 'x-forwarded-for': '198.51.100.9' });
    expect(body).toMatchObject({
      clientIp: '198.51.100.9',
      realIp: { ip: '198.51.100.9', source: 'x-forwarded-for', hops: 1, reason: 'untrusted' },
      requestIp: '10.0.0.1',
      fingerprint: '10.0.0.1',
    });
  });

  test("as a route's middleware", async () => {
    const server = await served(chain, 'route');
    const body = await get(server, '10.0.0.1', { 'x-forwarded-for': '198.51.100.9' });
    expect(body).toMatchObject({ clientIp: '198.51.100.9', requestIp: '198.51.100.9' });
  });
});

describe('event.url follows the same trusted hop with the protocol / host options', () => {
  const proxied = {
    host: 'origin.test:3000',
    'x-forwarded-for': '198.51.100.9',
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'shop.example:8443',
  };
  test.each([
    {
      title: 'asked for, behind a trusted proxy: the hop says https and shop.example',
      options: { ...chain, protocol: true, host: true },
      peer: '10.0.0.1',
      want: { protocol: 'https', url: 'https://shop.example:8443/a?b=1' },
    },
    {
      title: 'only the protocol asked for: the Host header stays',
      options: { ...chain, protocol: true },
      peer: '10.0.0.1',
      want: { protocol: 'https', url: 'https://origin.test:3000/a?b=1' },
    },
    {
      title: 'a forwarded host without a port: no port left over from the Host header',
      options: { ...chain, host: true },
      peer: '10.0.0.1',
      headers: { 'x-forwarded-host': 'shop.example' },
      want: { protocol: 'http', url: 'http://shop.example/a?b=1' },
    },
    {
      title: 'asked for, from an untrusted peer: the connection',
      options: { ...chain, protocol: true, host: true },
      peer: '203.0.113.7',
      want: { protocol: 'http', url: 'http://origin.test:3000/a?b=1' },
    },
    {
      title: 'not asked for: the connection',
      options: chain,
      peer: '10.0.0.1',
      want: { protocol: 'http', url: 'http://origin.test:3000/a?b=1' },
    },
    {
      title: 'override: false: the connection, the hop only in realIp',
      options: { ...chain, protocol: true, host: true, override: false },
      peer: '10.0.0.1',
      want: {
        protocol: 'http',
        url: 'http://origin.test:3000/a?b=1',
        realIp: { protocol: 'https', host: 'shop.example:8443' },
      },
    },
  ])('$title', async ({ options, peer, headers, want }) => {
    const body = await get(await served(options), peer, { ...proxied, ...headers }, '/a?b=1');
    expect(body).toMatchObject(want);
  });
});

describe('the peer', () => {
  test("srvx's trustProxy rewrites request.ip; realIp() reads the socket all the same", async () => {
    // srvx's own walk, with trustProxy: true, answers the leftmost entry; h3's getRequestIP
    // would report it. realIp() walks from the socket with its own trust, once.
    const app = new H3();
    app.use(realIp({ trust: false }));
    app.get('/', (event) => ({ srvx: event.req.ip, realIp: event.context.realIp }));
    const server = serve(app, {
      port: 0,
      hostname: '127.0.0.1',
      trustProxy: true,
      silent: true,
      gracefulShutdown: false,
    });
    await server.ready();
    try {
      const res = await fetch(new URL('/', server.url), {
        headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.9' },
      });
      expect(await res.json()).toMatchObject({
        srvx: '6.6.6.6',
        realIp: { ip: '127.0.0.1', source: 'socket', reason: 'untrusted' },
      });
    } finally {
      await server.close(true);
    }
  });

  test('no peer (app.fetch with a bare Request): a defined result, never a throw', async () => {
    const app = new H3();
    app.use(realIp(chain));
    app.get('/', (event) => ({ ip: getClientIp(event) ?? null, realIp: event.context.realIp }));
    const res = await app.fetch(
      new Request('http://app.test/', { headers: { 'x-forwarded-for': '198.51.100.9' } }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      ip: null,
      realIp: { source: 'socket', hops: 0, reason: 'no-peer' },
    });
  });

  // How srvx's Bun, Deno and Workers adapters hand h3 the request (srvx/dist/adapters/*.mjs):
  // the runtime's context as `request.runtime`, its peer as `request.ip`. Node's is real above;
  // these are that contract, written out, for the runtimes this suite does not start. `request.ip`
  // is what srvx's trustProxy may have rewritten: never read where the runtime has the peer.
  test.each([
    {
      title: 'Deno: info.remoteAddr',
      runtime: {
        name: 'deno',
        deno: { info: { remoteAddr: { hostname: '10.0.0.1', port: 4711 } } },
      },
      ip: '6.6.6.6',
      want: { ip: '198.51.100.9', hops: 1 },
    },
    {
      title: 'Deno on a Unix socket: no hostname, no peer',
      runtime: { name: 'deno', deno: { info: { remoteAddr: { transport: 'unix', path: '/s' } } } },
      ip: '6.6.6.6',
      want: { source: 'socket', hops: 0, reason: 'no-peer' },
    },
    {
      title: 'Bun: server.requestIP(request)',
      runtime: {
        name: 'bun',
        bun: { server: { requestIP: () => ({ address: '::1', port: 80 }) } },
      },
      ip: '6.6.6.6',
      want: { ip: '198.51.100.9', hops: 1 },
    },
    {
      title: 'Bun: requestIP() is null (oven-sh/bun#22969): no peer',
      runtime: { name: 'bun', bun: { server: { requestIP: () => null } } },
      ip: '6.6.6.6',
      want: { source: 'socket', hops: 0, reason: 'no-peer' },
    },
    {
      title: 'Bun: the socket peer, untrusted, with its port',
      runtime: {
        name: 'bun',
        bun: { server: { requestIP: () => ({ address: '203.0.113.7', port: 5000 }) } },
      },
      ip: '6.6.6.6',
      want: { ip: '203.0.113.7', port: 5000, source: 'socket', reason: 'untrusted' },
    },
    {
      title: 'another runtime (Workers: CF-Connecting-IP): request.ip',
      runtime: { name: 'cloudflare' },
      ip: '10.0.0.1',
      want: { ip: '198.51.100.9', hops: 1 },
    },
  ])('$title', async ({ runtime, ip, want }) => {
    const app = new H3();
    app.use(realIp(chain));
    app.get('/', (event) => ({ realIp: event.context.realIp }));
    const request = new Request('http://app.test/', {
      headers: { 'x-forwarded-for': '198.51.100.9' },
    });
    Object.defineProperties(request, { runtime: { value: runtime }, ip: { value: ip } });
    const body = (await (await app.fetch(request)).json()) as { realIp: unknown };
    expect(body.realIp).toMatchObject(want);
  });
});

describe('getClientIp without realIp()', () => {
  test('throws, naming the package and the fix, instead of passing for "no peer"', () => {
    const event = new H3Event(new Request('http://app.test/'));
    expect(() => getClientIp(event)).toThrow(
      /^@realip\/h3: getClientIp\(event\) found no event\.context\.realIp\. Add app\.use\(realIp/,
    );
  });
});

describe('bad options fail at setup, naming the package', () => {
  test.each([
    [{ trust: '10.0.0.0/33' }, 'ERR_REALIP_INVALID_TRUST', 'trust'],
    [{ trustProxy: 'loopback' }, 'ERR_REALIP_UNKNOWN_OPTION', 'trustProxy'],
    [{ xForwardedFor: true }, 'ERR_REALIP_UNKNOWN_OPTION', 'xForwardedFor'],
    [{ override: 1 }, 'ERR_REALIP_INVALID_OPTION', 'override'],
    [['loopback'], 'ERR_REALIP_INVALID_OPTION', 'options'],
  ])('%j', (options, code, option) => {
    let error: unknown;
    try {
      realIp(options as RealIpH3Options);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RealIpConfigError);
    expect(error).toMatchObject({ code, option, package: '@realip/h3' });
    expect((error as Error).message).toMatch(/^@realip\/h3: /);
  });
});
