/**
 * `explain`'s hints about providers: the answer is a CDN or load balancer edge that was left out
 * of trust (the client is the entry before it), or a vendor's header was believed from a peer
 * that is not the vendor's edge (any client that reaches that peer chooses it).
 */
import { createResolver, type Explanation, type Resolver } from '@realip/core';
import { PRESET_NAMES, PROVIDERS, providerOfHeader, type PresetName } from '@realip/ranges';
import { presetOfLabel } from './preset-review.js';

let everyPreset: Resolver | undefined;

/**
 * The provider whose list (the one in use) holds `ip`, or `undefined`. Asks the core, with every
 * preset trusted, which rule the address matches: the same matching as the resolvers'.
 *
 * @example
 * ```ts
 * providerOfAddress('172.68.10.20'); // → 'cloudflare'
 * providerOfAddress('198.51.100.7'); // → undefined
 * ```
 */
export function providerOfAddress(ip: string): PresetName | undefined {
  everyPreset ??= createResolver({ trust: [...PRESET_NAMES] });
  const rule = everyPreset.explain({ remoteAddress: ip, headers: {} }).steps[0]?.rule;
  return rule === undefined ? undefined : presetOfLabel(rule)?.name;
}

/**
 * The hint for an answer that is a provider's edge, or `undefined` when it is none.
 *
 * @example
 * ```ts
 * providerHint('172.68.10.20');
 * // → '172.68.10.20 is a Cloudflare edge (in the cloudflare list): add cloudflare to --trust, ...'
 * ```
 */
export function providerHint(ip: string): string | undefined {
  const name = providerOfAddress(ip);
  if (name === undefined) return undefined;
  return `${ip} is a ${PROVIDERS[name].title} edge (in the ${name} list): add ${name} to --trust, and the walk goes on to the address it forwarded`;
}

/**
 * The hint for an answer read from a vendor's header (`cf-connecting-ip`) when trust does not
 * name the vendor: then the header is believed from any trusted peer, or `undefined`.
 *
 * @example
 * ```ts
 * // --trust loopback -H cf-connecting-ip: nginx's peer 127.0.0.1 is trusted, the header believed
 * vendorHeaderHint(explained);
 * // → 'cf-connecting-ip was believed because 127.0.0.1 is trusted: ... add cloudflare to --trust ...'
 * ```
 */
export function vendorHeaderHint(e: Explanation): string | undefined {
  const name = providerOfHeader(e.result.source);
  if (name === undefined) return undefined;
  // The vendor's ranges in trust (by name or typed), or its edge as the peer: believed rightly.
  const named = e.steps.some((s) => s.rule !== undefined && presetOfLabel(s.rule)?.name === name);
  const peer = e.steps[0]?.address;
  if (named || peer === undefined || providerOfAddress(peer) === name) return undefined;
  return `${e.result.source} was believed because ${peer} is trusted, so any client that reaches ${peer} chooses its address: add ${name} to --trust, and the header is believed only when a ${PROVIDERS[name].title} edge delivered the request`;
}
