/**
 * The client as the socket reports it. With a TOA kernel module loaded, `getpeername()` (and so
 * `remoteAddress`) already returns the client carried in the TCP option; without one it is the
 * machine that connected, which may be your proxy.
 */
import type { ClientAddress } from '@realip/core';
import { canonicalIp } from '@realip/core';
import type { Endpoint } from './types.js';

/** What a socket exposes; `net.Socket` and `tls.TLSSocket` both fit. */
export interface SocketLike {
  readonly remoteAddress?: string | undefined;
  readonly remotePort?: number | undefined;
}

const captured = new WeakMap<object, ClientAddress>();

/**
 * The client of a socket from its metadata (`remoteAddress`, `remotePort`), canonical like the
 * core's answers: exactly what `createResolver({ trust: false })` answers for this socket, with
 * `source: 'socket'`, `hops: 0` and `reason: 'untrusted'` (or `'no-peer'` with `ip: undefined`
 * when the socket has no address and port: Unix sockets, or a connection reset before it was read).
 *
 * The first call captures the answer and later calls return it, so a socket that has closed since
 * (when Node can no longer ask the kernel) still reports its client. Call it in your connection
 * listener.
 *
 * @example
 * ```ts
 * net.createServer((socket) => {
 *   const client = socketAddress(socket); // { ip: '203.0.113.7', family: 4, port: 51234, ... }
 *   socket.on('close', () => log(socketAddress(socket).ip)); // still known after close
 * });
 * ```
 */
export function socketAddress(socket: SocketLike): ClientAddress {
  let answer = captured.get(socket);
  if (answer === undefined) {
    answer = toClientAddress(readEndpoint(socket));
    captured.set(socket, answer);
  }
  return answer;
}

/**
 * Captures the socket's answer (see {@link socketAddress}) and returns its address and port.
 *
 * @example
 * ```ts
 * captureEndpoint({ remoteAddress: '::ffff:203.0.113.7', remotePort: 51234 });
 * // → { ip: '203.0.113.7', family: 4, port: 51234 }
 * captureEndpoint({}); // → undefined (socketAddress of it is reason 'no-peer')
 * ```
 */
export function captureEndpoint(socket: SocketLike): Endpoint | undefined {
  const { ip, family, port } = socketAddress(socket);
  return ip === undefined ? undefined : { ip, family: family!, port: port! };
}

/**
 * Replaces the captured answer, after the socket's reported address was changed on purpose.
 *
 * @example
 * ```ts
 * const socket = { remoteAddress: '10.0.0.2', remotePort: 4000 };
 * socketAddress(socket).ip; // → '10.0.0.2'
 * recaptureSocketAddress(socket, { ip: '198.51.100.9', family: 4, port: 5000 });
 * socketAddress(socket).ip; // → '198.51.100.9'
 * ```
 */
export function recaptureSocketAddress(socket: object, endpoint: Endpoint | undefined): void {
  captured.set(socket, toClientAddress(endpoint));
}

/**
 * The socket's peer right now, canonical, or `undefined`. Never throws.
 *
 * @example
 * ```ts
 * readEndpoint({ remoteAddress: '::ffff:10.0.0.1', remotePort: 443 });
 * // → { ip: '10.0.0.1', family: 4, port: 443 }
 * readEndpoint({}); // → undefined
 * ```
 */
function readEndpoint(socket: SocketLike): Endpoint | undefined {
  let address: unknown;
  let port: unknown;
  try {
    address = socket.remoteAddress;
    port = socket.remotePort;
  } catch {
    return undefined; // a getter on a half-torn-down socket; treat as unknown
  }
  if (typeof address !== 'string' || !isPort(port)) return undefined;
  const ip = canonicalIp(address);
  if (ip === undefined) return undefined;
  return { ip, family: ip.includes(':') ? 6 : 4, port };
}

function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffff;
}

function toClientAddress(endpoint: Endpoint | undefined): ClientAddress {
  return {
    ip: endpoint?.ip,
    family: endpoint?.family,
    port: endpoint?.port,
    source: 'socket',
    hops: 0,
    reason: endpoint === undefined ? 'no-peer' : 'untrusted',
    protocol: undefined,
    host: undefined,
  };
}
