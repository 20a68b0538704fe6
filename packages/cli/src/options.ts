/** Turns command-line flags into resolver options (the same names as the library's). */
import { parseTrustProxy, type RealIpOptions, type TrustEntry } from '@realip/core';

/** Flags shared by `explain` and `doctor`. */
export interface OptionFlags {
  trust?: string[];
  trustProxy?: string;
  hops?: string;
  source?: string;
  maxEntries?: string;
  keepMapped?: boolean;
  protocol?: boolean | string;
  host?: boolean | string;
}

/** Where the trust setting came from, for the report. */
export interface OptionsOrigin {
  options: RealIpOptions;
  from: string;
}

/**
 * Builds options from flags. `--trust` entries win; then `--trust-proxy` (a TRUST_PROXY-style
 * string); then the TRUST_PROXY environment variable; else the library default.
 *
 * @example
 * ```ts
 * optionsFromFlags({ trust: ['loopback'], hops: '1' }, {});
 * // → { options: { trust: ['loopback'], hops: 1 }, from: '--trust' }
 * optionsFromFlags({}, { TRUST_PROXY: 'loopback' });
 * // → { options: { trust: ['loopback'] }, from: 'TRUST_PROXY="loopback"' }
 * ```
 */
export function optionsFromFlags(flags: OptionFlags, env: NodeJS.ProcessEnv): OptionsOrigin {
  let options: RealIpOptions = {};
  let from = 'the default (private)';
  if (flags.trust !== undefined && flags.trust.length > 0) {
    // One `--trust true|false` is the boolean; otherwise every flag is an entry (the core names a
    // stray "true" in a list as an error).
    const [first] = flags.trust;
    options.trust =
      flags.trust.length === 1 && /^(true|false)$/i.test(first!)
        ? /^true$/i.test(first!)
        : (flags.trust as TrustEntry[]); // words from the shell: the core checks each one
    from = '--trust';
  } else if (flags.trustProxy !== undefined) {
    options = parseTrustProxy(flags.trustProxy, '--trust-proxy');
    from = `--trust-proxy ${JSON.stringify(flags.trustProxy)}`;
  } else if (env.TRUST_PROXY !== undefined && env.TRUST_PROXY !== '') {
    options = parseTrustProxy(env.TRUST_PROXY, 'TRUST_PROXY');
    from = `TRUST_PROXY=${JSON.stringify(env.TRUST_PROXY)}`;
  }
  if (flags.hops !== undefined) options.hops = toNumber(flags.hops);
  if (flags.source !== undefined) options.header = flags.source;
  if (flags.maxEntries !== undefined) options.maxEntries = toNumber(flags.maxEntries);
  if (flags.keepMapped === true) options.keepMapped = true;
  if (flags.protocol !== undefined) options.protocol = flags.protocol;
  if (flags.host !== undefined) options.host = flags.host;
  return { options, from };
}

/** Numbers stay strings when they are not numbers, so the core's error names the bad value. */
function toNumber(value: string): number {
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : (value as unknown as number);
}
