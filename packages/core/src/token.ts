/**
 * One hop's address as written in a forwarding header: the address, optionally with a port.
 * Writes `ADDR` and `PORT` (see ip.ts) and returns the family, or INVALID.
 */
import {
  INVALID,
  PORT,
  parseAddress,
  parseIPv4,
  parseIPv6,
  parsePort,
  storeIPv4,
  type Family,
} from './ip.js';

/**
 * An X-Forwarded-For entry: `a.b.c.d`, `a.b.c.d:port`, a bare IPv6 address, or `[v6]:port`.
 *
 * The forms nginx's realip module rejects are rejected here too: a bracketed address without a
 * port (`[::1]`), a zone id (`fe80::1%eth0`), anything that is not a strict address. A "port" is
 * never cut from an unbracketed IPv6 address: `2001:db8::1:80` is the address `2001:db8::1:80`.
 */
export function parseForwardedForToken(s: string, start: number, end: number): Family {
  PORT[0] = -1;
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
  if (i === end) return storeIPv4(parseIPv4(s, start, end));
  if (s.charCodeAt(i) !== 58) return INVALID;
  const port = parsePort(s, i + 1, end);
  if (port < 0) return INVALID;
  const family = storeIPv4(parseIPv4(s, start, i));
  if (family !== INVALID) PORT[0] = port;
  return family;
}

/**
 * An RFC 7239 section 6 node: `IPv4address [":" port]` or `"[" IPv6address "]" [":" port]`,
 * where the port may be obfuscated (`_abc`, known to be a port but not which). `unknown` and
 * obfuscated identifiers (`_hidden`) are valid syntax but not addresses, so they return INVALID:
 * the walk cannot know who that hop was and must stop there.
 */
export function parseNode(s: string, start: number, end: number): Family {
  PORT[0] = -1;
  if (s.charCodeAt(start) === 91) return parseBracketed(s, start, end, false);
  // Unbracketed, so IPv4 only: an IPv6 node must be bracketed (and so quoted).
  const colon = s.indexOf(':', start);
  if (colon < 0 || colon >= end) return parseAddress(s, start, end, false);
  if (!parseNodePort(s, colon + 1, end)) return INVALID;
  return parseAddress(s, start, colon, false);
}

/** `[v6]` or `[v6]:port`; XFF requires the port (a bare bracketed token is not an address there). */
function parseBracketed(s: string, start: number, end: number, portRequired: boolean): Family {
  const close = s.indexOf(']', start);
  if (close < 0 || close >= end) return INVALID;
  let port = -1;
  if (close + 1 < end) {
    if (s.charCodeAt(close + 1) !== 58) return INVALID;
    if (portRequired) {
      port = parsePort(s, close + 2, end);
      if (port < 0) return INVALID;
    } else if (!parseNodePort(s, close + 2, end)) {
      return INVALID;
    }
  } else if (portRequired) {
    return INVALID;
  }
  const family = parseIPv6(s, start + 1, close);
  if (family !== INVALID && port >= 0) PORT[0] = port;
  return family;
}

/** RFC 7239 `node-port = port / obfport`; sets PORT for a numeric port. */
function parseNodePort(s: string, start: number, end: number): boolean {
  if (s.charCodeAt(start) === 95) return start + 1 < end && isObfuscated(s, start + 1, end);
  const port = parsePort(s, start, end);
  PORT[0] = port;
  return port >= 0;
}

/** `1*( ALPHA / DIGIT / "." / "_" / "-" )`, the characters of an obfuscated node or port. */
export function isObfuscated(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    const l = c | 0x20;
    if (!((l >= 97 && l <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 45)) {
      return false;
    }
  }
  return true;
}
