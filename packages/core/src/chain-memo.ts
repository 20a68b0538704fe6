/**
 * The trusted end of the last list walked, kept so the next request need not parse it again.
 *
 * Why: behind a fixed chain (CDN edge → load balancer → app, ingress → sidecar → app) every
 * request's `X-Forwarded-For` ends with the same trusted entries, written by our own proxies;
 * only the client's entry, left of them, changes. Parsing those entries is most of a walk's
 * cost (each character is one `charCodeAt`), while one native `endsWith` over the same text
 * costs a fraction of that. So the walk keeps the text from the comma left of the leftmost
 * trusted entry to the end of the header (`, 10.0.0.2`), with how many hops it held, and a
 * header that ends with exactly that text starts its walk left of it.
 *
 * Why that is the same walk: list elements are found from the right, each ending at the nearest
 * comma to its left (RFC 9110 section 5.6.1; X-Forwarded-For has no quoting), so two headers
 * that end with the same text from a comma on hold the same last elements, and each of those
 * hops got its verdict from its address, its position and the trust table alone (never from a
 * user function: there is no memo then). The table is part of the key, so a provider list
 * swapped at run time voids the memo, as for the peer's verdict (PeerMemo, options.ts).
 *
 * @example
 * ```ts
 * const memo = newChainMemo();
 * // after '203.0.113.7, 10.0.0.2' stopped at 203.0.113.7 with one trusted hop:
 * keepChain(memo, table, '203.0.113.7, 10.0.0.2', 11, 1, 1, 13, 21, false);
 * chainEnd(memo, table, '198.51.100.9, 10.0.0.2'); // → 12: the walk goes on left of the comma
 * ```
 * @module
 */
import type { RangeTable } from './ranges-match.js';

/** The last trusted list end, for one compiled set of options; see the module comment. */
export interface ChainMemo {
  /** From the comma left of the leftmost trusted entry to the end of the header; '' for none. */
  suffix: string;
  /** The trust table the verdicts were taken with. */
  table: RangeTable | undefined;
  /** Trusted header hops in the suffix, and elements examined (empty ones count). */
  hops: number;
  examined: number;
  /** The leftmost trusted entry's address, as distances from the end of the header. */
  fromEndStart: number;
  fromEndEnd: number;
  /** Requests in a row that did not end with the suffix, and requests left to skip the memo. */
  misses: number;
  rest: number;
}

/**
 * After this many requests in a row that did not end with the kept suffix, the memo rests for
 * {@link REST} requests: where the trusted end changes on every request (a client's entry
 * behind many CDN edges, each request through another one), trying it would cost a failed
 * `endsWith` per request and a copy every other one, for nothing.
 */
const TRIES = 8;
const REST = 256;

/**
 * An empty memo, one per compiled set of options.
 *
 * @example
 * ```ts
 * const memo = newChainMemo(); // memo.suffix === ''
 * ```
 */
export function newChainMemo(): ChainMemo {
  return {
    suffix: '',
    table: undefined,
    hops: 0,
    examined: 0,
    fromEndStart: 0,
    fromEndEnd: 0,
    misses: 0,
    rest: 0,
  };
}

/**
 * Where the walk of `s` may start: the index of the comma the kept suffix starts with, when `s`
 * ends with it under the same table; -1 otherwise (walk the whole header).
 *
 * @example
 * ```ts
 * chainEnd(memo, table, '198.51.100.9, 10.0.0.2'); // → 12 after the keepChain example above
 * ```
 */
export function chainEnd(memo: ChainMemo, table: RangeTable | undefined, s: string): number {
  const suffix = memo.suffix;
  if (suffix === '' || memo.table !== table) return -1;
  if (memo.rest > 0) {
    memo.rest--;
    return -1;
  }
  // Longer, not equal: the comma must have an element (maybe empty) left of it to walk.
  if (s.length > suffix.length && s.endsWith(suffix)) {
    memo.misses = 0;
    return s.length - suffix.length;
  }
  if (++memo.misses === TRIES) {
    memo.misses = 0;
    memo.rest = REST;
  }
  return -1;
}

/**
 * Keeps `s` from `comma` to its end as the trusted end: `hops` trusted header hops, `examined`
 * elements, the leftmost trusted address at `s[start, end)`. Called only when the kept suffix did
 * not describe this request (it did not match, or `matched`: the walk started from it and found
 * more trusted hops left of it), so the text is always new.
 *
 * A request that did not end with the kept suffix replaces it only every second miss in a row,
 * and not while the memo rests: two chains that take turns (two CDN edges) would otherwise copy
 * a suffix on every request and never match; so one of them matches, and a chain that changed
 * for good is kept from its second request on.
 *
 * @example
 * ```ts
 * keepChain(memo, table, '203.0.113.7, 10.0.0.2', 11, 1, 1, 13, 21, false);
 * memo.suffix; // ', 10.0.0.2'
 * ```
 */
export function keepChain(
  memo: ChainMemo,
  table: RangeTable | undefined,
  s: string,
  comma: number,
  hops: number,
  examined: number,
  start: number,
  end: number,
  matched: boolean,
): void {
  const known = memo.suffix !== '' && memo.table === table;
  if (!matched && known && (memo.rest > 0 || (memo.misses & 1) === 1)) return;
  memo.suffix = s.slice(comma);
  memo.table = table;
  memo.hops = hops;
  memo.examined = examined;
  memo.fromEndStart = s.length - start;
  memo.fromEndEnd = s.length - end;
}
