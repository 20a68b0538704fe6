import { RealIpConfigError } from './errors.js';
import { compileTrust, type TrustEntry } from './trust.js';
import type { RealIpOptions } from './types.js';

/**
 * Turns a `TRUST_PROXY`-style environment string into resolver options, the way people mean it:
 *
 * | value | options |
 * |---|---|
 * | unset, `""` | `{}`: the default, trust `private` |
 * | `"true"` / `"false"` | `{ trust: true }` / `{ trust: false }` |
 * | `"0"` | `{ trust: false }` |
 * | `"2"` | `{ hops: 2 }`: a proxy count (not the IP 0.0.0.2), applied behind a trusted peer |
 * | `"loopback, 10.0.0.0/8"` | `{ trust: ['loopback', '10.0.0.0/8'] }` |
 *
 * Entries are validated now, so a typo fails at startup with the variable's name in the message.
 *
 * @example
 * ```ts
 * const resolve = createResolver({ ...parseTrustProxy(process.env.TRUST_PROXY), header: 'x-forwarded-for' });
 * ```
 */
export function parseTrustProxy(
  value: string | undefined,
  name = 'TRUST_PROXY',
): Pick<RealIpOptions, 'trust' | 'hops'> {
  if (value === undefined) return {};
  if (typeof value !== 'string') {
    throw new RealIpConfigError(
      'ERR_REALIP_INVALID_OPTION',
      name,
      value,
      'must be a string',
      'Pass the environment variable as read from process.env.',
    );
  }
  const text = value.trim();
  if (text === '') return {};
  if (/^true$/i.test(text)) return { trust: true };
  if (/^false$/i.test(text)) return { trust: false };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (!Number.isSafeInteger(hops)) {
      throw new RealIpConfigError(
        'ERR_REALIP_INVALID_OPTION',
        name,
        value,
        'is too large for a proxy count',
        'Use the number of proxies in front of the server.',
      );
    }
    return hops === 0 ? { trust: false } : { hops };
  }
  const trust = text.split(/\s*,\s*/) as TrustEntry[];
  try {
    compileTrust(trust);
  } catch (err) {
    if (err instanceof RealIpConfigError) {
      throw new RealIpConfigError(
        err.code,
        `${name} (${err.option})`,
        err.value,
        err.problem,
        err.hint,
      );
    }
    throw err;
  }
  return { trust };
}
