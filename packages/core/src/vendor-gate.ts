/**
 * A vendor's single-address header (`CF-Connecting-IP`, `Fastly-Client-IP`, ...) is believed
 * only when the hop that delivered the request to your own proxies is that vendor's edge.
 *
 * Why: "trust the peer, then read the header" is safe only while the vendor is the peer. With a
 * proxy of your own in between (Cloudflare → nginx → app, `trust: ['loopback', ...]`), the peer
 * is nginx for every request, including one an attacker sent to nginx directly with a header of
 * their choosing. So when `trust` names the provider that sets the configured header, the walk
 * runs in two steps:
 * 1. `X-Forwarded-For` from the socket through your own proxies (`trust` without the provider):
 *    the first hop they do not cover is the one that delivered the request;
 * 2. if that hop is in the provider's ranges, the header is read as its report of the client;
 *    otherwise that hop is the answer (the attacker's own address, not its header).
 * Straight from an edge, step 1 stops at the socket peer, which step 2 then recognises.
 */
import { compileOptions, type Compiled } from './options.js';
import { providerOfHeader, type PresetName } from './presets.js';
import { isTrusted } from './trust.js';
import type { ClientAddress, ExplainStep, RealIpOptions, ResolveInput } from './types.js';
import { walk } from './walk.js';

/** The two walks of a gated vendor header. */
export interface VendorGate {
  readonly provider: PresetName;
  /** `X-Forwarded-For` through your own proxies. */
  readonly own: Compiled;
  /** The vendor header, read from the delivering hop when it is the provider's edge. */
  readonly vendor: Compiled;
}

/**
 * The gate for these options, or `undefined` when the header is not a vendor's, or `trust` does
 * not name that vendor (then the header is believed from any trusted peer, as before), or `hops`
 * is set.
 *
 * @example
 * ```ts
 * vendorGate({ trust: ['loopback', 'cloudflare'], header: 'cf-connecting-ip' })?.provider; // → 'cloudflare'
 * vendorGate({ trust: 'loopback', header: 'cf-connecting-ip' }); // → undefined
 * ```
 */
export function vendorGate(options: RealIpOptions): VendorGate | undefined {
  const { trust, header } = options;
  if (typeof header !== 'string' || options.hops !== undefined) return undefined;
  const provider = providerOfHeader(header);
  if (provider === undefined) return undefined;
  if (typeof trust !== 'string' && !Array.isArray(trust)) return undefined;
  const parts = (Array.isArray(trust) ? trust : [trust]).flatMap((e: unknown) =>
    typeof e === 'string' ? e.split(',').map((p) => p.trim()) : [],
  );
  if (!parts.includes(provider)) return undefined;
  const mine = parts.filter((p) => p !== provider);
  const shared = { keepMapped: options.keepMapped, maxEntries: options.maxEntries };
  return {
    provider,
    own: compileOptions({
      ...shared,
      protocol: options.protocol,
      host: options.host,
      trust: mine.length === 0 ? false : (mine as RealIpOptions['trust']),
    }).compiled,
    vendor: compileOptions({ ...shared, trust: provider, header }).compiled,
  };
}

/**
 * Resolves one request through a {@link VendorGate}; `trace` receives the steps of both walks,
 * numbered as one.
 *
 * @example
 * ```ts
 * const gate = vendorGate({ trust: ['loopback', 'cloudflare'], header: 'cf-connecting-ip' })!;
 * gatedWalk(gate, { remoteAddress: '127.0.0.1', headers: {
 *   'x-forwarded-for': '198.51.100.7, 172.68.10.20', 'cf-connecting-ip': '198.51.100.7' } }, undefined).ip;
 * // → '198.51.100.7'
 * ```
 */
export function gatedWalk(
  gate: VendorGate,
  input: ResolveInput,
  trace: ExplainStep[] | undefined,
): ClientAddress {
  const delivered = walk(gate.own, input, trace);
  const edge = delivered.ip;
  if (edge === undefined || !isTrusted(gate.vendor.trust, edge, 0)) return delivered;
  const steps: ExplainStep[] | undefined = trace === undefined ? undefined : [];
  const read = walk(gate.vendor, { remoteAddress: edge, headers: input.headers }, steps);
  if (trace !== undefined && steps !== undefined) {
    // The delivering hop was untrusted by your own proxies' ranges but is the provider's edge.
    const last = trace[trace.length - 1];
    const [again, ...rest] = steps;
    if (last !== undefined && again !== undefined)
      Object.assign(last, { verdict: again.verdict, rule: again.rule });
    for (const s of rest) trace.push({ ...s, hop: s.hop + delivered.hops });
  }
  if (read.source === 'socket') return { ...delivered, reason: read.reason };
  return { ...read, hops: delivered.hops + read.hops };
}
