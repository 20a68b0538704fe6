/**
 * Trusted ranges as sorted disjoint intervals, so a hop costs the same with 3 ranges or 10,000.
 *
 * Why: a linear scan of (base, mask) pairs grows with the list, and provider lists (Cloudflare,
 * CloudFront, Azure Front Door...) hold hundreds of ranges, thousands combined. Ranges are merged
 * once at compile time into intervals [start, end] and a hop is found by a binary search. IPv4
 * lists longer than {@link DIRECT_MIN} also get a directory indexed by the address's top 12 bits,
 * which narrows the search to the few intervals of that /12, so the search stays about two steps
 * however long the list is.
 *
 * Words are stored with the sign bit flipped (`x ^ 0x80000000`): then signed 32-bit order is
 * unsigned address order, and every compare is a plain small-integer compare.
 */
import { ADDR, V6, type Family } from './ip.js';

const SIGN = -0x80000000;
/** Below this many IPv4 intervals the directory costs more than it saves. */
const DIRECT_MIN = 8;
const DIRECT_BITS = 12;
const DIRECT_SHIFT = 32 - DIRECT_BITS;
const NO_DIRECTORY = new Int32Array(0);

/** Compiled intervals: what a hop is matched against. */
export interface RangeTable {
  /** IPv4 intervals as (start, end) pairs of sign-flipped words, sorted and disjoint. */
  readonly v4: Int32Array;
  /**
   * For each /12 `b`, the first interval that ends at or after the start of `b`; entry 4096 is
   * the interval count. Empty for short lists.
   */
  readonly directory: Int32Array;
  /** IPv6 intervals as groups of 8 sign-flipped words: start[0..3], end[0..3]. */
  readonly v6: Int32Array;
}

/**
 * Merges (base, mask) ranges into a {@link RangeTable}. `v4` holds pairs of signed words,
 * `v6` groups of 8 (base[0..3], mask[0..3]), as `compileTrust` stores them.
 *
 * @example
 * ```ts
 * const table = buildRangeTable(Int32Array.of(0x0a000000, -0x1000000), new Int32Array(0));
 * parseAddress('10.1.2.3', 0, 8, false);
 * inRangeTable(table, V4); // → true
 * ```
 */
export function buildRangeTable(v4: Int32Array, v6: Int32Array): RangeTable {
  const spans4: [number, number][] = [];
  for (let i = 0; i < v4.length; i += 2) {
    const base = v4[i]! >>> 0;
    spans4.push([base, (base | ~v4[i + 1]!) >>> 0]);
  }
  const merged4 = merge(spans4.map(([s, e]) => [BigInt(s), BigInt(e)]));
  const out4 = new Int32Array(merged4.length * 2);
  merged4.forEach(([s, e], i) => {
    out4[i * 2] = Number(s) ^ SIGN;
    out4[i * 2 + 1] = Number(e) ^ SIGN;
  });

  const spans6: [bigint, bigint][] = [];
  for (let i = 0; i < v6.length; i += 8) {
    let start = 0n;
    let end = 0n;
    for (let w = 0; w < 4; w++) {
      const base = BigInt(v6[i + w]! >>> 0);
      const host = BigInt(~v6[i + 4 + w]! >>> 0);
      start = (start << 32n) | base;
      end = (end << 32n) | base | host;
    }
    spans6.push([start, end]);
  }
  const merged6 = merge(spans6);
  const out6 = new Int32Array(merged6.length * 8);
  merged6.forEach(([s, e], i) => {
    for (let w = 0; w < 4; w++) {
      const shift = BigInt(96 - w * 32);
      out6[i * 8 + w] = Number((s >> shift) & 0xffffffffn) ^ SIGN;
      out6[i * 8 + 4 + w] = Number((e >> shift) & 0xffffffffn) ^ SIGN;
    }
  });
  return { v4: out4, directory: directory(out4), v6: out6 };
}

/** Sorts intervals and joins the ones that overlap or touch. */
function merge(spans: [bigint, bigint][]): [bigint, bigint][] {
  spans.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [start, end] of spans) {
    const last = out[out.length - 1];
    if (last !== undefined && start <= last[1] + 1n) {
      if (end > last[1]) last[1] = end;
    } else {
      out.push([start, end]);
    }
  }
  return out;
}

function directory(v4: Int32Array): Int32Array {
  const count = v4.length >> 1;
  if (count < DIRECT_MIN) return NO_DIRECTORY;
  const buckets = 1 << DIRECT_BITS;
  const first = new Int32Array(buckets + 1);
  let i = 0;
  for (let b = 0; b < buckets; b++) {
    const bucketStart = (b << DIRECT_SHIFT) ^ SIGN;
    while (i < count && v4[i * 2 + 1]! < bucketStart) i++;
    first[b] = i;
  }
  first[buckets] = count;
  return first;
}

/**
 * Whether the address just parsed into `ADDR` (with its `family`) lies in the table. IPv4 and
 * IPv4-mapped addresses are looked up among the IPv4 intervals, IPv6 among the IPv6 ones.
 *
 * @example
 * ```ts
 * const { table } = compileTrust(['10.0.0.0/8', '2001:db8::/32']);
 * inRangeTable(table, parseAddress('::ffff:10.9.9.9', 0, 15, false)); // → true
 * inRangeTable(table, parseAddress('2001:db9::1', 0, 11, false)); // → false
 * ```
 */
export function inRangeTable(table: RangeTable, family: Family): boolean {
  if (family === V6) return inV6(table.v6);
  const r = table.v4;
  const a = ADDR[3]! ^ SIGN;
  const dir = table.directory;
  let lo = 0;
  let hi = (r.length >> 1) - 1;
  if (dir.length !== 0) {
    const b = (ADDR[3]! >>> DIRECT_SHIFT) | 0;
    lo = dir[b]!;
    const next = dir[b + 1]!;
    if (next < hi) hi = next;
  }
  // The last interval starting at or below the address is the only one that can hold it.
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (r[mid * 2]! <= a) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && a <= r[hi * 2 + 1]!;
}

function inV6(r: Int32Array): boolean {
  const a0 = ADDR[0]! ^ SIGN;
  const a1 = ADDR[1]! ^ SIGN;
  const a2 = ADDR[2]! ^ SIGN;
  const a3 = ADDR[3]! ^ SIGN;
  let lo = 0;
  let hi = (r.length >> 3) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (compare(r, mid * 8, a0, a1, a2, a3) <= 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && compare(r, hi * 8 + 4, a0, a1, a2, a3) >= 0;
}

/** The 128-bit order of the four words at `r[at..]` against the address (-1, 0 or 1). */
function compare(r: Int32Array, at: number, a0: number, a1: number, a2: number, a3: number) {
  const w0 = r[at]!;
  if (w0 !== a0) return w0 < a0 ? -1 : 1;
  const w1 = r[at + 1]!;
  if (w1 !== a1) return w1 < a1 ? -1 : 1;
  const w2 = r[at + 2]!;
  if (w2 !== a2) return w2 < a2 ? -1 : 1;
  const w3 = r[at + 3]!;
  return w3 === a3 ? 0 : w3 < a3 ? -1 : 1;
}
