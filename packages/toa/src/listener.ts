/**
 * `toa()`: a `net` connection listener that finds each connection's real client before your
 * listener runs, from socket metadata (TOA) and, if enabled, a PROXY protocol header.
 */
import type { Socket } from 'node:net';
import { isTrusted } from '@realip/core';
import { layer4Client } from './client.js';
import { remember } from './connection-info.js';
import { readProxyHeader } from './header-reader.js';
import { compileToaOptions, optionError, type CompiledToaOptions } from './options.js';
import { captureEndpoint } from './socket-address.js';
import type { Layer4Client, ProxyHeader, RejectInfo, ToaOptions } from './types.js';

/** A connection listener that also receives the client. `this` is the server, as for `net`. */
export type ToaListener = (this: unknown, socket: Socket, client: Layer4Client) => void;

/**
 * Wraps a connection listener: `listener(socket, client)` runs once the client is known.
 *
 * - Untrusted peers are clients themselves (`status: 'direct'`); with a TOA module loaded this is
 *   the client the module restored. Their bytes are never parsed as a PROXY header.
 * - Trusted peers (your proxies): with `proxyProtocol: 'off'` (the default, for TOA) the answer is
 *   the peer with `status: 'toa-not-effective'`, since a working TOA module would have shown the
 *   client instead. With `'optional'` or `'required'`, a PROXY v1/v2 header is read first and the
 *   listener sees the stream from the first byte after it.
 * - `'required'` closes every connection that does not deliver a valid header from a trusted peer
 *   within `headerTimeout`; `onReject` says why. The listener never sees those connections.
 *
 * Throws {@link RealIpConfigError} for bad options; never throws for anything a peer sends.
 *
 * @example
 * ```ts
 * import net from 'node:net';
 * import { toa } from '@realip/toa';
 *
 * net
 *   .createServer(
 *     toa({ trust: '10.0.0.0/8', proxyProtocol: 'required' }, (socket, client) => {
 *       socket.end(`hello ${client.ip}\n`); // the client, not the load balancer
 *     }),
 *   )
 *   .listen(7000);
 * ```
 */
export function toa(
  options: ToaOptions | undefined,
  listener: ToaListener,
): (socket: Socket) => void {
  const compiled = compileToaOptions(options, 'off');
  if (typeof listener !== 'function') {
    throw optionError(
      'listener',
      listener,
      'must be a function',
      'Pass (socket, client) => { ... } as the second argument.',
    );
  }
  return connectionHandler(compiled, listener);
}

/**
 * The connection handler behind {@link toa} and {@link acceptProxyProtocol}.
 *
 * @example
 * ```ts
 * const options = compileToaOptions({ trust: 'loopback' }, 'off');
 * net.createServer(
 *   connectionHandler(options, (socket, client) => socket.end(client.status)),
 * ); // a loopback peer gets 'toa-not-effective': trusted, and no PROXY header is read
 * ```
 */
export function connectionHandler(
  options: CompiledToaOptions,
  listener: ToaListener,
): (socket: Socket) => void {
  return function onConnection(this: unknown, socket: Socket): void {
    const peer = captureEndpoint(socket);
    const trusted = peer !== undefined && isTrusted(options.trust, peer.ip, 0);
    const deliver = (header: ProxyHeader | undefined): void => {
      const client = layer4Client(options.trust, peer, trusted, header);
      remember(socket, client);
      listener.call(this, socket, client);
    };

    if (options.mode === 'off' || (options.mode === 'optional' && !trusted)) {
      deliver(undefined);
      return;
    }
    if (!trusted) {
      socket.destroy();
      report(options, {
        // No address: the peer reset the connection before Node handed it over (haproxy closes
        // its health checks that way). Nothing to trust or read; say so rather than "untrusted".
        reason: peer === undefined ? 'closed' : 'untrusted-peer',
        detail:
          peer === undefined
            ? 'the connection was closed before its peer address could be read'
            : `peer ${peer.ip} is not in trust; only trusted proxies may send PROXY headers`,
        peer,
        bytes: 0,
        error: undefined,
      });
      return;
    }
    readProxyHeader(
      socket,
      { mode: options.mode, timeout: options.headerTimeout, maxBytes: options.maxHeaderBytes },
      (outcome) => {
        if (outcome.ok) deliver(outcome.header);
        else {
          const { reason, detail, bytes, error } = outcome;
          report(options, { reason, detail, peer, bytes, error });
        }
      },
    );
  };
}

/** Tells `onReject`, after the connection was closed and everything of ours removed. */
function report(options: CompiledToaOptions, info: RejectInfo): void {
  options.onReject?.(info);
}
