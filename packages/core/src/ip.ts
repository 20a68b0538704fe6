/**
 * Strict textual IP parsing and RFC 5952 formatting, written for the per-request hot path.
 *
 * Why hand-written: every request parses one token per hop walked. A general parser
 * (ipaddr.js) allocates objects and accepts legacy forms (`010.0.0.1` as octal, `127.1`,
 * `2130706433`) that `inet_pton` and `net.isIP` reject. Here parsing reads char codes between two
 * indices of the header string, writes the address into the `ADDR` scratch words and allocates
 * nothing. Configuration is parsed elsewhere with ipaddr.js after a `net.isIP` check.
 *
 * Scratch contract: a parse writes `ADDR` (and `PORT` for host/port tokens). Callers copy what
 * they need before running any user code (a trust function), which could re-enter a resolver.
 */
import { indexIn } from './list.js';

/**
 * The four 32-bit words of the last parsed address; an IPv4 address lives in word 3.
 *
 * @example
 * ```ts
 * parseAddress('10.0.0.1', 0, 8, false); // V4
 * ADDR[3] === 0x0a000001;                 // true (ADDR[0..2] = 0, 0, 0xffff: the mapped form)
 * ```
 */
export const ADDR = new Int32Array(4);
/**
 * Port of the last parsed host/port token, or -1 when it had none (or an obfuscated one).
 *
 * @example
 * ```ts
 * parseForwardedForToken('1.2.3.4:8080', 0, 12); // V4
 * PORT[0];                                        // 8080
 * ```
 */
export const PORT = new Int32Array(1);

/**
 * Parse result: not an address.
 *
 * @example
 * ```ts
 * if (parseAddress('unknown', 0, 7, false) === INVALID) reason = 'invalid';
 * ```
 */
export const INVALID = 0;
/**
 * Parse result: IPv4 (`ADDR[3]`).
 *
 * @example
 * ```ts
 * parseAddress('192.0.2.1', 0, 9, false) === V4; // true
 * ```
 */
export const V4 = 4;
/**
 * Parse result: IPv6 (`ADDR[0..3]`).
 *
 * @example
 * ```ts
 * parseAddress('2001:db8::1', 0, 11, false) === V6; // true
 * ```
 */
export const V6 = 6;
/**
 * Parse result: IPv4-mapped IPv6 `::ffff:a.b.c.d`; matched and (by default) printed as IPv4.
 *
 * @example
 * ```ts
 * parseAddress('::ffff:10.0.0.1', 0, 15, false) === MAPPED; // true
 * formatAddress(MAPPED, false);                              // '10.0.0.1'
 * ```
 */
export const MAPPED = 5;

/** Address family code returned by the parsers. */
export type Family = typeof INVALID | typeof V4 | typeof V6 | typeof MAPPED;

const GROUPS = new Uint16Array(8);

/**
 * Parses `s[start, end)` as a strict dotted-quad IPv4 address: four decimal parts 0-255, no
 * leading zeros (so `010.0.0.1`, `0x7f.0.0.1`, `127.1` and `2130706433` are rejected, as by
 * `inet_pton`). Stores it in `ADDR` and returns V4, or INVALID.
 *
 * @example
 * ```ts
 * parseIPv4('10.0.0.1', 0, 8);  // V4; ADDR[3] = 0x0a000001
 * parseIPv4('010.0.0.1', 0, 9); // INVALID: a leading zero (octal to inet_aton)
 * ```
 *
 * The address is written here rather than returned: a 32-bit unsigned value is not a small
 * integer to V8, so returning it from a call that is not inlined allocates a heap number.
 */
export function parseIPv4(s: string, start: number, end: number): Family {
  let acc = 0;
  let parts = 0;
  let value = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits !== 0 && value === 0) return INVALID; // leading zero
      value = value * 10 + (c - 48);
      if (value > 255) return INVALID;
      digits++;
    } else if (c === 46 && digits !== 0 && parts < 3) {
      acc = acc * 256 + value;
      parts++;
      value = 0;
      digits = 0;
    } else {
      return INVALID;
    }
  }
  if (digits === 0 || parts !== 3) return INVALID;
  return storeIPv4((acc * 256 + value) | 0);
}

