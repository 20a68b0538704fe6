/** What this package found out about each connection, kept beside the socket. */
import type { Layer4Client } from './types.js';

const infos = new WeakMap<object, Layer4Client>();

/**
 * Records the answer for a socket (and, for TLS, its TLSSocket too).
 *
 * @example
 * ```ts
 * remember(socket, client);
 * getConnectionInfo(socket) === client; // → true
 * ```
 */
export function remember(socket: object, client: Layer4Client): void {
  infos.set(socket, client);
}

/**
 * The layer-4 answer recorded for a connection handled by {@link toa} or a server wrapped with
 * {@link acceptProxyProtocol}: pass the socket (raw or TLS) or a request whose `socket` it is.
 * Its `peer` is the proxy's own address, which the socket no longer reports once a PROXY header
 * named the client. `undefined` for connections this package has not seen.
 *
 * @example
 * ```ts
 * app.get('/', (req, res) => {
 *   const info = getConnectionInfo(req);
 *   res.json({ client: req.socket.remoteAddress, proxy: info?.peer?.ip, via: info?.status });
 * });
 * ```
 */
export function getConnectionInfo(target: object): Layer4Client | undefined {
  const direct = infos.get(target);
  if (direct !== undefined || !('socket' in target)) return direct;
  const socket: unknown = target.socket;
  return typeof socket === 'object' && socket !== null ? infos.get(socket) : undefined;
}
