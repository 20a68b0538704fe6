import { RealIpConfigError, type ClientAddress } from '@realip/core';
import {
  captureInput,
  connectionProtocol,
  createAdapter,
  INPUT,
  chainProperty,
  setOwn,
  type AdapterOptions,
  type Adapter,
} from '@realip/core/adapter';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
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
  const { resolve, override, protocol, host } = adapter;
  // Fastify's order: closest first, the socket peer included (`chain` is exactly that).
  const ips = chainProperty(resolve, (chain) => chain.slice());
  fastify.decorateRequest('realIp', null, []); // set in the hook below; null keeps one shape
  // onRequest is the first hook; hooks that routes add (@fastify/rate-limit's) run after it.
  fastify.addHook('onRequest', function resolveRealIp(request, _reply, next) {
    const raw = request.raw;
    const input = captureInput(raw);
    const result = resolve(input);
    const state = request as unknown as { realIp: ClientAddress; [INPUT]: typeof input };
    state.realIp = result; // a decorated property: a plain assignment
    if (override) {
      state[INPUT] = input;
      setOwn(request, 'ip', result.ip);
      Object.defineProperty(request, 'ips', ips);
      if (protocol) setOwn(request, 'protocol', result.protocol ?? connectionProtocol(raw.socket));
      if (host) setOwn(request, 'host', result.host ?? ownHost(raw.headers));
    }
    next();
  });
  done();
};

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