/**
 * What the last {@link parseIPv6} saw of its text: the text and bounds, and whether it already is
 * the RFC 5952 section 4 form (lower-case hex, no leading zeros, `::` on the longest run of two or
 * more zero groups, the first on a tie, no dotted quad). Then {@link addressText} returns the
 * text itself without formatting and comparing it.
 */
const SEEN = { s: '', start: 0, end: 0, canonical: false };

/**
 * Parses `s[start, end)` as an IPv6 address (RFC 4291 section 2.2 text forms, including a
 * trailing dotted quad) into `ADDR`. No zone id, no brackets. Returns V6, MAPPED or INVALID.
 *
 * @example
 * ```ts
 * parseIPv6('2001:db8::1', 0, 11);     // V6; ADDR = [0x20010db8, 0, 0, 1]
 * parseIPv6('::ffff:10.0.0.1', 0, 15); // MAPPED; ADDR[3] = 0x0a000001
 * parseIPv6('1:2', 0, 3);              // INVALID: two groups without '::'
 * ```
 */
export function parseIPv6(s: string, start: number, end: number): Family {
  let n = 0;
  let gap = -1;
  let i = start;
  // Stays true while the text is in RFC 5952 form as far as single groups go.
  let canonical = true;
  SEEN.canonical = false;
  if (end - start < 2) return INVALID;
  if (s.charCodeAt(i) === 58) {
    if (s.charCodeAt(i + 1) !== 58) return INVALID;
    gap = 0;
    i += 2;
  }
  while (i < end) {
    if (n === 8) return INVALID;
    let value = 0;
    let j = i;
    for (; j < end && j - i < 5; j++) {
      const c = s.charCodeAt(j);
      if (c >= 48 && c <= 57) {
        value = value * 16 + (c - 48);
      } else {
        const l = c | 0x20;
        if (l < 97 || l > 102) break;
        value = value * 16 + (l - 87);
        if (c !== l) canonical = false; // upper-case hex
      }
    }
    const digits = j - i;
    if (digits === 0 || digits > 4) return INVALID;
    if (j < end && s.charCodeAt(j) === 46) {
      // An embedded IPv4 address fills the last 32 bits (RFC 4291 section 2.2, form 3).
      if (n > 6) return INVALID;
      if (parseIPv4(s, i, end) === INVALID) return INVALID;
      const v4 = ADDR[3]!;
      GROUPS[n++] = v4 >>> 16;
      GROUPS[n++] = v4 & 0xffff;
      canonical = false;
      break;
    }
    if (digits > 1 && s.charCodeAt(i) === 48) canonical = false; // a leading zero
    GROUPS[n++] = value;
    i = j;
    if (i === end) break;
    if (s.charCodeAt(i) !== 58) return INVALID;
    i++;
    if (i === end) return INVALID; // a single trailing ':'
    if (s.charCodeAt(i) === 58) {
      if (gap >= 0) return INVALID; // '::' at most once
      gap = n;
      i++;
    }
  }
  if (gap >= 0) {
    if (n > 7) return INVALID;
    const tail = n - gap;
    for (let k = 1; k <= tail; k++) GROUPS[8 - k] = GROUPS[n - k]!;
    for (let k = gap; k < 8 - tail; k++) GROUPS[k] = 0;
  } else if (n !== 8) {
    return INVALID;
  }
  ADDR[0] = (GROUPS[0]! << 16) | GROUPS[1]!;
  ADDR[1] = (GROUPS[2]! << 16) | GROUPS[3]!;
  ADDR[2] = (GROUPS[4]! << 16) | GROUPS[5]!;
  ADDR[3] = (GROUPS[6]! << 16) | GROUPS[7]!;
  if (canonical) {
    // RFC 5952 section 4.2: `::` exactly on the run longestZeroRun() picks, and only there.
    const run = longestZeroRun();
    canonical = gap < 0 ? run < 0 : run === gap && RUN_LENGTH[0] === 8 - n;
    SEEN.s = s;
    SEEN.start = start;
    SEEN.end = end;
    SEEN.canonical = canonical;
  }
  return ADDR[0] === 0 && ADDR[1] === 0 && ADDR[2] === 0xffff ? MAPPED : V6;
}

