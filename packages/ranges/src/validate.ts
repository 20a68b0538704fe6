/**
 * What a provider list must be before it replaces the one in use: every entry a CIDR of the right
 * family with no host bits set, none absurdly broad, and not empty. A list that fails is refused
 * whole; the refresher then keeps the last good set.
 */
import { isIPv4, isIPv6 } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { RangeSet } from './types.js';

/**
 * The broadest prefix accepted from a provider: Cloudflare's broadest IPv4 range is a /13 and its
 * broadest IPv6 range a /29; an IPv4 /11 (two million addresses) or an IPv6 /23 is nobody's edge.
 *
 * @example
 * ```ts
 * BROADEST.v4; // → 12: '104.16.0.0/12' passes, '104.0.0.0/11' is refused
 * ```
 */
export const BROADEST = { v4: 12, v6: 24 } as const;

/** More entries than any provider publishes: a body this long is not the list. */
const MOST_ENTRIES = 20_000;

/**
 * The problems of a list, in a few words each; empty when it may be used.
 *
 * @example
 * ```ts
 * rangeProblems({ v4: ['10.0.0.1/16'], v6: [] }); // → ['"10.0.0.1/16" has host bits set']
 * rangeProblems({ v4: [], v6: [] }); // → ['the list is empty']
 * ```
 */
export function rangeProblems(set: RangeSet): string[] {
  const problems: string[] = [];
  if (!Array.isArray(set.v4) || !Array.isArray(set.v6)) return ['the list is not two arrays'];
  if (set.v4.length === 0)
    problems.push(set.v6.length === 0 ? 'the list is empty' : 'no IPv4 range');
  if (set.v4.length + set.v6.length > MOST_ENTRIES)
    problems.push(`more than ${MOST_ENTRIES} entries`);
  for (const [family, list] of [
    [4, set.v4],
    [6, set.v6],
  ] as const) {
    for (const entry of list) {
      const problem = cidrProblem(entry, family);
      if (problem !== undefined) problems.push(problem);
      if (problems.length >= 5) return problems; // enough to say why
    }
  }
  return problems;
}

function cidrProblem(entry: unknown, family: 4 | 6): string | undefined {
  if (typeof entry !== 'string') return `${JSON.stringify(entry) ?? String(entry)} is not a string`;
  const text = JSON.stringify(entry);
  const slash = entry.indexOf('/');
  const address = slash < 0 ? '' : entry.slice(0, slash);
  const prefixText = entry.slice(slash + 1);
  const valid = family === 4 ? isIPv4(address) : isIPv6(address) && !address.includes('%');
  if (slash < 0 || !valid || !/^\d{1,3}$/.test(prefixText))
    return `${text} is not an IPv${family} CIDR`;
  const prefix = Number(prefixText);
  if (prefix > (family === 4 ? 32 : 128)) return `${text} has a prefix out of range`;
  const broadest = family === 4 ? BROADEST.v4 : BROADEST.v6;
  if (prefix < broadest) return `${text} is broader than /${broadest}`;
  const network =
    family === 4
      ? ipaddr.IPv4.networkAddressFromCIDR(entry)
      : ipaddr.IPv6.networkAddressFromCIDR(entry);
  if (network.toString() !== ipaddr.parse(address).toString()) return `${text} has host bits set`;
  return undefined;
}
