import { RealIpConfigError } from '@realip/core';
import { getRequestListener } from '@hono/node-server';
import { getConnInfo as nodeServerConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import type { GetConnInfo } from 'hono/conninfo';
import { ipRestriction, type IPRestrictionRules } from 'hono/ip-restriction';
import { listen, send, type Listening } from '../../../test/helpers/http';
import { getConnInfo, realIp, type RealIpHonoOptions } from '../src/index';

/** Every server a test started, closed after the suite. */
const servers: Listening[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

/** Serves `app` on Node through @hono/node-server, on `host`. */
async function serve(
  app: { readonly fetch: Parameters<typeof getRequestListener>[0] },
  host = '127.0.0.1',
): Promise<Listening> {
  const server = await listen(getRequestListener(app.fetch), host);
  servers.push(server);
  return server;
}

describe('realIp() sets c.get("realIp")', () => {
  test('the client behind a trusted proxy, with the hops walked and why the walk stopped', async () => {
    const app = new Hono().use(realIp({ trust: '127.0.0.2' }));
    app.get('/', (c) => c.json({ realIp: c.get('realIp'), viaVar: c.var.realIp.ip }));
    const reply = await send(await serve(app), {
      from: '127.0.0.2',
      headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.9' },
    });
    expect(JSON.parse(reply.body)).toEqual({
      realIp: {
        ip: '198.51.100.9',
        family: 4,
        source: 'x-forwarded-for',
        hops: 1,
        reason: 'untrusted',
      },
      viaVar: '198.51.100.9',
    });
  });

  test('no runtime peer (app.request() without an env): no-peer, not a throw', async () => {
    const app = new Hono().use(realIp({ trust: true }));
    app.get('/', (c) => c.json({ realIp: c.get('realIp'), conn: getConnInfo(c) }));
    const res = await app.request('/', { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      realIp: { source: 'socket', hops: 0, reason: 'no-peer' },
      conn: { remote: {} },
    });
  });

  test('getConnInfo without realIp() before it fails loudly, naming the fix', async () => {
    const app = new Hono();
    app.get('/', (c) => c.json(getConnInfo(c)));
    app.onError((err, c) => c.text(err.message, 500));
    const res = await app.request('/');
    expect(res.status).toBe(500);
    expect(await res.text()).toMatch(/^@realip\/hono: .*app\.use\(realIp\(\{ trust \}\)\)/);
  });
});

describe('getConnInfo reports the client to ipRestriction', () => {
  const proxy = '127.0.0.2'; // the trusted proxy: a loopback address the client really binds
  const client = '127.0.0.1'; // a direct client, not trusted
  const allow: IPRestrictionRules = { allowList: ['203.0.113.0/24', '2001:db8::/32'] };
  const deny: IPRestrictionRules = { denyList: ['198.51.100.0/24'] };

  /** Status of one request from `from` through `realIp()` + `ipRestriction(conn, rules)`. */
  async function status(
    rules: IPRestrictionRules,
    from: string,
    xff: string | undefined,
    conn: GetConnInfo = getConnInfo,
  ) {
    const app = new Hono().use(realIp({ trust: [proxy, '::1'] }));
    app.use(ipRestriction(conn, rules));
    app.get('/', (c) => c.text('ok'));
    const server = await serve(app, from === '::1' ? '::1' : '127.0.0.1');
    const headers: Record<string, string> = xff === undefined ? {} : { 'x-forwarded-for': xff };
    return (await send(server, { from, headers })).status;
  }

  test.each([
    {
      title: 'allowed client behind the proxy',
      list: 'allow',
      from: proxy,
      xff: '203.0.113.7',
      expected: 200,
    },
    {
      title: 'other client behind the proxy',
      list: 'allow',
      from: proxy,
      xff: '198.51.100.9',
      expected: 403,
    },
    {
      title: 'allowed address prepended by the client',
      list: 'allow',
      from: proxy,
      xff: '203.0.113.7, 198.51.100.9',
      expected: 403,
    },
    {
      title: 'IPv6 client behind a ::1 proxy',
      list: 'allow',
      from: '::1',
      xff: '2001:db8::7',
      expected: 200,
    },
    {
      title: 'direct client, no header',
      list: 'allow',
      from: client,
      xff: undefined,
      expected: 403,
    },
    {
      title: 'direct client forging an allowed address',
      list: 'allow',
      from: client,
      xff: '203.0.113.7',
      expected: 403,
    },
    {
      title: 'denied client behind the proxy',
      list: 'deny',
      from: proxy,
      xff: '198.51.100.9',
      expected: 403,
    },
    {
      title: 'other client behind the proxy',
      list: 'deny',
      from: proxy,
      xff: '203.0.113.7',
      expected: 200,
    },
    {
      title: 'direct client, no header',
      list: 'deny',
      from: client,
      xff: undefined,
      expected: 200,
    },
    {
      title: 'direct client forging a denied address',
      list: 'deny',
      from: client,
      xff: '198.51.100.9',
      expected: 200,
    },
  ] as const)('$list: $title → $expected', async ({ list, from, xff, expected }) => {
    expect(await status(list === 'allow' ? allow : deny, from, xff)).toBe(expected);
  });

  test("Hono's own getConnInfo judges the proxy instead (why this one exists)", async () => {
    expect(await status(allow, proxy, '203.0.113.7', nodeServerConnInfo)).toBe(403);
    expect(await status(allow, proxy, '203.0.113.7')).toBe(200);
  });
});

describe('bad options fail at setup, naming the package', () => {
  test.each([
    [{ trust: '10.0.0.0/33' }, 'ERR_REALIP_INVALID_TRUST', 'trust'],
    [{ trustProxy: true }, 'ERR_REALIP_UNKNOWN_OPTION', 'trustProxy'],
    [{ hops: '2' }, 'ERR_REALIP_INVALID_OPTION', 'hops'],
    // Hono has no `ip` of its own to override: an adapter option that means nothing here.
    [{ override: false }, 'ERR_REALIP_UNKNOWN_OPTION', 'override'],
    ['loopback', 'ERR_REALIP_INVALID_OPTION', 'options'],
  ])('%j', (options, code, option) => {
    const setup = () => realIp(options as RealIpHonoOptions);
    expect(setup).toThrow(RealIpConfigError);
    expect(setup).toThrow(/^@realip\/hono: /);
    try {
      setup();
    } catch (err) {
      expect(err).toMatchObject({ code, package: '@realip/hono' });
      expect((err as RealIpConfigError).option).toMatch(option);
    }
  });
});
