/**
 * The conformance suite: every shared vector through the bare core and through Express, Koa,
 * Fastify, NestJS and Hono over real HTTP (Hono on Bun, Deno and workerd: runtimes.test.ts).
 * All must give the same `ClientAddress`, because all call the same core.
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

const cores = new Map<RealIpOptions, ReturnType<typeof createResolver>>();

describe.each(vectors.map((v) => [v.id, v] as const))('%s', (_id, v) => {
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
