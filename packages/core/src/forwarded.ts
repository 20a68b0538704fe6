/**
 * RFC 7239 `Forwarded` elements.
 *
 * Grammar (RFC 7239 section 4, tokens and quoted-strings from RFC 9110 section 5.6):
 *   forwarded-element = [ forwarded-pair ] *( ";" [ forwarded-pair ] )
 *   forwarded-pair    = token "=" value        value = token / quoted-string
 * Deviations, chosen to agree with common senders and with the `forwarded-parse` package: OWS is
 * allowed around ";" (never around "="); empty list elements are skipped (RFC 9110 section 5.6.1
 * asks recipients to accept them). A parameter given twice in one element makes it invalid
 * (section 4: "MUST NOT occur more than once").
 *
 * Elements are parsed from the right, in one pass that finds the element's bounds and validates
 * it at once: the walk reads only the elements it needs, and a malformed element written by a
 * client can never swallow the elements trusted proxies appended after it, as an unterminated
 * quote does in a left-to-right parse of the whole header.
 */
import { INVALID, type Family } from './ip.js';
import { MAX_ELEMENT, isOws, type RawHeaderValue } from './list.js';
import { BOUNDS, parseNode } from './token.js';

/** Most parameters one element may carry; more is treated as malformed. */
const MAX_PAIRS = 16;
/**
 * Pair bounds of the last scanned element: nameStart, nameEnd, valueStart, valueEnd, escaped.
 *
 * @example
 * ```ts
 * const s = 'for=192.0.2.1;proto=https';
 * scanElementBack(s, s.length);
 * s.slice(PAIRS[0], PAIRS[1]); // → 'proto': the rightmost pair comes first
 * s.slice(PAIRS[1 * 5 + 2], PAIRS[1 * 5 + 3]); // → '192.0.2.1'
 * ```
 */
export const PAIRS = new Int32Array(MAX_PAIRS * 5);

/** tchar (RFC 9110 section 5.6.2) as a lookup table: ALPHA, DIGIT and ``!#$%&'*+-.^_`|~``. */
const TCHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const l = c | 0x20;
  if (
    (l >= 97 && l <= 122) ||
    (c >= 48 && c <= 57) ||
    "!#$%&'*+-.^_`|~".includes(String.fromCharCode(c))
  ) {
    TCHAR[c] = 1;
  }
}

/**
 * Whether `c` is a tchar (RFC 9110 section 5.6.2).
 *
 * @example
 * ```ts
 * isTchar('a'.charCodeAt(0)); // → true
 * isTchar('='.charCodeAt(0)); // → false
 * ```
 */
export function isTchar(c: number): boolean {
  return c < 128 && TCHAR[c] === 1;
}

/** qdtext or the char after a backslash: HTAB, SP, VCHAR, obs-text (RFC 9110 section 5.6.4). */
function isQuotable(c: number): boolean {
  return c === 9 || (c >= 32 && c <= 126) || (c >= 0x80 && c <= 0xff);
}

/**
 * What {@link scanElementBack} found: the pair count, and the trimmed element's start and end.
 *
 * @example
 * ```ts
 * const s = 'for=10.0.0.1, for=192.0.2.1;proto=https';
 * scanElementBack(s, s.length); // → 13
 * [...SCAN]; // → [2, 14, 39]: 2 pairs, the element trimmed is s.slice(14, 39)
 * ```
 */
export const SCAN = new Int32Array(3);

/**
 * How many backslashes stand immediately left of `i`, counting no further left than `floor`
 * (exclusive): a run that reaches it makes the element longer than `MAX_ELEMENT` (malformed
 * either way), and counting a hostile megabyte of backslashes would cost the megabyte.
 */
function backslashesBefore(s: string, i: number, floor: number): number {
  let n = 0;
  while (i - 1 - n > floor && s.charCodeAt(i - 1 - n) === 92) n++;
  return n;
}

