/** Option validation: everything wrong with a configuration is reported at creation. */
import { newChainMemo, type ChainMemo } from './chain-memo.js';
import { RealIpConfigError } from './errors.js';
import { isTchar } from './forwarded.js';
import { checkOptionKeys } from './option-keys.js';
import { INVALID, type Family } from './ip.js';
import { TRUST_FUNCTION, TRUST_NONE, compileTrust, type CompiledTrust } from './trust.js';
import type { RealIpOptions, Resolver } from './types.js';

/**
 * How the configured header is read. `MODE_LIST`: `x-forwarded-for`, a comma-separated list of
 * addresses walked from the right.
 *
 * @example
 * ```ts
 * compileOptions({ header: 'X-Forwarded-For' }).compiled.mode === MODE_LIST; // → true
 * compileOptions({}).compiled.mode === MODE_LIST; // → true: the default header
 * ```
 */
export const MODE_LIST = 0;
/**
 * How the configured header is read. `MODE_FORWARDED`: `forwarded`, RFC 7239 elements whose
 * `for=` parameters name the hops.
 *
 * @example
 * ```ts
 * compileOptions({ header: 'Forwarded' }).compiled.mode === MODE_FORWARDED; // → true
 * invalidNote('for=unknown', MODE_FORWARDED); // → 'the proxy wrote for=unknown: ...'
 * ```
 */
export const MODE_FORWARDED = 1;
/**
 * How the configured header is read. `MODE_SINGLE`: any other header (`x-real-ip`,
 * `cf-connecting-ip`...), which must hold one address, not a list.
 *
 * @example
 * ```ts
 * compileOptions({ header: 'x-real-ip' }).compiled.mode === MODE_SINGLE; // → true
 * const resolve = createResolver({ trust: 'loopback', header: 'x-real-ip' });
 * const headers = { 'x-real-ip': '203.0.113.7, 10.0.0.1' };
 * resolve({ remoteAddress: '127.0.0.1', headers }).reason; // → 'invalid': a list
 * ```
 */
export const MODE_SINGLE = 2;

/** Options compiled for the walk. */
export interface Compiled {
  readonly trust: CompiledTrust;
  /** Fixed proxy count, or -1. */
  readonly hops: number;
  readonly header: string;
  readonly mode: typeof MODE_LIST | typeof MODE_FORWARDED | typeof MODE_SINGLE;
  readonly maxEntries: number;
  readonly keepMapped: boolean;
  /** Header to read the protocol from in lockstep, `''` for Forwarded `proto=`, or undefined. */
  readonly protoHeader: string | undefined;
  /** Header to read the host from in lockstep, `''` for Forwarded `host=`, or undefined. */
  readonly hostHeader: string | undefined;
  /** The last socket peer and its verdict, when trust is pure (no function); see walk.ts. */
  readonly peerMemo: PeerMemo | undefined;
  /** The trusted end of the last list walked, when trust is pure and the header a list. */
  readonly chainMemo: ChainMemo | undefined;
}

/**
 * Behind a proxy nearly every request comes from the same peer (the proxy), so its parse and
 * trust verdict are kept and reused while the peer text is the same. Only valid peers are kept.
 */
export interface PeerMemo {
  text: string | undefined;
  /** The table the verdict was taken with: a provider list swapped at run time voids it. */
  table: CompiledTrust['table'] | undefined;
  family: Family;
  trusted: boolean;
}

/**
 * The option names of {@link compileOptions}, in the order error messages list them; packages
 * built on the core add their own (the adapters' `override`).
 *
 * @example
 * ```ts
 * checkOptionKeys(options, [...OPTION_NAMES, 'override'], OPTION_ALIASES, '{ trust: "loopback" }');
 * ```
 */
export const OPTION_NAMES: readonly (keyof RealIpOptions)[] = [
  'trust',
  'hops',
  'header',
  'maxEntries',
  'keepMapped',
  'protocol',
  'host',
];

/**
 * Names people bring from other libraries, mapped to ours (the "did you mean" hint).
 *
 * @example
 * ```ts
 * OPTION_ALIASES.trustProxy; // → 'trust'
 * OPTION_ALIASES.maxIpsCount; // → 'hops'
 * ```
 */
export const OPTION_ALIASES: Readonly<Record<string, string>> = {
  trustProxy: 'trust',
  'trust proxy': 'trust',
  proxy: 'trust',
  trusted: 'trust',
  trustedProxies: 'trust',
  proxyIpHeader: 'header',
  maxIpsCount: 'hops',
  depth: 'hops',
  count: 'hops',
};

/**
 * Validates options and compiles them once. Throws {@link RealIpConfigError}.
 *
 * @example
 * ```ts
 * const { compiled, normalized } = compileOptions({ trust: 'loopback', header: 'X-Real-IP' });
 * compiled.header; // → 'x-real-ip' (and compiled.mode === MODE_SINGLE)
 * normalized.maxEntries; // → 32
 * compileOptions({ hops: -1 }); // throws RealIpConfigError (ERR_REALIP_INVALID_OPTION, hops)
 * ```
 */
