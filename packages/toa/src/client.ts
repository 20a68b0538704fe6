/**
 * The layer-4 answer, in the core's terms. A PROXY header is one more hop: the trusted peer is hop
 * 0 and the header's source is hop 1, so `hops`, `reason` and trust functions read as they do for
 * an X-Forwarded-For walk of one entry.
 */
import { isTrusted, type CompiledTrust } from '@realip/core';
import type { Endpoint, Layer4Client, Layer4Status, ProxyHeader } from './types.js';

/**
 * Builds the answer for a connection whose peer is `peer` (trusted or not) and which sent
 * `header` (only ever read from trusted peers), or none.
 *
 * @example
 * ```ts
 * const peer = { ip: '127.0.0.1', family: 4, port: 5000 } as const;
 * layer4Client(compileTrust('loopback'), peer, true, undefined);
 * // → { ip: '127.0.0.1', source: 'socket', hops: 0, reason: 'exhausted',
 * //      status: 'toa-not-effective', peer, proxy: undefined, ... }
 * ```
 */
export function layer4Client(
  trust: CompiledTrust,
  peer: Endpoint | undefined,
  peerTrusted: boolean,
  header: ProxyHeader | undefined,
): Layer4Client {
  const source = header?.source;
  if (source !== undefined) {
    return make(
      source,
      'proxy-protocol',
      1,
      isTrusted(trust, source.ip, 1),
      'proxy-protocol',
      peer,
      header,
    );
  }
  const status: Layer4Status =
    header !== undefined ? 'proxy-local' : peerTrusted ? 'toa-not-effective' : 'direct';
  return make(peer, 'socket', 0, peerTrusted, status, peer, header);
}

function make(
  answer: Endpoint | undefined,
  source: Layer4Client['source'],
  hops: number,
  trusted: boolean,
  status: Layer4Status,
  peer: Endpoint | undefined,
  proxy: ProxyHeader | undefined,
): Layer4Client {
  return {
    ip: answer?.ip,
    family: answer?.family,
    port: answer?.port,
    source,
    hops,
    reason: answer === undefined ? 'no-peer' : trusted ? 'exhausted' : 'untrusted',
    protocol: undefined,
    host: undefined,
    status,
    peer,
    proxy,
  };
}
