import type { ResolveInput } from '@realip/core';
import { bunPeer, captureInput, denoPeer, type Peer } from '@realip/core/adapter';
import type { H3Event } from 'h3';

/**
 * What the resolver reads for one h3 event: the connection's own peer, as each runtime exposes it
 * under srvx, and the request headers. Never `event.req.ip` where the runtime offers the
 * connection itself: srvx rewrites `ip` from `X-Forwarded-For` when its `trustProxy` option is
 * on, and a walked answer must not be walked again.
 *
 * - Node: the `IncomingMessage` (`event.runtime.node.req`), read like every Node adapter reads it.
 * - Deno and Bun: the core's `denoPeer` / `bunPeer`, the readers `@realip/hono` uses too (a Unix
 *   socket, or Bun's `null` `requestIP`, oven-sh/bun#22969, is no peer).
 * - Elsewhere (Cloudflare Workers, service workers, `app.fetch()` in a test): `event.req.ip`, the
 *   runtime's own word for the peer, or none. On Workers srvx takes it from `CF-Connecting-IP`,
 *   which the platform sets: a Worker has no socket, Cloudflare is its only peer.
 *
 * A missing peer is `remoteAddress: undefined`, which the resolver answers with `reason: 'no-peer'`.
 *
 * @example
 * ```ts
 * const result = resolve(requestInput(event));
 * ```
 */
export function requestInput(event: H3Event): ResolveInput {
  const { req, runtime } = event;
  const node = runtime?.node?.req;
  if (node !== undefined) return captureInput(node);
  return { ...runtimePeer(req, runtime), headers: req.headers };
}

/** The peer of a request a runtime other than Node serves; see {@link requestInput}. */
function runtimePeer(req: H3Event['req'], runtime: H3Event['runtime']): Peer {
  const deno = runtime?.deno?.info;
  if (deno !== undefined) return denoPeer(deno);
  const bun = runtime?.bun?.server;
  if (bun !== undefined) return bunPeer(bun, req);
  return { remoteAddress: req.ip, remotePort: undefined };
}
