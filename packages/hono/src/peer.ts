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

/**
 * What the resolver reads for one Hono request: the socket peer where this runtime keeps it, and
 * the request's headers.
 *
 * - workerd first: there `c.env` holds the user's bindings, whose names prove nothing, and the
 *   peer is `CF-Connecting-IP`, set by Cloudflare's edge (see `workerdPeer`).
 * - Node (`@hono/node-server`): the `IncomingMessage` and its own headers object, so the request
 *   costs no `Headers` built from it.
 * - Bun: `server.requestIP(request)`; Deno: `info.remoteAddr`.
 * - Anything else: no peer (`reason: 'no-peer'`).
 *
 * @example
 * ```ts
 * const result = resolve(contextInput(c.env, c.req.raw));
 * ```
 */
export function contextInput(env: unknown, request: Request): ResolveInput {
  const headers = request.headers;
  if (onWorkerd()) return { ...workerdPeer(headers), headers };
  const bindings = env as RuntimeEnv;
  if (typeof bindings !== 'object' || bindings === null) return { headers };
  if ('incoming' in bindings && bindings.incoming) return captureInput(bindings.incoming);
  const server = 'server' in bindings && bindings.server ? bindings.server : bindings;
  if ('requestIP' in server && typeof server.requestIP === 'function')
    return { ...bunPeer(server as BunServerLike, request), headers };
  if ('remoteAddr' in bindings) return { ...denoPeer(bindings), headers };
  return { headers };
}