/**
 * Parses the element that ends at `end` (exclusive), right to left, into {@link PAIRS} (rightmost
 * pair first) and {@link SCAN}. Returns where the element starts (just after the comma left of
 * it, or 0), or -1 when it is malformed, names a parameter twice, or is longer than
 * `MAX_ELEMENT`. An empty element has 0 pairs.
 *
 * Reading a quoted-string backwards is exact: a `"` closes (here: opens) the string when an even
 * number of backslashes stands left of it, since backslashes pair up from the left; every other
 * character inside must be quotable whether it is escaped or not.
 *
 * @example
 * ```ts
 * const s = 'for=10.0.0.1, for=192.0.2.1;proto=https';
 * scanElementBack(s, s.length); // → 13: just after the comma; SCAN[0] is 2 pairs
 * scanElementBack(s, 12); // → 0: the first element, 1 pair
 * scanElementBack('for=a;FOR=b', 11); // → -1: a parameter given twice
 * ```
 */
export function scanElementBack(s: string, end: number): number {
  const floor = Math.max(-1, end - MAX_ELEMENT - 1);
  let n = 0;
  let i = end - 1;
  while (i > floor && isOws(s.charCodeAt(i))) i--;
  SCAN[2] = i + 1;
  for (;;) {
    if (i <= floor) {
      if (i >= 0) return -1; // longer than MAX_ELEMENT
      break;
    }
    let c = s.charCodeAt(i);
    if (c === 44) break;
    if (c === 59) {
      // `;`, with OWS left of it; `;;` is an empty pair
      i--;
      while (i > floor && isOws(s.charCodeAt(i))) i--;
      continue;
    }
    let valueStart: number;
    let valueEnd: number;
    let escaped = 0;
    if (c === 34) {
      if ((backslashesBefore(s, i, floor) & 1) === 1) return -1; // an escaped quote cannot close it
      valueEnd = i;
      let j = i - 1;
      for (;;) {
        if (j <= floor) return -1;
        const d = s.charCodeAt(j);
        if (d === 34) {
          const run = backslashesBefore(s, j, floor);
          if ((run & 1) === 0) break;
          escaped = 1;
          j -= run + 1;
        } else if (d === 92) {
          escaped = 1;
          j--;
        } else if (isQuotable(d)) {
          j--;
        } else {
          return -1;
        }
      }
      valueStart = j + 1;
      i = j - 1;
    } else {
      valueEnd = i + 1;
      while (i > floor && isTchar(s.charCodeAt(i))) i--;
      valueStart = i + 1;
      if (valueStart === valueEnd) return -1;
    }
    if (i <= floor || s.charCodeAt(i) !== 61) return -1;
    const nameEnd = i--;
    while (i > floor && isTchar(s.charCodeAt(i))) i--;
    const nameStart = i + 1;
    if (nameStart === nameEnd || n === MAX_PAIRS) return -1;
    for (let k = 0; k < n; k++) {
      if (sameName(s, PAIRS[k * 5]!, PAIRS[k * 5 + 1]!, nameStart, nameEnd)) return -1;
    }
    const o = n * 5;
    PAIRS[o] = nameStart;
    PAIRS[o + 1] = nameEnd;
    PAIRS[o + 2] = valueStart;
    PAIRS[o + 3] = valueEnd;
    PAIRS[o + 4] = escaped;
    n++;
    while (i > floor && isOws(s.charCodeAt(i))) i--;
    if (i > floor) {
      c = s.charCodeAt(i);
      if (c !== 59 && c !== 44) return -1;
    }
  }
  let first = i + 1;
  while (first < SCAN[2] && isOws(s.charCodeAt(first))) first++;
  SCAN[0] = n;
  SCAN[1] = first;
  return i + 1;
}

/**
 * Whether two parameter names are the same, case-insensitively (RFC 7239 section 4). Only ASCII
 * letters fold: `c | 0x20` alone would also equate tchars such as `^` and `~`.
 */
function sameName(s: string, a0: number, a1: number, b0: number, b1: number): boolean {
  if (a1 - a0 !== b1 - b0) return false;
  for (let i = 0; i < a1 - a0; i++) {
    if (foldLetter(s.charCodeAt(a0 + i)) !== foldLetter(s.charCodeAt(b0 + i))) return false;
  }
  return true;
}

/** `c` lower-cased when it is an ASCII capital letter. */
function foldLetter(c: number): number {
  return c >= 65 && c <= 90 ? c | 0x20 : c;
}

