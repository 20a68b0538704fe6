/**
 * The server-level apps: the same tiny app in three variants per framework, each answering with
 * the client address the framework reports (`req.ip`, `ctx.ip`, `request.ip`; Hono:
 * `getConnInfo(c).remote.address`):
 * - `bare`: no proxy handling at all (the framework reports the socket peer);
 * - `native`: the framework's own setting (Express `trust proxy`, Koa `proxy`, Fastify
 *   `trustProxy`, srvx's `trustProxy` under h3);
 * - `realip`: the framework plus our adapter (`realIp()`), which makes the framework report the
 *   resolved client.
 * Every variant reads the address the same way, so the only difference is who computes it.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import Fastify, { type FastifyPluginAsync } from 'fastify';
import { H3, getRequestIP, serve, type Middleware as H3Middleware } from 'h3';
import Koa, { type Middleware } from 'koa';
import { getRequestListener } from '@hono/node-server';
import { getConnInfo as nodeConnInfo } from '@hono/node-server/conninfo';
import { Hono, type MiddlewareHandler } from 'hono';
import type { GetConnInfo } from 'hono/conninfo';
import * as expressAdapter from '@realip/express';
import * as fastifyAdapter from '@realip/fastify';
import * as h3Adapter from '@realip/h3';
import * as honoAdapter from '@realip/hono';
import * as koaAdapter from '@realip/koa';
import type { RealIpOptions, TrustEntry } from '@realip/core';

export const FRAMEWORKS = ['express', 'koa', 'fastify', 'h3', 'hono'] as const;
export type Framework = (typeof FRAMEWORKS)[number];
/**
 * `bare`: no proxy handling; `empty`: one middleware (Fastify: `onRequest` hook) that does
 * nothing, the framework's own cost of any middleware; `native`: the framework's trust setting;
 * `realip`: our adapter.
 */
export const VARIANTS = ['bare', 'empty', 'native', 'realip'] as const;
export type Variant = (typeof VARIANTS)[number];

/** The variants a framework has: Hono has no proxy setting of its own, so no `native`. */
export function variantsOf(framework: Framework): readonly Variant[] {
  return framework === 'hono' ? VARIANTS.filter((v) => v !== 'native') : VARIANTS;
}

/** The proxies in front of the benchmarked server (the load generator is on loopback). */
export const TRUST: TrustEntry[] = ['loopback', '10.0.0.0/8'];
/** What a client behind two proxies looks like: the client, then the first proxy. */
export const REQUEST_HEADERS = { 'x-forwarded-for': '198.51.100.23, 10.0.0.2' };
/** The address each variant must answer. */
export const EXPECTED: Record<Variant, string> = {
  bare: '127.0.0.1',
  empty: '127.0.0.1',
  native: '198.51.100.23',
  realip: '198.51.100.23',
};

const ADAPTER_MODULES: Record<Framework, object> = {
  express: expressAdapter,
  koa: koaAdapter,
  fastify: fastifyAdapter,
  h3: h3Adapter,
  hono: honoAdapter,
};

/**
 * The adapter's `realIp` export, or undefined while the package does not export it yet (the
 * benchmark then skips the `realip` variant and says so).
 */
export function adapterOf(framework: Framework): unknown {
  const realIp = (ADAPTER_MODULES[framework] as Record<string, unknown>)['realIp'];
  return typeof realIp === 'function' ? realIp : undefined;
}

/** A listening app. */
export interface RunningApp {
  readonly url: string;
  close(): Promise<void>;
}

/** `server` once it listens (it was told to listen on an ephemeral loopback port). */
async function running(server: Server): Promise<RunningApp> {
  if (!server.listening) await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function requireAdapter(framework: Framework): unknown {
  const realIp = adapterOf(framework);
  if (realIp === undefined) throw new Error(`@realip/${framework} does not export realIp yet`);
  return realIp;
}

const options: RealIpOptions = { trust: TRUST };

async function startExpress(variant: Variant): Promise<RunningApp> {
  const app = express();
  if (variant === 'native') app.set('trust proxy', TRUST);
  if (variant === 'empty') app.use((_req, _res, next) => next());
  if (variant === 'realip') {
    const realIp = requireAdapter('express') as (o: RealIpOptions) => RequestHandler;
    app.use(realIp(options));
  }
  app.get('/', (req, res) => {
    res.send(req.ip);
  });
  return running(createServer(app).listen(0, '127.0.0.1'));
}

async function startKoa(variant: Variant): Promise<RunningApp> {
  // Koa cannot trust a set of proxies: `proxy: true` believes X-Forwarded-For from any peer.
  const app = new Koa(variant === 'native' ? { proxy: true } : {});
  if (variant === 'realip') {
    const realIp = requireAdapter('koa') as (o: RealIpOptions) => Middleware;
    app.use(realIp(options));
  }
  if (variant === 'empty') app.use((_ctx, next) => next());
  app.use((ctx) => {
    ctx.body = ctx.ip;
  });
  return running(app.listen(0, '127.0.0.1'));
}

async function startFastify(variant: Variant): Promise<RunningApp> {
  const app = Fastify(variant === 'native' ? { trustProxy: TRUST } : {});
  if (variant === 'realip') {
    await app.register(requireAdapter('fastify') as FastifyPluginAsync<RealIpOptions>, options);
  }
  if (variant === 'empty') app.addHook('onRequest', (_request, _reply, done) => done());
  app.get('/', (request) => Promise.resolve(request.ip));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => app.close() };
}

async function startH3(variant: Variant): Promise<RunningApp> {
  const app = new H3();
  if (variant === 'realip') {
    app.use((requireAdapter('h3') as (o: RealIpOptions) => H3Middleware)(options));
  }
  if (variant === 'empty') app.use(() => undefined);
  app.get('/', (event) => getRequestIP(event));
  // h3 v2 on Node is served by srvx. Its `trustProxy` takes exact addresses, not ranges: the
  // two proxies REQUEST_HEADERS comes through.
  const server = serve(app, {
    port: 0,
    hostname: '127.0.0.1',
    silent: true,
    gracefulShutdown: false,
    ...(variant === 'native' ? { trustProxy: ['127.0.0.1', '10.0.0.2'] } : {}),
  });
  await server.ready();
  return { url: server.url!, close: () => server.close(true) };
}

/** Hono on Node (@hono/node-server); its client is what a `GetConnInfo` reports. */
function startHono(variant: Variant): Promise<RunningApp> {
  const app = new Hono();
  let connInfo: GetConnInfo = nodeConnInfo; // the socket peer
  if (variant === 'empty') app.use((_c, next) => next());
  if (variant === 'realip') {
    app.use((requireAdapter('hono') as (o: RealIpOptions) => MiddlewareHandler)(options));
    connInfo = honoAdapter.getConnInfo;
  }
  app.get('/', (c) => c.text(connInfo(c).remote.address ?? ''));
  const listener = getRequestListener(app.fetch);
  return running(createServer((req, res) => void listener(req, res)).listen(0, '127.0.0.1'));
}

/** Starts one variant on an ephemeral loopback port. Throws if its adapter is not there yet. */
export function startApp(framework: Framework, variant: Variant): Promise<RunningApp> {
  if (framework === 'express') return startExpress(variant);
  if (framework === 'koa') return startKoa(variant);
  if (framework === 'h3') return startH3(variant);
  if (framework === 'hono') return startHono(variant);
  return startFastify(variant);
}