/**
 * Parses a bare address, IPv4 or IPv6, into `ADDR`. When `zone` is true a `%zone` suffix on an
 * IPv6 address is accepted and ignored (socket addresses of link-local peers carry one; header
 * tokens never may). Returns the family code.
 *
 * @example
 * ```ts
 * parseAddress('fe80::1%eth0', 0, 12, true);  // V6 (a socket address)
 * parseAddress('fe80::1%eth0', 0, 12, false); // INVALID (a header token)
 * ```
 */
export function parseAddress(s: string, start: number, end: number, zone: boolean): Family {
  // IPv4 first: its parse fails at the first character that is not a digit or a dot.
  if (parseIPv4(s, start, end) === V4) return V4;
  if (zone) {
    const pct = indexIn(s, 37, start, end);
    if (pct < end) {
      if (pct === end - 1) return INVALID;
      end = pct;
    }
  }
  return parseIPv6(s, start, end);
}

/**
 * Stores an IPv4 address, given as its 32 bits in a signed integer, in `ADDR` as its IPv4-mapped
 * words, so IPv4 and mapped addresses share one representation. Returns V4.
 *
 * @example
 * ```ts
 * storeIPv4(0x0a000001 | 0); // V4; ADDR = [0, 0, 0xffff, 0x0a000001]
 * ```
 */
export function storeIPv4(word: number): Family {
  ADDR[0] = 0;
  ADDR[1] = 0;
  ADDR[2] = 0xffff;
  ADDR[3] = word;
  return V4;
}

/**
 * Parses a decimal port of 1-5 digits, 0-65535, from `s[start, end)`; -1 when invalid.
 *
 * @example
 * ```ts
 * parsePort('8080', 0, 4);  // 8080
 * parsePort('65536', 0, 5); // -1
 * ```
 */
export function parsePort(s: string, start: number, end: number): number {
  const len = end - start;
  if (len < 1 || len > 5) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    value = value * 10 + (c - 48);
  }
  return value <= 65535 ? value : -1;
}

/**
 * Formats an unsigned 32-bit IPv4 value as dotted-quad text.
 *
 * @example
 * ```ts
 * formatIPv4(0xc0000201); // '192.0.2.1'
 * ```
 */
