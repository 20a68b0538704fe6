/**
 * `@realip/core/adapter`: the plumbing every framework adapter shares, so that `@realip/express`,
 * `@realip/koa` and `@realip/fastify` stay thin translations of framework shapes (and anyone can
 * write one for another framework): options with the adapter's package name in errors, the
 * per-request capture of the peer, and the accessors that take over a framework's `ip`, `ips`,
 * `protocol` and `host` (overrides.ts).
 *
 * @example
 * ```ts
 * import { captureInput, createAdapter, setOwn } from '@realip/core/adapter';
 *
 * const { resolve, override } = createAdapter('my-adapter', { trust: 'loopback' });
 * server.on('request', (req) => {
 *   const result = resolve(captureInput(req));
 *   if (override) setOwn(req, 'clientIp', result.ip);
 * });
 * ```
 * @module
 */
import { RealIpConfigError } from './errors.js';
import { checkOptionKeys } from './option-keys.js';
import { OPTION_ALIASES, OPTION_NAMES } from './options.js';
import { createResolver } from './resolver.js';
export { checkOptionKeys };
export {
  bunPeer,
  denoPeer,
  onWorkerd,
  workerdPeer,
  type BunServerLike,
  type DenoServeInfoLike,
  type Peer,
} from './web-peer.js';
import type { RealIpOptions, ResolveInput, Resolver } from './types.js';
export {
  RequestState,
  connectionProtocol,
  hasOverrides,
  installOverrides,
  overrideAccessors,
  setOwn,
  type OverrideAccessor,
  type OverrideAccessors,
  type OverrideName,
  type Overrides,
} from './overrides.js';

/** An adapter's options: the core's, plus `override`. */
export interface AdapterOptions extends RealIpOptions {
  /**
   * Make the framework's own `ip` and `ips` (and `protocol` / `host` when those options ask for
   * them) report the resolved client. `false` leaves them alone and only adds the structured
   * result (`req.realIp`, `ctx.state.realIp`, `request.realIp`).
   * @defaultValue `true`
   */
  override?: boolean;
}

/** What an adapter needs per request, compiled once at setup. */
export interface Adapter {
  readonly resolve: Resolver;
  readonly override: boolean;
  /** Whether the `protocol` option is on (so the framework's protocol should follow the hop). */
  readonly protocol: boolean;
  /** Whether the `host` option is on. */
  readonly host: boolean;
}

/**
 * Validates an adapter's options once, at setup. Errors are the core's `RealIpConfigError`,
 * reported under `pkg` so the message names the package the user configured.
 *
 * @example
 * ```ts
 * const { resolve, override } = createAdapter('@realip/express', options);
 * ```
 */
export function createAdapter(pkg: string, options: AdapterOptions | undefined): Adapter {
  // Own properties only, and `override` among the names an unknown option's message lists.
  const { override = true, ...core } = checkOptionKeys(
    options,
    [...OPTION_NAMES, 'override'],
    OPTION_ALIASES,
    '{ trust: "loopback" }',
    pkg,
  );
  const resolve = createPackageResolver(pkg, core);
  if (typeof override !== 'boolean') {
    throw new RealIpConfigError(
      'ERR_REALIP_INVALID_OPTION',
      'override',
      override,
      'must be a boolean',
      "Use true (the default) to make the framework's ip report the client, or false to only add realIp.",
      pkg,
    );
  }
  return {
    resolve,
    override,
    protocol: resolve.options.protocol !== false,
    host: resolve.options.host !== false,
  };
}

/**
 * The core's resolver, its configuration errors reported under `pkg`: for an adapter with
 * nothing of the framework's to override, so `override` is an unknown option there.
 *
 * @example
 * ```ts
 * const resolve = createPackageResolver('@realip/hono', { trust: 'loopback' });
 * ```
 */
export function createPackageResolver(pkg: string, options: RealIpOptions | undefined): Resolver {
  try {
    return createResolver(options);
  } catch (err) {
    throw err instanceof RealIpConfigError ? err.forPackage(pkg) : err;
  }
}

/** The parts of a Node request an adapter reads. */
export interface NodeRequestLike {
  readonly socket: {
    readonly remoteAddress?: string | undefined;
    readonly remotePort?: number | undefined;
  };
  readonly headers: ResolveInput['headers'];
}

/**
 * A snapshot of what the resolver reads, taken when the request arrives: a closed socket loses
 * its address (expressjs/express#4559), and a snapshot keeps the answer and later `ips` reads
 * consistent.
 *
 * @example
 * ```ts
 * const result = resolve(captureInput(req));
 * ```
 */
export function captureInput(req: NodeRequestLike): ResolveInput {
  const socket = req.socket;
  return {
    remoteAddress: socket.remoteAddress,
    remotePort: socket.remotePort,
    headers: req.headers,
  };
}
