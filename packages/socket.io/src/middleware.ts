import type { ClientAddress } from '@realip/core';
import { createAdapter, type AdapterOptions } from '@realip/core/adapter';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Options of {@link realIp}: every option of `@realip/core`, plus `override` (make
 * `socket.handshake.address` the resolved client; default `true`).
 */
export type RealIpSocketIoOptions = AdapterOptions;

/** Socket.IO's per-socket `data`, with what {@link realIp} stores there. */
export interface RealIpSocketData {
  /** The client resolved by `@realip/socket.io`: address, port, source, hops and why the walk stopped. */
  realIp: ClientAddress;
}

/**
 * The parts of a Socket.IO server-side `Socket` the middleware reads and writes: structural, so it
 * fits every `Server<...>` typing and the package needs no runtime import of socket.io.
 */
export interface HandshakeSocket {
  /** The Engine.IO connection; its `remoteAddress` is the peer of the handshake request. */
  readonly conn: { readonly remoteAddress: string };
  /** The handshake request (the first polling request, or the WebSocket upgrade). */
  readonly request: { readonly socket?: { readonly remotePort?: number | undefined } | null };
  readonly handshake: { address: string; readonly headers: IncomingHttpHeaders };
  readonly data: unknown;
}

/**
 * Socket.IO 4 middleware for `io.use(...)` (or a namespace's `use`): resolves the client of the
 * handshake once, when the socket connects, with the same walk and options as the HTTP adapters,
 * so a socket gets the answer its HTTP requests get.
 *
 * - `socket.data.realIp`: the structured answer of `@realip/core` (`ip`, `port`, `source`, `hops`,
 *   `reason`, ...); Socket.IO's `data` travels with `fetchSockets()` across a cluster.
 * - `socket.handshake.address`: the resolved client's address (unless `override: false`),
 *   instead of the proxy's, so code that logs or limits by it sees the client.
 *
 * It reads the peer Engine.IO recorded at the handshake (`socket.conn.remoteAddress`, which a
 * server wrapped by `@realip/toa`'s `acceptProxyProtocol` reports as the PROXY protocol client)
 * and the handshake request's headers, never a header the client sends later. Bad options throw a
 * `RealIpConfigError` here, at setup.
 *
 * @param options the core's options (`trust`, `hops`, `header`, ...) and `override`.
 * @returns the middleware.
 * @example
 * ```ts
 * import { Server } from 'socket.io';
 * import { realIp } from '@realip/socket.io';
 *
 * const io = new Server(httpServer);
 * io.use(realIp({ trust: ['loopback', '10.0.0.0/8'] }));
 * io.on('connection', (socket) => console.log(socket.handshake.address, socket.data.realIp.reason));
 * ```
 */
export function realIp(
  options?: RealIpSocketIoOptions,
): <S extends HandshakeSocket>(socket: S, next: () => void) => void {
  const { resolve, override } = createAdapter('@realip/socket.io', options);
  return function realIp(socket, next) {
    const handshake = socket.handshake;
    const result = resolve({
      remoteAddress: socket.conn.remoteAddress,
      remotePort: socket.request.socket?.remotePort,
      headers: handshake.headers,
    });
    (socket.data as RealIpSocketData).realIp = result;
    if (override && result.ip !== undefined) handshake.address = result.ip;
    next();
  };
}
