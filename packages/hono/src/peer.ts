import type { ResolveInput } from '@realip/core';
import {
  bunPeer,
  captureInput,
  denoPeer,
  onWorkerd,
  workerdPeer,
  type BunServerLike,
  type DenoServeInfoLike,
  type NodeRequestLike,
} from '@realip/core/adapter';

/**
 * What Hono's `c.env` holds on each runtime: `@hono/node-server`'s bindings (`incoming`), Bun's
 * `Server` (or `{ server }`, as `hono/bun` accepts), Deno's `ServeHandlerInfo`, a Worker's
 * bindings, or nothing at all (`app.request()` in a test).
 */
type RuntimeEnv =
  | { readonly incoming?: NodeRequestLike }
  | { readonly server?: BunServerLike }
  | Partial<BunServerLike>
  | DenoServeInfoLike
  | null
  | undefined;

/** The runtime cannot change under a running process: asked once, at import, not per request. */
const ON_WORKERD = onWorkerd();

/**
 * What the resolver reads for one Hono request: the socket peer where this runtime keeps it, and
 * the request's headers.
 *
 * - workerd first: there `c.env` holds the user's bindings, whose names prove nothing, and the
 *   peer is `CF-Connecting-IP`, set by Cloudflare's edge (see `workerdPeer`).
 * - Node (`@hono/node-server`): the `IncomingMessage` and Node's own `req.headers` (which
 *   `@hono/node-server` builds anyway, for `Host`), so the request costs no `Headers` object.
 * - Bun: `server.requestIP(request)`; Deno: `info.remoteAddr`.
 * - Anything else: no peer (`reason: 'no-peer'`).
 *
 * @example
 * ```ts
 * const result = resolve(contextInput(c));
 * ```
 */
export function contextInput(c: HonoContextLike): ResolveInput {
  // `c.req` only where the peer or the headers come from the web `Request`: on Node the first
  // `c.req` of a request builds Hono's `HonoRequest`, which the peer does not need.
  if (ON_WORKERD) return { ...workerdPeer(c.req.raw.headers), headers: c.req.raw.headers };
  const bindings = c.env as RuntimeEnv;
  // Before `request.headers`: on @hono/node-server, reading them builds a `Headers` object.
  if (typeof bindings === 'object' && bindings !== null) {
    if ('incoming' in bindings && bindings.incoming) return captureInput(bindings.incoming);
    const server = 'server' in bindings && bindings.server ? bindings.server : bindings;
    if ('requestIP' in server && typeof server.requestIP === 'function')
      return { ...bunPeer(server as BunServerLike, c.req.raw), headers: c.req.raw.headers };
    if ('remoteAddr' in bindings) return { ...denoPeer(bindings), headers: c.req.raw.headers };
  }
  return { headers: c.req.raw.headers };
}

/** What {@link contextInput} reads of Hono's `Context`: its bindings and the web `Request`. */
export interface HonoContextLike {
  readonly env: unknown;
  readonly req: { readonly raw: Request };
}
