/**
 * How each library is called, prepared once per case exactly as an application would: trust is
 * compiled before the first request (`createResolver`, `proxyaddr.compile`), then `run()` is one
 * request's work. `run()` returns what the library returns (our whole result object, so nothing
 * it allocates can be optimised away), and `answer()` reads the client address out of it.
 */
import type { IncomingMessage } from 'node:http';
import fastifyProxyAddr from '@fastify/proxy-addr';
import parseForwarded from 'forwarded-parse';
import proxyaddr from 'proxy-addr';
import requestIp from 'request-ip';
import { createResolver, type ClientAddress, type RealIpOptions } from '@realip/core';
import type { BenchCase, PeerName } from './cases.js';
import { forwardedClient } from './forwarded-walk.js';

/** Our resolver's name in tables and results. */
export const OURS = '@realip/core';

/** Every library name, ours first. */
export type LibraryName = typeof OURS | PeerName;

/** One library ready to serve one case's request. */
export interface Prepared {
  /** One request's work. */
  readonly run: () => unknown;
  /** The client address in `run()`'s output; absent when the library does not produce one. */
  readonly answer?: (out: unknown) => string | undefined;
}

type TrustFn = (address: string, hop: number) => boolean;

/**
 * Our options as the proxy-addr family takes them. `hops: n` becomes Express's numeric
 * `trust proxy` (`i < n`), which does not check the peer: the hop cases use a trusted peer, where
 * both agree.
 */
function peerTrust(options: RealIpOptions, compile: (val: string[]) => TrustFn): TrustFn {
  if (options.hops !== undefined) {
    const hops = options.hops;
    return (_address, i) => i < hops;
  }
  if (options.trust === true) return () => true;
  const trust = options.trust;
  if (typeof trust === 'string') return compile([trust]);
  if (Array.isArray(trust)) return compile([...(trust as readonly string[])]);
  throw new Error(`no proxy-addr equivalent for trust ${String(trust)}`);
}

const asMessage = (c: BenchCase) => c.request as unknown as IncomingMessage;
const asString = (out: unknown) => (typeof out === 'string' ? out : undefined);

const PREPARE: Record<LibraryName, (c: BenchCase) => Prepared> = {
  [OURS]: (c) => {
    const resolve = createResolver(c.options);
    return { run: () => resolve(c.request), answer: (out) => (out as ClientAddress).ip };
  },
  'proxy-addr': (c) => {
    const trust = peerTrust(c.options, (val) => proxyaddr.compile(val));
    const req = asMessage(c);
    return { run: () => proxyaddr(req, trust), answer: asString };
  },
  '@fastify/proxy-addr': (c) => {
    const trust = peerTrust(c.options, (val) => fastifyProxyAddr.compile(val));
    const req = asMessage(c);
    return { run: () => fastifyProxyAddr(req, trust), answer: asString };
  },
  'request-ip': (c) => ({ run: () => requestIp.getClientIp(c.request), answer: asString }),
  'forwarded-parse + walk': (c) => {
    const trust = peerTrust(c.options, (val) => proxyaddr.compile(val));
    const header = c.request.headers['forwarded'] ?? '';
    const peer = c.request.socket.remoteAddress;
    return { run: () => forwardedClient(header, peer, trust), answer: asString };
  },
  'forwarded-parse (parse only)': (c) => {
    const header = c.request.headers['forwarded'] ?? '';
    return { run: () => parseForwarded(header) };
  },
};

/** Ours and each applicable peer, prepared for case `c`, ours first. */
export function prepareCase(c: BenchCase): { name: LibraryName; prepared: Prepared }[] {
  const names: LibraryName[] = [OURS, ...c.peers];
  return names.map((name) => ({ name, prepared: PREPARE[name](c) }));
}
