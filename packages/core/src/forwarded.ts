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
 * Elements are found from the right (list.ts) and parsed left to right within their bounds, so a
 * malformed element written by a client can never swallow the elements trusted proxies appended
 * after it, as an unterminated quote would in a left-to-right parse of the whole header.
 */
import { INVALID, type Family } from './ip.js';
import { elementStart, isOws, type RawHeaderValue } from './list.js';
import { parseNode } from './token.js';

/** Most parameters one element may carry; more is treated as malformed. */
const MAX_PAIRS = 16;
/** Pair bounds of the last scanned element: nameStart, nameEnd, valueStart, valueEnd, escaped. */
export const PAIRS = new Int32Array(MAX_PAIRS * 5);

/** tchar (RFC 9110 section 5.6.2). */
export function isTchar(c: number): boolean {
  if (c >= 97 && c <= 122) return true; // a-z
  if (c >= 65 && c <= 90) return true; // A-Z
  if (c >= 48 && c <= 57) return true; // 0-9
  switch (c) {
    case 33:
    case 35:
    case 36:
    case 37:
    case 38:
    case 39:
    case 42:
    case 43: // ! # $ % & ' * +
    case 45:
    case 46:
    case 94:
    case 95:
    case 96:
    case 124:
    case 126: // - . ^ _ ` | ~
      return true;
    default:
      return false;
  }
}

/** qdtext or the char after a backslash: HTAB, SP, VCHAR, obs-text (RFC 9110 section 5.6.4). */
function isQuotable(c: number): boolean {
  return c === 9 || (c >= 32 && c <= 126) || (c >= 0x80 && c <= 0xff);
}

/**
 * Scans the element `s[start, end)` (already trimmed of OWS) into {@link PAIRS}. Returns the
 * number of pairs, or -1 when the element is malformed or names a parameter twice.
 */
export function scanElement(s: string, start: number, end: number): number {
  let n = 0;
  let i = start;
  while (i < end) {
    while (i < end && isOws(s.charCodeAt(i))) i++;
    if (i < end && s.charCodeAt(i) === 59) {
      i++; // an empty pair: `;;`
      continue;
    }
    if (i === end) break;
    const nameStart = i;
    while (i < end && isTchar(s.charCodeAt(i))) i++;
    if (i === nameStart || i === end || s.charCodeAt(i) !== 61) return -1;
    const nameEnd = i++;
    let valueStart = i;
    let valueEnd: number;
    let escaped = 0;
    if (i < end && s.charCodeAt(i) === 34) {
      valueStart = ++i;
      for (;;) {
        if (i === end) return -1;
        const c = s.charCodeAt(i);
        if (c === 34) break;
        if (c === 92) {
          if (++i === end || !isQuotable(s.charCodeAt(i))) return -1;
          escaped = 1;
        } else if (!isQuotable(c)) {
          return -1;
        }
        i++;
      }
      valueEnd = i++;
    } else {
      while (i < end && isTchar(s.charCodeAt(i))) i++;
      valueEnd = i;
      if (valueEnd === valueStart) return -1;
    }
    while (i < end && isOws(s.charCodeAt(i))) i++;
    if (i < end && s.charCodeAt(i) !== 59) return -1;
    i++;
    if (n === MAX_PAIRS) return -1;
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
  }
  return n;
}

function sameName(s: string, a0: number, a1: number, b0: number, b1: number): boolean {
  if (a1 - a0 !== b1 - b0) return false;
  for (let i = 0; i < a1 - a0; i++) {
    if ((s.charCodeAt(a0 + i) | 0x20) !== (s.charCodeAt(b0 + i) | 0x20)) return false;
  }
  return true;
}

/**
 * Index of the pair named `name` (lower-case ASCII) among the `n` pairs in {@link PAIRS}, or -1.
 * Parameter names are case-insensitive (RFC 7239 section 4).
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

/** The value of pair `k` of {@link PAIRS}, with quoted-pairs unescaped. */
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
 */
export function forwardedFor(s: string, n: number): Family {
  const k = findPair(s, n, 'for');
  if (k < 0) return INVALID;
  if (PAIRS[k * 5 + 4] === 0) return parseNode(s, PAIRS[k * 5 + 2]!, PAIRS[k * 5 + 3]!);
  const value = pairValue(s, k);
  return parseNode(value, 0, value.length);
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
    let pos = s.length;
    while (pos >= 0) {
      const start = elementStart(s, pos, true);
      if (start < 0) return undefined;
      let a = start;
      let b = pos;
      pos = start - 1;
      while (a < b && isOws(s.charCodeAt(a))) a++;
      while (b > a && isOws(s.charCodeAt(b - 1))) b--;
      if (a === b) continue;
      const n = scanElement(s, a, b);
      if (n < 0) return undefined;
      const element: ForwardedElement = Object.create(null) as ForwardedElement;
      for (let k = 0; k < n; k++) {
        element[s.slice(PAIRS[k * 5], PAIRS[k * 5 + 1]).toLowerCase()] = pairValue(s, k);
      }
      out.push(element);
    }
  }
  return out.reverse();
}
