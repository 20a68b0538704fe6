/**
 * `@realip/core`: who is the real client behind your proxies?
 *
 * Compile a resolver once with the proxies you trust, then call it per request. It walks
 * `X-Forwarded-For`, RFC 7239 `Forwarded` or a single-address header from the socket outwards and
 * stops at the first hop you do not trust. The answer is always a canonical IP (or `undefined`
 * when the socket address is unknown), with the reason the walk stopped.
 *
 * @example
 * ```ts
 * import { createResolver } from '@realip/core';
 * const resolve = createResolver({ trust: 'loopback' });
 * resolve(req).ip;
 * ```
 * @module
 */
export { createResolver } from './resolver.js';
export { parseTrustProxy } from './env.js';
export { RealIpConfigError, type RealIpErrorCode } from './errors.js';
export { canonicalIp } from './ip.js';
export { clientKey, type ClientKeyOptions } from './client-key.js';
export { parseForwarded, type ForwardedElement } from './forwarded.js';
export {
  NAMED_RANGES,
  compileTrust,
  isTrusted,
  type CompiledTrust,
  type NamedRange,
  type TrustEntry,
  type TrustFunction,
  type TrustOption,
} from './trust.js';
export type {
  ClientAddress,
  ExplainStep,
  Explanation,
  ForwardingHeader,
  HeadersLike,
  RealIpOptions,
  ResolveInput,
  Resolver,
  StopReason,
} from './types.js';
