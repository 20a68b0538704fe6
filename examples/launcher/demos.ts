/**
 * The demo servers `npm start` runs: the examples' apps, each served on a loopback port. The apps
 * themselves live in examples/express.ts, koa.ts, fastify.ts and tcp.ts (shared with the tests).
 */
import type { ClientAddress, RealIpOptions } from '@realip/core';
import http from 'node:http';
import type net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createExpressDemo } from '../express';
import { createFastifyDemo } from '../fastify';
import { createKoaDemo } from '../koa';
import { createEchoServer } from '../tcp';

/** Every demo listens here only: loopback is the one address this project may serve or call. */
export const HOST = '127.0.0.1';

/** A started demo. */
export interface Running {
  readonly port: number;
  /** Stops accepting, closes idle keep-alive connections, resolves once all are gone. */
  close(): Promise<void>;
}

/** One demo server. */
export interface Demo {
  readonly name: string;
  /** `http` demos are curled; `tcp` ones are spoken to with nc. */
  readonly kind: 'http' | 'tcp';
  start(
    port: number,
    options: RealIpOptions,
    onClient: (client: ClientAddress) => void,
  ): Promise<Running>;
}

export const demos: readonly Demo[] = [
  {
    name: 'express',
    kind: 'http',
    start: (port, options, onClient) => serve(createExpressDemo(options, onClient), port),
  },
  {
    name: 'koa',
    kind: 'http',
    start: (port, options, onClient) => serve(createKoaDemo(options, onClient).callback(), port),
  },
  {
    name: 'fastify',
    kind: 'http',
    async start(port, options, onClient) {
      const app = await createFastifyDemo(options, onClient);
      await app.listen({ port, host: HOST });
      return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
    },
  },
  {
    name: 'tcp',
    kind: 'tcp',
    start(port, options, onClient) {
      // PROXY headers are read from the trusted peers (loopback, by default) when they send one.
      const server = createEchoServer(
        {
          ...(options.trust === undefined ? {} : { trust: options.trust }),
          proxyProtocol: 'optional',
        },
        onClient,
      );
      const open = new Set<net.Socket>();
      server.on('connection', (socket: net.Socket) => {
        open.add(socket);
        socket.once('close', () => open.delete(socket));
      });
      // An nc left open would hold the server forever: on stop, drop what is still connected.
      return listen(server, port, () => open.forEach((socket) => socket.destroy()));
    },
  },
];

/** A Node request handler: an Express app, Koa's `callback()`. */
type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

/** Serves a Node request handler on {@link HOST}. */
function serve(handler: Handler, port: number): Promise<Running> {
  // Since Node 19, close() also ends idle keep-alive connections; busy ones end after their reply.
  return listen(
    http.createServer((req, res) => void handler(req, res)),
    port,
    () => {},
  );
}

/** Listens on {@link HOST}; `close` stops accepting, runs `drop`, and waits for the rest. */
function listen(server: net.Server, port: number, drop: () => void): Promise<Running> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            drop();
          }),
      });
    });
  });
}
