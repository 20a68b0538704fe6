/**
 * PROXY protocol for `http.Server` / `https.Server` (any `net.Server`): the client a trusted proxy
 * names becomes the socket's `remoteAddress`, which is where `@realip/core`, and so the Express,
 * Koa and Fastify adapters, start their walk. A request without forwarding headers then answers
 * the PROXY source; with them, the walk continues from it under the same trust rules.
 */
import { Server as NetServer, type Socket } from 'node:net';
import { Server as TlsServer, type TLSSocket } from 'node:tls';
import { getConnectionInfo, remember } from './connection-info.js';
import { connectionHandler } from './listener.js';
import { compileToaOptions, optionError } from './options.js';
import { recaptureSocketAddress } from './socket-address.js';
import type { Layer4Client, ToaOptions } from './types.js';

const wrapped = new WeakSet<NetServer>();

/**
 * Makes a server read a PROXY protocol header (v1 or v2) from its trusted proxies before anything
 * else sees the connection. `proxyProtocol` defaults to `'required'` here: every connection must
 * come from `trust` and start with a valid header, or it is closed (the spec forbids guessing on
 * a port open to others). Use `'optional'` while migrating proxies one by one.
 *
 * On success `socket.remoteAddress`, `remotePort` and `remoteFamily` report the client; the
 * proxy's own address stays available as `getConnectionInfo(req).peer`. For HTTPS the header
 * precedes the TLS handshake, and the TLS socket reports the client too.
 *
 * Call it once, before `listen()`: it takes over the server's `'connection'` listeners and runs
 * them after the header. Listeners added later see the connection before the header is read.
 *
 * @example
 * ```ts
 * import http from 'node:http';
 * import express from 'express';
 * import { acceptProxyProtocol } from '@realip/toa';
 *
 * const app = express();
 * app.get('/', (req, res) => res.send(req.socket.remoteAddress)); // the client haproxy saw
 * const server = acceptProxyProtocol(http.createServer(app), { trust: '10.0.0.0/8' });
 * server.listen(8080);
 * ```
 */
export function acceptProxyProtocol<S extends NetServer>(server: S, options?: ToaOptions): S {
  const compiled = compileToaOptions(options, 'required');
  if (!(server instanceof NetServer)) {
    throw optionError(
      'server',
      typeof server,
      'is not a net.Server',
      'Pass the server itself, e.g. acceptProxyProtocol(http.createServer(app), options).',
    );
  }
  if (wrapped.has(server)) {
    throw optionError(
      'server',
      'server',
      'already accepts the PROXY protocol',
      'Call acceptProxyProtocol once per server.',
    );
  }
  wrapped.add(server);

  // rawListeners keeps `once` wrappers, so such listeners still run only once.
  const listeners = server.rawListeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  server.on(
    'connection',
    connectionHandler(compiled, (socket, client) => {
      if (client.source === 'proxy-protocol') presentClient(socket, client);
      for (const listener of listeners) listener.call(server, socket);
    }),
  );

  if (server instanceof TlsServer) {
    // The TLS socket asks the kernel for its peer through the TCP handle, not through the raw
    // socket's properties, so it gets the same treatment once it exists. `_parent` is the raw
    // socket a server-side TLSSocket wraps (set by node:_tls_wrap since Node 0.11).
    server.prependListener('secureConnection', (tlsSocket: TLSSocket) => {
      const raw = (tlsSocket as TLSSocket & { _parent?: unknown })._parent;
      const client = typeof raw === 'object' && raw !== null ? getConnectionInfo(raw) : undefined;
      if (client === undefined) return;
      remember(tlsSocket, client);
      if (client.source === 'proxy-protocol') presentClient(tlsSocket, client);
    });
  }
  return server;
}

/**
 * Shadows the socket's peer getters with the client's address. Instance properties rather than
 * Node internals, so anything reading `remoteAddress` (proxy-addr, the core) sees the client.
 */
function presentClient(socket: Socket, client: Layer4Client): void {
  Object.defineProperties(socket, {
    remoteAddress: { value: client.ip, configurable: true, enumerable: true },
    remotePort: { value: client.port, configurable: true, enumerable: true },
    remoteFamily: {
      value: client.family === 6 ? 'IPv6' : 'IPv4',
      configurable: true,
      enumerable: true,
    },
  });
  recaptureSocketAddress(
    socket,
    client.ip === undefined
      ? undefined
      : { ip: client.ip, family: client.family!, port: client.port! },
  );
}