/**
 * Index of the pair named `name` (lower-case ASCII) among the `n` pairs in {@link PAIRS}, or -1.
 * Parameter names are case-insensitive (RFC 7239 section 4).
 *
 * @example
 * ```ts
 * const s = 'for=192.0.2.1;Proto=https';
 * scanElementBack(s, s.length);
 * findPair(s, SCAN[0]!, 'proto'); // → 0 (pairs are stored rightmost first)
 * findPair(s, SCAN[0]!, 'by'); // → -1
 * ```
 */
export function findPair(s: string, n: number, name: string): number {
  for (let k = 0; k < n; k++) {
    const a = PAIRS[k * 5]!;
    if (PAIRS[k * 5 + 1]! - a !== name.length) continue;
    let same = true;
    for (let i = 0; i < name.length; i++) {
      if ((s.charCodeAt(a + i) | 0x20) !== name.charCodeAt(i)) {
        same = false;
        break;
      }
    }
    if (same) return k;
  }
  return -1;
}

/**
 * The value of pair `k` of {@link PAIRS}, with quoted-pairs unescaped.
 *
 * @example
 * ```ts
 * const s = 'for="[2001:db8::1]:4711";by="\\"x\\""';
 * scanElementBack(s, s.length);
 * pairValue(s, 1); // → '[2001:db8::1]:4711'
 * pairValue(s, 0); // → '"x"': quoted-pairs unescaped
 * ```
 */
export function pairValue(s: string, k: number): string {
  const start = PAIRS[k * 5 + 2]!;
  const end = PAIRS[k * 5 + 3]!;
  if (PAIRS[k * 5 + 4] === 0) return s.slice(start, end);
  let out = '';
  for (let i = start; i < end; i++) {
    if (s.charCodeAt(i) === 92) i++;
    out += s[i];
  }
  return out;
}

/**
 * The address of the `for=` node of the element whose `n` pairs are in {@link PAIRS}, parsed into
 * `ADDR`/`PORT`. An element without `for=` names no hop the walk could trust: INVALID.
 *
 * @example
 * ```ts
 * const s = 'for="[2001:db8::1]:4711";proto=https';
 * scanElementBack(s, s.length);
 * forwardedFor(s, SCAN[0]!); // → V6 (6)
 * formatAddress(V6, false); // → '2001:db8::1', and PORT[0] is 4711
 * ```
 */
export function forwardedFor(s: string, n: number): Family {
  const k = findPair(s, n, 'for');
  if (k < 0) return INVALID;
  if (PAIRS[k * 5 + 4] === 0) return parseNode(s, PAIRS[k * 5 + 2]!, PAIRS[k * 5 + 3]!);
  const value = pairValue(s, k);
  const family = parseNode(value, 0, value.length);
  BOUNDS[2] = 1; // the address is in `value`, not in `s`
  return family;
}

/** One parsed `Forwarded` element: parameter names in lower case, values unquoted and unescaped. */
export type ForwardedElement = Record<string, string>;

/**
 * Parses a whole `Forwarded` header (repeated lines as an array, or joined with commas) into its
 * elements, leftmost first. Returns `undefined` if any element is malformed; never throws.
 * For resolving a client address use `createResolver({ header: 'forwarded' })`, which reads only
 * the elements it needs.
 *
 * @example
 * ```ts
 * parseForwarded('for=192.0.2.60;proto=http;by=203.0.113.43, for="[2001:db8::1]:4711"');
 * // [{ for: '192.0.2.60', proto: 'http', by: '203.0.113.43' }, { for: '[2001:db8::1]:4711' }]
 * ```
 */
export function parseForwarded(value: RawHeaderValue): ForwardedElement[] | undefined {
  if (value === null || value === undefined) return [];
  const lines = typeof value === 'string' ? [value] : value;
  const out: ForwardedElement[] = [];
  for (let line = lines.length - 1; line >= 0; line--) {
    const s = lines[line];
    if (typeof s !== 'string') return undefined;
    for (let pos = s.length; pos >= 0;) {
      const start = scanElementBack(s, pos);
      if (start < 0) return undefined;
      pos = start - 1;
      const n = SCAN[0]!;
      if (n === 0) continue;
      const element: ForwardedElement = Object.create(null) as ForwardedElement;
      for (let k = n - 1; k >= 0; k--) {
        element[s.slice(PAIRS[k * 5], PAIRS[k * 5 + 1]).toLowerCase()] = pairValue(s, k);
      }
      out.push(element);
    }
  }
  return out.reverse();
}
