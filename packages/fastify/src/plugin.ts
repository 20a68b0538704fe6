import { RealIpConfigError, type ClientAddress } from '@realip/core';
import {
  RequestState,
  createAdapter,
  overrideAccessors,
  type AdapterOptions,
  type Adapter,
  type OverrideAccessors,
  type OverrideName,
  type Overrides,
} from '@realip/core/adapter';
import type { FastifyPluginCallback, FastifyRequest, RawRequestDefaultExpression } from 'fastify';
import fp from 'fastify-plugin';

const PACKAGE = '@realip/fastify';

/** Options of {@link realIp}: every option of `@realip/core`, plus `override`. */
export type RealIpFastifyOptions = AdapterOptions;

/** Options Fastify itself reads from `register(plugin, options)`; they are not ours to validate. */
const REGISTER_OPTIONS = ['prefix', 'logLevel', 'logSerializers'];

declare module 'fastify' {
  interface FastifyRequest {
    /** The client resolved by `@realip/fastify`: address, port, source, hops and why the walk stopped. */
    readonly realIp: ClientAddress;
  }
}

const register: FastifyPluginCallback<RealIpFastifyOptions> = (fastify, options, done) => {
  // A second copy would resolve twice and could disagree with the first about the client.
  if (fastify.hasRequestDecorator('realIp')) {
    done(
      new RealIpConfigError(
        'ERR_REALIP_ALREADY_REGISTERED',
        'plugin',
        PACKAGE,
        'is already registered on this instance or a parent',
        'Register it once, at the root: a second copy would resolve the client again, and could disagree with the first',
        PACKAGE,
      ),
    );
    return;
  }
  let adapter: Adapter;
  try {
    const own = Object.fromEntries(
      Object.entries(options).filter(([key]) => !REGISTER_OPTIONS.includes(key)),
    );
    adapter = createAdapter(PACKAGE, own);
  } catch (err) {
    done(err as Error);
    return;
  }
  const { resolve, override } = adapter;
  const overrides: Overrides<RawRequestDefaultExpression> = {
    resolve,
    override,
    // Fastify's order: closest first, the socket peer included (`chain` is exactly that).
    order: (chain) => chain.slice(),
    ownHost: (raw) => ownHost(raw.headers),
  };
  // The state's slot: a decorated field, set by Fastify's constructor (null), so every request
  // keeps one shape and the hook's write is a plain store.
  fastify.decorateRequest(STATE, null);
  decorate(fastify, 'realIp');
  // `protocol` and `host` always, not only with the options on: Fastify's `trustProxy` getters
  // would otherwise follow its own trust beside ours.
  const own = override ? TAKEN_OVER.filter((name) => !decorate(fastify, name)) : [];
  // Fastify's `trustProxy` defines its getters on the root request prototype itself, where a
  // decorator may not replace them: there (only there) each request gets the accessors as its own.
  const ownAccessors = own.length === 0 ? undefined : pick(own);
  // onRequest is the first hook; hooks that routes add (@fastify/rate-limit's) run after it.
  fastify.addHook('onRequest', function resolveRealIp(request, _reply, next) {
    (request as unknown as Slot)[STATE] = new RequestState(request.raw, overrides);
    if (ownAccessors !== undefined) Object.defineProperties(request, ownAccessors);
    next();
  });
  done();
};

/** Where a request keeps its state. */
const STATE = Symbol('realip.fastify.state');
type Slot = { [STATE]: RequestState<RawRequestDefaultExpression> | null };

/** The properties the plugin takes over with `override` on. */
const TAKEN_OVER: readonly OverrideName[] = ['ip', 'ips', 'protocol', 'host'];

/** Made once: every request shares the getters (and so its shape). */
const ACCESSORS = overrideAccessors(
  (request) => (request as Slot)[STATE],
  ['realIp', ...TAKEN_OVER],
);

/** `ACCESSORS` restricted to `names`. */
function pick(names: readonly OverrideName[]): OverrideAccessors {
  return Object.fromEntries(names.map((name) => [name, ACCESSORS[name]!]));
}

/**
 * Decorates requests with our accessor for `name`, once; false where Fastify already has its own
 * on the same prototype (`trustProxy`).
 */
function decorate(fastify: Parameters<typeof register>[0], name: OverrideName): boolean {
  const accessor = ACCESSORS[name]!;
  try {
    // Fastify types a getter of an existing name by that property's type; ours returns each
    // name's own type (`ip` a string, `ips` an array, ...) through one signature.
    const getterSetter = { getter: accessor.get, setter: accessor.set } as never;
    fastify.decorateRequest(name, getterSetter);
    return true;
  } catch (err) {
    if ((err as { code?: unknown }).code === 'FST_ERR_DEC_ALREADY_PRESENT') return false;
    throw err;
  }
}

/** The host the client addressed, as Fastify reads it without a trusted proxy. */
function ownHost(headers: FastifyRequest['raw']['headers']): string {
  const authority = headers[':authority'];
  return headers.host ?? (typeof authority === 'string' ? authority : '');
}

/**
 * Fastify 5 plugin: resolves the client once per request, in the first `onRequest` hook, and
 * makes `request.ip` that client for the whole app (it is wrapped with `fastify-plugin`, so it
 * is not encapsulated): your routes, hooks and `@fastify/rate-limit` all see it.
 *
 * - `request.realIp`: the structured answer of `@realip/core` (`ip`, `port`, `source`, `hops`, `reason`, ...).
 * - `request.ip`: `realIp.ip`. `request.ips`: the trusted chain in Fastify's order, closest first,
 *   the socket peer included (computed on first access, then kept).
 * - `request.protocol` / `request.host` (and so `request.hostname`, `request.port`): from the same
 *   trusted hop when the `protocol` / `host` options are set, else the connection's own.
 *
 * Fastify's own `trustProxy` no longer applies to these. Registering it twice on the same
 * instance (or again in a child) is an error. Bad options reject `register` / `ready` with a
 * `RealIpConfigError`.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import realIp from '@realip/fastify';
 *
 * const app = Fastify();
 * await app.register(realIp, { trust: ['loopback', '10.0.0.0/8'] });
 * app.get('/', async (request) => ({ ip: request.ip, why: request.realIp.reason }));
 * ```
 */
export const realIp = fp(register, { fastify: '5.x', name: PACKAGE });
