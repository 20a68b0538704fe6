/**
 * One hop's address as written in a forwarding header: the address, optionally with a port.
 * Writes `ADDR` and `PORT` (see ip.ts) and returns the family, or INVALID.
 */
import {
  INVALID,
  PORT,
  V4,
  parseIPv4,
  parseIPv6,
  parsePort,
  storeIPv4,
  type Family,
} from './ip.js';
import { indexIn, isOws } from './list.js';

/**
 * Where the address itself (without brackets or port) sits in the text last parsed: start, end,
 * and 1 when that text was not the header itself (an unescaped copy of a quoted Forwarded node).
 *
 * @example
 * ```ts
 * parseForwardedForToken('[2001:db8::1]:443', 0, 17); // → V6
 * [...BOUNDS]; // → [1, 12, 0]: the address is '[2001:db8::1]:443'.slice(1, 12)
 * ```
 */
export const BOUNDS = new Int32Array(3);

/**
 * An X-Forwarded-For entry: `a.b.c.d`, `a.b.c.d:port`, a bare IPv6 address, or `[v6]:port`.
 *
 * The forms nginx's realip module rejects are rejected here too: a bracketed address without a
 * port (`[::1]`), a zone id (`fe80::1%eth0`), anything that is not a strict address. A "port" is
 * never cut from an unbracketed IPv6 address: `2001:db8::1:80` is the address `2001:db8::1:80`.
 *
 * @example
 * ```ts
 * parseForwardedForToken('10.0.0.1:8080', 0, 13); // → V4, and PORT[0] is 8080
 * parseForwardedForToken('2001:db8::1:80', 0, 14); // → V6: the address 2001:db8::1:80, no port
 * parseForwardedForToken('[::1]', 0, 5); // → INVALID: brackets need a port
 * ```
 */
export function parseForwardedForToken(s: string, start: number, end: number): Family {
  PORT[0] = -1;
  BOUNDS[0] = start;
  BOUNDS[1] = end;
  BOUNDS[2] = 0;
  if (s.charCodeAt(start) === 91) return parseBracketed(s, start, end, true);
  // Most entries are IPv4, so read digits and dots first. A colon after a dot can only start a
  // port; no dot before the first other character means IPv6 (or junk).
  let i = start;
  let dots = 0;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) dots++;
    else if (c < 48 || c > 57) break;
  }
  if (dots === 0) return parseIPv6(s, start, end);
  if (i === end) return parseIPv4(s, start, end);
  if (s.charCodeAt(i) !== 58) return INVALID;
  const port = parsePort(s, i + 1, end);
  if (port < 0) return INVALID;
  const family = parseIPv4(s, start, i);
  PORT[0] = port;
  BOUNDS[1] = i;
  return family;
}

/**
 * The fast path of the walk: reads the list element that ends at `end` from right to left, in one
 * pass, as a bare dotted quad with optional OWS around it (what nearly every proxy writes).
 * On success it writes `ADDR`, `BOUNDS` (the address) and `PORT` (none) and returns the start of
 * the element (just after its comma, or 0). Anything else returns -1, and the general path
 * (find the element, trim, parse) decides what it is; so this is only ever a shortcut.
 *
 * @example
 * ```ts
 * const s = '203.0.113.7, 10.0.0.1 ';
 * parseIPv4ElementBack(s, s.length); // → 12, with BOUNDS [13, 21] and ADDR holding 10.0.0.1
 * parseIPv4ElementBack('10.0.0.1:80', 11); // → -1: left to the general path
 * ```
 */
