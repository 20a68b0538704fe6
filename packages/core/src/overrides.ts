/**
 * The framework properties an adapter takes over (`ip`, `ips`, `protocol`, `host`, and Express's
 * and Fastify's `realIp`), as accessors defined once on the framework's request prototype that
 * read one per-request {@link RequestState}.
 *
 * Why not own properties per request: every property added to a request object costs V8 a new
 * hidden class when the object's prototype was swapped (Express does `setPrototypeOf(req,
 * app.request)` on every request, and V8 caches no transition from a swapped map), measured at
 * 2 to 4 µs each, against 0.1 µs for the whole walk; and every `Object.defineProperty` is a
 * runtime call even where transitions are cached (Koa, Fastify). With accessors on the prototype
 * a request costs one write: its state, in a slot the adapter chooses (a `WeakMap` for Express, a
 * decorated field for Fastify, a symbol on Koa's per-request object).
 *
 * @example
 * ```ts
 * const accessors = overrideAccessors((req) => states.get(req), ['ip', 'ips']);
 * installOverrides(Object.getPrototypeOf(req), accessors); // once
 * states.set(req, new RequestState(req, adapter)); // per request
 * ```
 * @module
 */
import type { NodeRequestLike } from './adapter.js';
import type { ClientAddress, ResolveInput, Resolver } from './types.js';

/** How one adapter instance answers the taken-over properties, made once at setup. */
export interface Overrides<R extends NodeRequestLike = NodeRequestLike> {
  readonly resolve: Resolver;
  /** `false`: only `realIp` is ours; `ip` and the rest read the framework's own getters. */
  readonly override: boolean;
  /** The framework's order of `ips`, from the core's chain (closest first, the peer included). */
  readonly order: (chain: readonly string[]) => string[];
  /**
   * The host the framework reports without a trusted proxy (its `Host` header, HTTP/2
   * `:authority`). A method, so an adapter's `Overrides<ItsRequest>` is an `Overrides`.
   */
  ownHost(req: R): string | undefined;
}

/**
 * One request's answer and the snapshot it was computed from (the resolver's input itself, so a
 * request costs one object besides the result). Taken when the request arrives: a closed socket
 * loses its address (expressjs/express#4559), and the snapshot keeps later `ips` reads consistent.
 *
 * @example
 * ```ts
 * const state = new RequestState(req, adapter);
 * state.result.ip; // '198.51.100.9'
 * ```
 */
export class RequestState<R extends NodeRequestLike = NodeRequestLike> implements ResolveInput {
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  readonly headers: ResolveInput['headers'];
  /** `ips` in the framework's order, once read. */
  ips: string[] | undefined;
  readonly result: ClientAddress;

  constructor(
    /** The Node request (Fastify's `request.raw`, Koa's `ctx.req`). */
    readonly req: R,
    readonly adapter: Overrides<R>,
  ) {
    const socket = req.socket;
    this.remoteAddress = socket.remoteAddress;
    this.remotePort = socket.remotePort;
    this.headers = req.headers;
    this.ips = undefined;
    this.result = adapter.resolve(this);
  }
}

/**
 * The connection's own scheme, what frameworks report without a trusted proxy.
 *
 * @example
 * ```ts
 * connectionProtocol(req.socket); // 'https' on a TLS socket
 * ```
 */
export function connectionProtocol(socket: object): 'http' | 'https' {
  return (socket as { encrypted?: boolean }).encrypted === true ? 'https' : 'http';
}

/**
 * Defines a plain own property, shadowing a prototype getter (own properties survive Express's
 * prototype swap in sub-apps). Returns the value.
 *
 * @example
 * ```ts
 * setOwn(req, 'ip', result.ip);
 * ```
 */
export function setOwn<T>(target: object, name: string, value: T): T {
  Object.defineProperty(target, name, {
    value,
    configurable: true,
    enumerable: true,
    writable: true,
  });
  return value;
}

/** What each property reads from the state. */
const VALUES = {
  realIp: (state: RequestState) => state.result,
  ip: (state: RequestState) => state.result.ip,
  ips: (state: RequestState) =>
    (state.ips ??= state.adapter.order(state.adapter.resolve.explain(state).chain)),
  protocol: (state: RequestState) => state.result.protocol ?? connectionProtocol(state.req.socket),
  host: (state: RequestState) => state.result.host ?? state.adapter.ownHost(state.req),
};

/** A property an adapter can take over. */
export type OverrideName = keyof typeof VALUES;