function formatIPv4(v: number): string {
  return `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/** RFC 5952 text of the IPv6 address in `ADDR`, as char codes (at most 39). */
const TEXT = new Uint8Array(40);

/** Length of the run {@link longestZeroRun} found. */
const RUN_LENGTH = new Int32Array(1);

/**
 * The first of the longest runs of two or more zero groups in `GROUPS` (RFC 5952 section 4.2.3:
 * the one `::` replaces), or -1; its length goes to `RUN_LENGTH`.
 */
function longestZeroRun(): number {
  let bestStart = -1;
  let bestLen = 1;
  let runStart = -1;
  for (let g = 0; g < 8; g++) {
    if (GROUPS[g] === 0) {
      if (runStart < 0) runStart = g;
      if (g - runStart + 1 > bestLen) {
        bestStart = runStart;
        bestLen = g - runStart + 1;
      }
    } else {
      runStart = -1;
    }
  }
  RUN_LENGTH[0] = bestLen;
  return bestStart;
}

/**
 * Writes the RFC 5952 section 4 text of the IPv6 address in `ADDR` into `TEXT`: lower-case hex,
 * no leading zeros, the longest run of two or more zero groups (the first on a tie) as `::`.
 * Returns its length.
 */
function writeIPv6(): number {
  for (let g = 0; g < 8; g++) GROUPS[g] = g & 1 ? ADDR[g >> 1]! & 0xffff : ADDR[g >> 1]! >>> 16;
  const bestStart = longestZeroRun();
  const bestLen = RUN_LENGTH[0]!;
  let n = 0;
  for (let g = 0; g < 8; g++) {
    if (g === bestStart) {
      TEXT[n++] = 58;
      TEXT[n++] = 58;
      g += bestLen - 1;
      continue;
    }
    if (n !== 0 && TEXT[n - 1] !== 58) TEXT[n++] = 58;
    const value = GROUPS[g]!;
    let shift = 12;
    while (shift > 0 && value >>> shift === 0) shift -= 4;
    for (; shift >= 0; shift -= 4) {
      const d = (value >>> shift) & 15;
      TEXT[n++] = d < 10 ? 48 + d : 87 + d;
    }
  }
  return n;
}

/**
 * Formats `ADDR` as canonical text. IPv4 and (unless `keepMapped`) IPv4-mapped addresses print as
 * dotted quads. IPv6 prints per RFC 5952 section 4; a kept mapped address prints as
 * `::ffff:a.b.c.d` (section 5).
 *
 * @example
 * ```ts
 * formatAddress(parseAddress('2001:DB8:0:0::1', 0, 15, false), false); // '2001:db8::1'
 * formatAddress(parseAddress('::ffff:a00:1', 0, 12, false), true);     // '::ffff:10.0.0.1'
 * ```
 */
export function formatAddress(family: Family, keepMapped: boolean): string {
  if (family === V4 || (family === MAPPED && !keepMapped)) return formatIPv4(ADDR[3]! >>> 0);
  if (family === MAPPED) return `::ffff:${formatIPv4(ADDR[3]! >>> 0)}`;
  const n = writeIPv6();
  let out = '';
  for (let i = 0; i < n; i++) out += String.fromCharCode(TEXT[i]!);
  return out;
}

/**
 * The canonical text of the address in `ADDR`, parsed from `s[start, end)`: the source text
 * itself when it already is canonical (a strict dotted quad always is; so is IPv6 written by
 * `inet_ntop`, as Node, nginx and most proxies write it), so the common answer costs one
 * substring instead of a string built piece by piece.
 *
 * @example
 * ```ts
 * const h = 'x, 2001:db8::1';
 * addressText(parseAddress(h, 3, 14, false), false, h, 3, 14); // '2001:db8::1', sliced from h
 * const u = 'x, 2001:DB8::1';
 * addressText(parseAddress(u, 3, 14, false), false, u, 3, 14); // '2001:db8::1', formatted
 * ```
 */
export function addressText(
  family: Family,
  keepMapped: boolean,
  s: string,
  start: number,
  end: number,
): string {
  if (
    family === V4 ||
    (family === V6 && SEEN.canonical && SEEN.s === s && SEEN.start === start && SEEN.end === end)
  ) {
    return start === 0 && end === s.length ? s : s.slice(start, end);
  }
  return formatAddress(family, keepMapped);
}

/**
 * Canonical text of an IP address, or `undefined` if `text` is not a strict IPv4 or IPv6 address.
 * IPv4-mapped IPv6 is unmapped to IPv4 unless `keepMapped`. A `%zone` suffix is dropped.
 *
 * @example
 * ```ts
 * canonicalIp('2001:DB8:0:0::1'); // '2001:db8::1'
 * canonicalIp('::ffff:10.0.0.1'); // '10.0.0.1'
 * canonicalIp('010.0.0.1');       // undefined: not decimal dotted-quad
 * ```
 */
export function canonicalIp(text: string, keepMapped = false): string | undefined {
  if (typeof text !== 'string') return undefined;
  const family = parseAddress(text, 0, text.length, true);
  return family === INVALID ? undefined : formatAddress(family, keepMapped);
}
