/**
 * `@realip/socket.io`: `socket.handshake.address` is the real client behind the proxies you trust.
 *
 * @example
 * ```ts
 * import { Server } from 'socket.io';
 * import { realIp } from '@realip/socket.io';
 *
 * const io = new Server(3000);
 * io.use(realIp({ trust: 'loopback' }));
 * ```
 * @module
 */
export {
  realIp,
  type HandshakeSocket,
  type RealIpSocketData,
  type RealIpSocketIoOptions,
} from './middleware.js';
export {
  RealIpConfigError,
  clientKey,
  type ClientAddress,
  type ClientKeyOptions,
  type RealIpOptions,
} from '@realip/core';
