/** Human notes for `explain`: which rule decided a hop, and why an entry is not an address. */
import { isIP } from 'node:net';
import { SCAN, findPair, pairValue, scanElementBack } from './forwarded.js';
import { INVALID, type Family } from './ip.js';
import { MODE_FORWARDED, type Compiled } from './options.js';
import { TRUST_ALL, TRUST_NONE, TRUST_RANGES, matchingLabel } from './trust.js';

/**
 * The rule that decides trust for the hop in `ADDR` (call before any user code runs).
 *
 * @example
 * ```ts
 * const { compiled } = compileOptions({ trust: '10.0.0.0/8' });
 * ruleFor(compiled, parseAddress('10.1.2.3', 0, 8, false), 0); // → '10.0.0.0/8'
 * ruleFor(compileOptions({ trust: true }).compiled, V4, 0); // → 'trust: true'
 * ```
 */
export function ruleFor(c: Compiled, family: Family, hop: number): string | undefined {
  if (c.hops >= 0 && (hop > 0 || c.hops === 0)) return `hops: ${c.hops}`;
  switch (c.trust.kind) {
    case TRUST_ALL:
      return 'trust: true';
    case TRUST_NONE:
      return 'trust: false';
    case TRUST_RANGES:
      return family === INVALID ? undefined : matchingLabel(c.trust, family);
    default:
      return 'trust function';
  }
}

/**
 * Why `raw` (a trimmed list element) is not an address, in a few words.
 *
 * @example
 * ```ts
 * invalidNote('010.0.0.1', MODE_LIST);
 * // → 'not a decimal dotted-quad IPv4 address (no leading zeros, hex or short forms)'
 * invalidNote('for=unknown', MODE_FORWARDED);
 * // → 'the proxy wrote for=unknown: the hop is not known'
 * ```
 */
export function invalidNote(raw: string, mode: Compiled['mode']): string {
  if (mode === MODE_FORWARDED) {
    const pairs = scanElementBack(raw, raw.length) === 0 ? SCAN[0]! : -1;
    if (pairs < 0)
      return 'malformed Forwarded element (RFC 7239 section 4), or a parameter given twice';
    const k = findPair(raw, pairs, 'for');
    if (k < 0) return 'the element has no for= parameter';
    const node = pairValue(raw, k);
    if (/^unknown$/i.test(node)) return 'the proxy wrote for=unknown: the hop is not known';
    if (node.startsWith('_')) return 'obfuscated node identifier: the hop is not known';
    if (node.includes(':') && !node.startsWith('['))
      return 'an IPv6 node must be bracketed and quoted: for="[2001:db8::1]"';
    return describe(node);
  }
  if (/^unknown$/i.test(raw)) return '"unknown" is not an address';
  if (raw.startsWith('_')) return 'obfuscated identifier, not an address';
  if (/^\[.*\]$/.test(raw)) return 'a bracketed address needs a port ([v6]:port) or no brackets';
  return describe(raw);
}

function describe(text: string): string {
  if (text.includes('%')) return 'an address with a zone id is not accepted from a header';
  const withPort = /^(?:\[([^\]]*)\]|([\d.]+)):(\d+)$/.exec(text);
  if (withPort !== null && isIP(withPort[1] ?? withPort[2] ?? '') !== 0)
    return 'the port is out of range (0-65535)';
  if (/^[\dx.]+$/i.test(text))
    return 'not a decimal dotted-quad IPv4 address (no leading zeros, hex or short forms)';
  return 'not an IP address';
}