/** One taken-over property: shared by every request (and so by their shapes). */
export interface OverrideAccessor extends PropertyDescriptor {
  readonly get: (this: object) => unknown;
  readonly set: (this: object, assigned: unknown) => void;
}

/** The accessors {@link overrideAccessors} makes, by property name. */
export type OverrideAccessors = Readonly<Record<string, OverrideAccessor>>;

/**
 * Where a set of accessors keeps its key: a symbol of its own, under which a prototype holding
 * them keeps the descriptors they replaced there. One key per set, so two copies of an adapter in
 * one process (its ESM and CommonJS builds, two versions) can both install on Express's request
 * prototype: the later one's accessors fall back to the earlier one's, which fall back to Express's.
 */
const KEY = Symbol('realip.overrides');

type Keyed = { readonly [KEY]: symbol };
type Marked = Record<symbol, PropertyDescriptorMap | undefined>;

/**
 * One accessor per name, reading the request's state through `read`. A request without state
 * (one the middleware has not seen, or seen with `override: false` for anything but `realIp`)
 * reads what the framework's own property would give, so an app's other requests are untouched.
 * Assigning works as on a plain property: it defines an own value on that request. Made once per
 * adapter module: every request shares the getters, so V8 shares the requests' shapes too.
 *
 * @example
 * ```ts
 * const states = new WeakMap<object, RequestState>();
 * const accessors = overrideAccessors((req) => states.get(req), ['realIp', 'ip', 'ips']);
 * ```
 */
export function overrideAccessors(
  read: (self: object) => RequestState | null | undefined,
  names: readonly OverrideName[],
): OverrideAccessors {
  const key = Symbol('realip.replaced');
  const map: Record<string, OverrideAccessor> = {};
  Object.defineProperty(map, KEY, { value: key }); // not enumerable: defineProperties skips it
  for (const name of names) {
    const value = VALUES[name];
    const always = name === 'realIp';
    const get = function (this: object): unknown {
      const state = read(this);
      if (state == null || !(always || state.adapter.override)) {
        return frameworkValue(this, name, get, key);
      }
      return value(state);
    };
    const set = function (this: object, assigned: unknown) {
      setOwn(this, name, assigned);
    };
    map[name] = { configurable: true, enumerable: false, get, set };
  }
  return map;
}

/**
 * What the framework's own `name` gives `self`: what our accessor replaced on the object where
 * it was installed (the framework's own, or another copy's accessor), else the value above it.
 */
function frameworkValue(self: object, name: string, ours: () => unknown, key: symbol): unknown {
  for (let p: object | null = self; p !== null; p = Object.getPrototypeOf(p) as object | null) {
    // Where `installOverrides` put this set (even if another copy's shadows it there now), or
    // where a framework's own decorator put its getter.
    const installed = Object.hasOwn(p, key);
    if (!installed && Object.getOwnPropertyDescriptor(p, name)?.get !== ours) continue;
    const replaced = installed ? (p as Marked)[key]![name] : undefined;
    if (replaced !== undefined) {
      return replaced.get === undefined ? replaced.value : replaced.get.call(self);
    }
    const above = Object.getPrototypeOf(p) as object | null;
    return above === null ? undefined : Reflect.get(above, name, self);
  }
  return undefined;
}

/**
 * Whether `accessors` are already in `object`'s prototype chain: one property read, cheap enough
 * to check per request (a framework may serve requests from several prototypes: Express's
 * sub-apps, several apps in one process).
 *
 * @example
 * ```ts
 * if (!hasOverrides(req, accessors)) installOverrides(prototypeOf(req), accessors);
 * ```
 */
export function hasOverrides(object: object, accessors: OverrideAccessors): boolean {
  return (object as Marked)[(accessors as unknown as Keyed)[KEY]] !== undefined;
}

/**
 * Defines `accessors` on `target` (a framework's request prototype, once) and marks it. What they
 * replace on `target` itself (the framework's own, or another copy's) is kept, for requests
 * without their state. Installing the same set again on `target` changes nothing.
 *
 * @example
 * ```ts
 * installOverrides(Object.getPrototypeOf(ctx.request), accessors);
 * ```
 */
export function installOverrides(target: object, accessors: OverrideAccessors): void {
  const key = (accessors as unknown as Keyed)[KEY];
  if (Object.hasOwn(target, key)) return;
  const replaced: PropertyDescriptorMap = {};
  for (const name of Object.keys(accessors)) {
    const own = Object.getOwnPropertyDescriptor(target, name);
    if (own !== undefined) replaced[name] = own;
  }
  Object.defineProperties(target, accessors);
  Object.defineProperty(target, key, { configurable: true, value: replaced });
}