export function parseIPv4ElementBack(s: string, end: number): number {
  const floor = end - 64; // bounds the OWS this path will skip
  let i = end - 1;
  while (i >= 0 && isOws(s.charCodeAt(i))) if (--i < floor) return -1;
  const last = i + 1;
  let acc = 0;
  let scale = 1;
  let value = 0;
  let weight = 1;
  let digits = 0;
  let lead = 0;
  let parts = 0;
  for (; i >= 0; i--) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits === 3) return -1;
      value += (c - 48) * weight;
      weight *= 10;
      digits++;
      lead = c;
    } else if (c === 46 && parts < 3) {
      if (digits === 0 || value > 255 || (digits > 1 && lead === 48)) return -1;
      acc += value * scale;
      scale *= 256;
      parts++;
      value = 0;
      weight = 1;
      digits = 0;
    } else {
      break;
    }
  }
  if (digits === 0 || value > 255 || (digits > 1 && lead === 48) || parts !== 3) return -1;
  const first = i + 1;
  while (i >= 0 && isOws(s.charCodeAt(i))) if (--i < floor) return -1;
  if (i >= 0 && s.charCodeAt(i) !== 44) return -1;
  storeIPv4((acc + value * scale) | 0);
  PORT[0] = -1;
  BOUNDS[0] = first;
  BOUNDS[1] = last;
  BOUNDS[2] = 0;
  return i + 1;
}

/**
 * An RFC 7239 section 6 node: `IPv4address [":" port]` or `"[" IPv6address "]" [":" port]`,
 * where the port may be obfuscated (`_abc`, known to be a port but not which). `unknown` and
 * obfuscated identifiers (`_hidden`) are valid syntax but not addresses, so they return INVALID:
 * the walk cannot know who that hop was and must stop there.
 *
 * @example
 * ```ts
 * parseNode('192.0.2.1:_abc', 0, 14); // → V4, and PORT[0] is -1 (obfuscated port)
 * parseNode('[2001:db8::1]:80', 0, 16); // → V6, and PORT[0] is 80
 * parseNode('unknown', 0, 7); // → INVALID: valid syntax, but no address
 * ```
 */
export function parseNode(s: string, start: number, end: number): Family {
  PORT[0] = -1;
  BOUNDS[0] = start;
  BOUNDS[1] = end;
  BOUNDS[2] = 0;
  if (s.charCodeAt(start) === 91) return parseBracketed(s, start, end, false);
  // Unbracketed, so IPv4 only: an IPv6 node must be bracketed (and so quoted). Most nodes are a
  // bare address, read in one pass; only when that fails is a `:port` looked for (inside the
  // node only: `indexOf` would read on through the rest of the header).
  if (parseIPv4(s, start, end) === V4) return V4;
  const colon = indexIn(s, 58, start, end);
  if (colon === end) return INVALID;
  const port = parseNodePort(s, colon + 1, end);
  if (port < -1) return INVALID;
  PORT[0] = port;
  BOUNDS[1] = colon;
  return parseIPv4(s, start, colon);
}

/** `[v6]` or `[v6]:port`; XFF requires the port (a bare bracketed token is not an address there). */
function parseBracketed(s: string, start: number, end: number, portRequired: boolean): Family {
  const close = indexIn(s, 93, start, end);
  if (close === end) return INVALID;
  let port = -1;
  if (close + 1 < end) {
    if (s.charCodeAt(close + 1) !== 58) return INVALID;
    port = portRequired ? parsePort(s, close + 2, end) : parseNodePort(s, close + 2, end);
    if (port < (portRequired ? 0 : -1)) return INVALID;
  } else if (portRequired) {
    return INVALID;
  }
  BOUNDS[0] = start + 1;
  BOUNDS[1] = close;
  PORT[0] = port;
  return parseIPv6(s, start + 1, close);
}

/**
 * RFC 7239 `node-port = port / obfport`: the port, -1 for an obfuscated port (valid, but which
 * port is not known), -2 when invalid.
 */
function parseNodePort(s: string, start: number, end: number): number {
  if (s.charCodeAt(start) === 95)
    return start + 1 < end && isObfuscated(s, start + 1, end) ? -1 : -2;
  const port = parsePort(s, start, end);
  return port < 0 ? -2 : port;
}

/**
 * `1*( ALPHA / DIGIT / "." / "_" / "-" )`, the characters of an obfuscated node or port.
 *
 * @example
 * ```ts
 * isObfuscated('_hidden', 1, 7); // → true
 * isObfuscated('_a b', 1, 4); // → false
 * ```
 */
function isObfuscated(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    const l = c | 0x20;
    if (!((l >= 97 && l <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 45)) {
      return false;
    }
  }
  return true;
}
