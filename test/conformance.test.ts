/**
 * The conformance suite: every shared vector through the bare core and through Express, Koa and
 * Fastify over real HTTP. All must give the same `ClientAddress`, because all call the same core.
 *
 * Over HTTP, a loopback peer (127.0.0.0/8, ::1) is genuine: the client binds that source address.
 * Any other peer cannot connect to us, so the server wrapper presents it from a test-only header
 * (helpers/http.ts). Repeated header lines travel as separate lines. When the answer is the
 * socket peer, its port is the connection's real port: the client's local port.
 */
import { createResolver, type ClientAddress, type RealIpOptions } from '@realip/core';
import { adapters, type Adapter, type BuiltApp } from './helpers/adapters';
import { listen, send, PEER_HEADER, type Listening } from './helpers/http';
import { vectors, type Vector } from './vectors';

/** Peers a client on this machine can really connect from. */
function isLoopback(peer: string): boolean {
  return peer === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(peer);
}

/** One adapter's app for one options object, and its servers by host (127.0.0.1, ::1). */
interface Served {
  readonly adapter: Adapter;
  readonly options: RealIpOptions;
  readonly app: Promise<BuiltApp>;
  readonly servers: Map<string, Promise<Listening>>;
}
const served: Served[] = [];

function serverFor(adapter: Adapter, options: RealIpOptions, host: string): Promise<Listening> {
  let entry = served.find((s) => s.adapter === adapter && s.options === options);
  if (!entry) {
    entry = { adapter, options, app: adapter.build(options), servers: new Map() };
    served.push(entry);
  }
  let server = entry.servers.get(host);
  if (!server) {
    server = entry.app.then(({ handler }) => listen(handler, host));
    entry.servers.set(host, server);
  }
  return server;
}

afterAll(async () => {
  for (const { app, servers } of served) {
    for (const server of servers.values()) await (await server).close();
    await (await app).close();
  }
});

/** A result as it travels in JSON: `undefined` fields are absent. */
function asJson(result: ClientAddress): unknown {
  return JSON.parse(JSON.stringify(result));
}

async function overHttp(adapter: Adapter, v: Vector) {
  if (v.peer === undefined) throw new Error(`${v.id}: an unknown peer must be marked coreOnly`);
  const genuine = isLoopback(v.peer);
  const host = genuine && v.peer === '::1' ? '::1' : '127.0.0.1';
  const server = await serverFor(adapter, v.options, host);
  const reply = await send(server, {
    from: genuine ? v.peer : undefined,
    headers: genuine ? v.headers : { ...v.headers, [PEER_HEADER]: v.peer },
  });
  expect(reply.status).toBe(200);
  const body = JSON.parse(reply.body) as { realIp: ClientAddress; ip?: string };
  return { body, localPort: reply.localPort };
}

// TEMPORARY, until the shared vectors are merged: a few local vectors to develop against.
const XFF = 'x-forwarded-for';
const cidr10: RealIpOptions = { trust: ['loopback', '10.0.0.0/8'] };
const local: Vector[] = [
  {
    id: 'local-genuine-v4',
    title: 'a genuine loopback peer, untrusted',
    peer: '127.0.0.2',
    headers: { [XFF]: '1.1.1.1' },
    options: { trust: '127.0.0.1' },
    expected: {
      ip: '127.0.0.2',
      family: 4,
      port: undefined,
      source: 'socket',
      hops: 0,
      reason: 'untrusted',
      protocol: undefined,
      host: undefined,
    },
  },
  {
    id: 'local-genuine-v6',
    title: 'a genuine ::1 peer, trusted',
    peer: '::1',
    headers: { [XFF]: '2001:DB8::1' },
    options: cidr10,
    expected: {
      ip: '2001:db8::1',
      family: 6,
      port: undefined,
      source: XFF,
      hops: 1,
      reason: 'untrusted',
      protocol: undefined,
      host: undefined,
    },
  },
  {
    id: 'local-injected-lines',
    title: 'an injected peer, two header lines',
    peer: '10.0.0.2',
    headers: { [XFF]: ['6.6.6.6', '198.51.100.9:4711, 10.0.0.1'] },
    options: cidr10,
    expected: {
      ip: '198.51.100.9',
      family: 4,
      port: 4711,
      source: XFF,
      hops: 2,
      reason: 'untrusted',
      protocol: undefined,
      host: undefined,
    },
  },
  {
    id: 'local-proto-host',
    title: 'protocol and host from the same hop',
    peer: '10.0.0.1',
    headers: { forwarded: 'for=198.51.100.9;proto=https;host=shop.example' },
    options: { trust: '10.0.0.0/8', header: 'forwarded', protocol: true, host: true },
    expected: {
      ip: '198.51.100.9',
      family: 4,
      port: undefined,
      source: 'forwarded',
      hops: 1,
      reason: 'untrusted',
      protocol: 'https',
      host: 'shop.example',
    },
  },
  {
    id: 'local-socket-exhausted',
    title: 'a trusted injected peer, no header',
    peer: '::ffff:10.0.0.1',
    headers: {},
    options: cidr10,
    expected: {
      ip: '10.0.0.1',
      family: 4,
      port: undefined,
      source: 'socket',
      hops: 0,
      reason: 'exhausted',
      protocol: undefined,
      host: undefined,
    },
  },
  {
    id: 'local-no-peer',
    title: 'an unknown peer',
    peer: undefined,
    headers: { [XFF]: '1.1.1.1' },
    options: { trust: true },
    expected: {
      ip: undefined,
      family: undefined,
      port: undefined,
      source: 'socket',
      hops: 0,
      reason: 'no-peer',
      protocol: undefined,
      host: undefined,
    },
    coreOnly: 'an HTTP request always has a peer',
  },
];
const all = vectors.length > 0 ? vectors : local;

const cores = new Map<RealIpOptions, ReturnType<typeof createResolver>>();

describe.each(all.map((v) => [v.id, v] as const))('%s', (_id, v) => {
  test(`core: ${v.title}${v.coreOnly ? ` (core only: ${v.coreOnly})` : ''}`, () => {
    let resolve = cores.get(v.options);
    if (!resolve) cores.set(v.options, (resolve = createResolver(v.options)));
    expect(resolve({ remoteAddress: v.peer, headers: v.headers })).toStrictEqual(v.expected);
  });

  if (v.coreOnly !== undefined) return;
  test.each(adapters)('$name over HTTP', async (adapter) => {
    const { body, localPort } = await overHttp(adapter, v);
    if (v.expected.source === 'socket') {
      // The real connection's port, not the vector's (the core run has none).
      const { port, ...rest } = body.realIp;
      expect(port).toBe(localPort);
      expect(rest).toStrictEqual(asJson({ ...v.expected, port: undefined }));
    } else {
      expect(body.realIp).toStrictEqual(asJson(v.expected));
    }
    // The framework's own `ip` is the same client (Koa's `ip` is a string: '' when unknown).
    expect(body.ip).toBe(adapter.name === 'koa' ? (v.expected.ip ?? '') : v.expected.ip);
  });
});