export function compileOptions(options: RealIpOptions | undefined): {
  compiled: Compiled;
  normalized: Resolver['options'];
} {
  options = checkOptionKeys(options, OPTION_NAMES, OPTION_ALIASES, '{ trust: "loopback" }');
  const trustOption = options.trust === undefined ? 'private' : options.trust;
  const trust = compileTrust(trustOption);

  const header = options.header === undefined ? 'x-forwarded-for' : options.header;
  if (
    typeof header !== 'string' ||
    header.length === 0 ||
    ![...header].every((ch) => isTchar(ch.charCodeAt(0)))
  ) {
    throw optionError(
      'header',
      header,
      'is not a header name',
      'Use a name such as "x-forwarded-for", "forwarded" or "x-real-ip".',
    );
  }
  const name = header.toLowerCase();
  const mode =
    name === 'forwarded' ? MODE_FORWARDED : name === 'x-forwarded-for' ? MODE_LIST : MODE_SINGLE;

  const maxEntries = options.maxEntries === undefined ? 32 : options.maxEntries;
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
    throw optionError(
      'maxEntries',
      maxEntries,
      'must be a whole number of at least 1',
      'The default is 32.',
    );
  }

  let hops = -1;
  if (options.hops !== undefined) {
    hops = options.hops;
    if (typeof hops !== 'number' || !Number.isSafeInteger(hops) || hops < 0) {
      throw optionError(
        'hops',
        options.hops,
        'must be a whole number of proxies (0 or more)',
        typeof hops === 'string' && /^\d+$/.test(hops)
          ? `Use the number ${String(hops)}, or parseTrustProxy() for environment strings.`
          : 'Count the proxies in front of the server, e.g. hops: 1 for one load balancer.',
      );
    }
    const trustsNone =
      trust.kind === TRUST_NONE || (Array.isArray(trustOption) && trustOption.length === 0);
    if (trustsNone && hops > 0) {
      throw optionError(
        'hops',
        hops,
        `can never apply with trust: ${trust.kind === TRUST_NONE ? 'false' : '[]'} (the socket peer must be trusted first)`,
        'Set trust to the address or range of the proxy that connects to this server.',
      );
    }
    if (hops > maxEntries + 1) {
      throw optionError(
        'hops',
        hops,
        `is more than maxEntries + 1 (${maxEntries + 1}), so the walk would stop first`,
        `Raise maxEntries to at least ${hops - 1}.`,
      );
    }
  }

  const keepMapped = options.keepMapped === undefined ? false : options.keepMapped;
  if (typeof keepMapped !== 'boolean') {
    throw optionError('keepMapped', keepMapped, 'must be a boolean', 'Use true or false.');
  }

  const protoHeader = lockstepHeader('protocol', options.protocol, mode, 'x-forwarded-proto');
  const hostHeader = lockstepHeader('host', options.host, mode, 'x-forwarded-host');

  // `hops` counts the socket peer as the first proxy (as werkzeug's `x_for` and ASP.NET's
  // ForwardLimit do), so `hops: 0` means no proxy at all: the peer is never trusted.
  const walkTrust = hops === 0 ? compileTrust(false) : trust;
  return {
    compiled: {
      trust: walkTrust,
      hops,
      header: name,
      mode,
      maxEntries,
      keepMapped,
      protoHeader,
      hostHeader,
      peerMemo:
        walkTrust.kind === TRUST_FUNCTION
          ? undefined
          : { text: undefined, table: undefined, family: INVALID, trusted: false },
      chainMemo:
        walkTrust.kind === TRUST_FUNCTION || mode !== MODE_LIST ? undefined : newChainMemo(),
    },
    normalized: Object.freeze({
      trust: trustOption,
      hops: hops < 0 ? undefined : hops,
      header: name,
      maxEntries,
      keepMapped,
      protocol: options.protocol ?? false,
      host: options.host ?? false,
    }),
  };
}

function lockstepHeader(
  option: 'protocol' | 'host',
  value: boolean | string | undefined,
  mode: Compiled['mode'],
  fallback: string,
): string | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return mode === MODE_FORWARDED ? '' : fallback;
  if (
    typeof value === 'string' &&
    value.length > 0 &&
    [...value].every((ch) => isTchar(ch.charCodeAt(0)))
  ) {
    return value.toLowerCase();
  }
  throw optionError(
    option,
    value,
    'must be a boolean or a header name',
    `Use true, or a header name such as "${fallback}".`,
  );
}

function optionError(
  option: string,
  value: unknown,
  problem: string,
  hint: string,
): RealIpConfigError {
  return new RealIpConfigError('ERR_REALIP_INVALID_OPTION', option, value, problem, hint);
}
