/**
 * WebSocket handshakes get the client their HTTP requests get: `ws` (standalone, and on an
 * Express app's `http.Server`), a Koa server's `upgrade` path and `@fastify/websocket`, with real
 * `ws` clients over loopback. The upgrade request is an `IncomingMessage` like any other, so the
 * core's resolver (or, for Fastify, the plugin's hook, which @fastify/websocket runs) reads it the
 * same way; each server also answers an HTTP GET with the same options, and both answers must be
 * the table's (helpers/handshakes.ts). PROXY protocol servers are wrapped by acceptProxyProtocol
 * and reached through a relay that writes a v1 or v2 header before the upgrade.
 */
import fastifyWebsocket from '@fastify/websocket';
import { createResolver, type ClientAddress, type RealIpOptions } from '@realip/core';
import { realIp as expressRealIp } from '@realip/express';
import fastifyRealIp from '@realip/fastify';
import { realIp as koaRealIp } from '@realip/koa';
import { acceptProxyProtocol } from '@realip/toa';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import {
  answerOf,
  handshakeCases,
  proxyProtocolCases,
  proxyProtocolOptions,
  proxyRelay,
  type Answer,
} from './helpers/handshakes';
import { send } from './helpers/http';

/** A server answering its WebSocket handshakes (and, unless standalone, GET /) with the client. */
interface Served {
  readonly port: number;
  /** Whether GET / answers the adapter's result too. */
  readonly http: boolean;
  close(): Promise<void>;
}

/** Wraps the server before it listens (acceptProxyProtocol), or leaves it as is. */
type Wrap = (server: http.Server) => http.Server;

interface Integration {
  readonly name: string;
  /** Whether the server can be wrapped for the PROXY protocol (a standalone ws server cannot). */
  readonly wrappable: boolean;
  serve(options: RealIpOptions, host: string, wrap: Wrap): Promise<Served>;
}

/** Sends the client on every connection: `resolve(req)` with the upgrade request. */
function announce(wss: WebSocketServer, options: RealIpOptions): void {
  const resolve = createResolver(options);
  wss.on('connection', (ws, req) => ws.send(JSON.stringify(resolve(req))));
}

async function listen(server: http.Server, host: string, wss: WebSocketServer): Promise<Served> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    http: true,
    close: () => closeBoth(wss, server),
  };
}

async function closeBoth(wss: WebSocketServer, server?: http.Server): Promise<void> {
  for (const ws of wss.clients) ws.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  if (server) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const integrations: readonly Integration[] = [
  {
    name: 'ws, standalone',
    wrappable: false,
    async serve(options, host) {
      const wss = new WebSocketServer({ host, port: 0 });
      announce(wss, options);
      await new Promise<void>((resolve) => wss.once('listening', resolve));
      return {
        port: (wss.address() as AddressInfo).port,
        http: false,
        close: () => closeBoth(wss),
      };
    },
  },
  {
    name: 'ws on an Express http.Server',
    wrappable: true,
    serve(options, host, wrap) {
      const app = express();
      app.use(expressRealIp(options));
      app.get('/', (req, res) => res.json(req.realIp));
      const server = wrap(http.createServer(app));
      const wss = new WebSocketServer({ server });
      announce(wss, options);
      return listen(server, host, wss);
    },
  },
  {
    name: "a Koa server's upgrade event",
    wrappable: true,
    serve(options, host, wrap) {
      const app = new Koa();
      app.use(koaRealIp(options));
      app.use((ctx) => void (ctx.body = ctx.state.realIp));
      const handler = app.callback();
      const server = wrap(http.createServer((req, res) => void handler(req, res)));
      const wss = new WebSocketServer({ noServer: true });
      const resolve = createResolver(options);
      server.on('upgrade', (req: http.IncomingMessage, socket, head) => {
        const client = resolve(req);
        wss.handleUpgrade(req, socket, head, (ws) => ws.send(JSON.stringify(client)));
      });
      return listen(server, host, wss);
    },
  },
  {
    name: '@fastify/websocket',
    wrappable: true,
    async serve(options, host, wrap) {
      const app = Fastify();
      wrap(app.server);
      await app.register(fastifyRealIp, options);
      await app.register(fastifyWebsocket);
      app.route({
        method: 'GET',
        url: '/',
        handler: (request) => Promise.resolve(request.realIp),
        wsHandler: (socket, request) => socket.send(JSON.stringify(request.realIp)),
      });
      await app.listen({ port: 0, host });
      return {
        port: (app.server.address() as AddressInfo).port,
        http: true,
        close: () => app.close(),
      };
    },
  },
];

const url = (host: string, port: number) =>
  `ws://${host.includes(':') ? `[${host}]` : host}:${port}/`;

/** The first message of a handshake from `from` (or any address) with `headers`. */
function handshake(
  host: string,
  port: number,
  headers: Readonly<Record<string, string>>,
  from?: string,
): Promise<ClientAddress> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url(host, port), { headers, localAddress: from });
    ws.once('message', (data: Buffer) => {
      resolve(JSON.parse(data.toString('utf8')) as ClientAddress);
      ws.close();
    });
    ws.once('error', reject);
  });
}

async function overHttp(
  host: string,
  port: number,
  headers: Readonly<Record<string, string>>,
  from?: string,
): Promise<Answer> {
  const reply = await send({ host, port, close: () => Promise.resolve() }, { from, headers });
  expect(reply.status).toBe(200);
  return answerOf(JSON.parse(reply.body) as ClientAddress);
}

const noWrap: Wrap = (server) => server;

describe.each(integrations)('$name', (integration) => {
  test.each(handshakeCases)('$name', async ({ options, host, from, headers, expected }) => {
    const served = await integration.serve(options, host, noWrap);
    try {
      const client = await handshake(host, served.port, headers, from);
      expect(answerOf(client)).toEqual(expected);
      expect(typeof client.port).toBe(expected.source === 'socket' ? 'number' : 'undefined');
      if (served.http) expect(await overHttp(host, served.port, headers, from)).toEqual(expected);
    } finally {
      await served.close();
    }
  });

  // A standalone ws server creates and listens on its own http.Server: nothing to wrap.
  if (!integration.wrappable) return;
  test.each(proxyProtocolCases)(
    'through acceptProxyProtocol: $name',
    async ({ header, headers, expected }) => {
      const wrap: Wrap = (server) => acceptProxyProtocol(server, { trust: '127.0.0.1' });
      const served = await integration.serve(proxyProtocolOptions, '127.0.0.1', wrap);
      const relay = await proxyRelay({ host: '127.0.0.1', port: served.port }, header);
      try {
        expect(answerOf(await handshake('127.0.0.1', relay.port, headers))).toEqual(expected);
        expect(await overHttp('127.0.0.1', relay.port, headers)).toEqual(expected);
      } finally {
        await relay.close();
        await served.close();
      }
    },
  );
});
