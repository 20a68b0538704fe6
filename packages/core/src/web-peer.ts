/**
 * The socket peer of a web-standard `Request`, read the way each runtime exposes it. A `Request`
 * carries no connection: every runtime hands the peer to the fetch handler beside it, each in its
 * own shape, and some cannot name it at all. Each reader answers `{ remoteAddress: undefined }`
 * then, which the resolver reports as `reason: 'no-peer'`: never a throw, never a guess.
 *
 * Shared by the adapters of frameworks built on `Request` (`@realip/hono`, `@realip/h3`).
 */
import type { ResolveInput } from './types.js';

/** The socket peer, as the resolver reads it (`remoteAddress`, `remotePort`). */
export type Peer = Pick<ResolveInput, 'remoteAddress' | 'remotePort'>;

/** The peer when the runtime cannot name one. */
const NO_PEER: Peer = { remoteAddress: undefined, remotePort: undefined };

/** Bun's `Server` (the second argument of `fetch`): its `requestIP` may answer `null`. */
export interface BunServerLike {
  requestIP(request: Request): { readonly address: string; readonly port: number } | null;
}

/**
 * The peer Bun reports for `request` through `server.requestIP`. It is `null` for a request Bun
 * did not receive on a socket (a Unix socket, `server.fetch()`; oven-sh/bun#22969), and it
 * throws for a `Request` that is not the one Bun handed to `fetch`: both read as no peer.
 *
 * @example
 * ```ts
 * Bun.serve({ fetch: (request, server) => new Response(bunPeer(server, request).remoteAddress) });
 * ```
 */
export function bunPeer(server: BunServerLike, request: Request): Peer {
  let info: ReturnType<BunServerLike['requestIP']>;
  try {
    info = server.requestIP(request);
  } catch {
    return NO_PEER;
  }
  return info ? { remoteAddress: info.address, remotePort: info.port } : NO_PEER;
}

/** Deno's `ServeHandlerInfo` (the second argument of a `Deno.serve` handler). */
export interface DenoServeInfoLike {
  readonly remoteAddr?:
    { readonly transport?: string; readonly hostname?: string; readonly port?: number } | undefined;
}

/**
 * The peer Deno reports in `info.remoteAddr`: a TCP (or QUIC) address with `hostname` and
 * `port`; a Unix socket's (`transport: 'unix'`, a `path`) has none.
 *
 * @example
 * ```ts
 * Deno.serve((request, info) => new Response(denoPeer(info).remoteAddress));
 * ```
 */
export function denoPeer(info: DenoServeInfoLike): Peer {
  const addr = info.remoteAddr;
  if (addr === undefined || typeof addr.hostname !== 'string') return NO_PEER;
  return { remoteAddress: addr.hostname, remotePort: addr.port };
}

/**
 * Whether this code runs on Cloudflare's workerd (Workers, `wrangler dev`, miniflare), from the
 * runtime's own `navigator.userAgent`, which no request can change.
 *
 * @example
 * ```ts
 * if (onWorkerd()) console.log('the peer is CF-Connecting-IP');
 * ```
 */
export function onWorkerd(): boolean {
  return (
    (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent ===
    'Cloudflare-Workers'
  );
}

/**
 * The peer on Cloudflare Workers. A Worker has no socket: Cloudflare's edge accepted the
 * connection and tells the Worker who connected to it in `CF-Connecting-IP`, a header it sets
 * itself, replacing any value the client sent. So on workerd that header *is* the socket peer;
 * whether it is a proxy of yours (and the walk goes on into `X-Forwarded-For`) is decided by
 * `trust`, as for any peer. The port is not exposed. Call it only where {@link onWorkerd} holds:
 * anywhere else the header is whatever the client wrote.
 *
 * @example
 * ```ts
 * export default { fetch: (request) => new Response(workerdPeer(request.headers).remoteAddress) };
 * ```
 */
export function workerdPeer(headers: { get(name: string): string | null }): Peer {
  const address = headers.get('cf-connecting-ip');
  return address === null ? NO_PEER : { remoteAddress: address, remotePort: undefined };
}
