/**
 * Validation of forwarded protocol and host values. Anything that fails is ignored (reported as
 * `undefined`), never passed through: a proxy's `X-Forwarded-Proto: javascript` is not a scheme
 * our users' redirects should build URLs with.
 */
import { INVALID, parseIPv4, parseIPv6, parsePort } from './ip.js';
import { indexIn } from './list.js';

/**
 * `http` or `https` (ASCII case-insensitive), else `undefined`.
 *
 * @example
 * ```ts
 * toProtocol('HTTPS', 0, 5); // → 'https'
 * toProtocol('javascript', 0, 10); // → undefined
 * ```
 */
export function toProtocol(s: string, start: number, end: number): 'http' | 'https' | undefined {
  const len = end - start;
  if (len !== 4 && len !== 5) return undefined;
  if (
    (s.charCodeAt(start) | 0x20) !== 104 ||
    (s.charCodeAt(start + 1) | 0x20) !== 116 ||
    (s.charCodeAt(start + 2) | 0x20) !== 116 ||
    (s.charCodeAt(start + 3) | 0x20) !== 112
  ) {
    return undefined;
  }
  if (len === 4) return 'http';
  return (s.charCodeAt(start + 4) | 0x20) === 115 ? 'https' : undefined;
}

/**
 * A `Host`-style value, `uri-host [ ":" port ]` (RFC 9110 section 7.2), lower-cased, else
 * `undefined`. Names are limited to DNS characters (letters, digits, `-`, `.`, `_`; at most 253),
 * IP literals are strict, the port is decimal 0-65535.
 *
 * @example
 * ```ts
 * toHost('Example.COM:8080', 0, 16); // → 'example.com:8080'
 * toHost('[::1]:443', 0, 9); // → '[::1]:443'
 * toHost('010.1', 0, 5); // → undefined: digits and dots must be a strict IPv4 address
 * toHost('-', 0, 1); // → '-': a reg-name, as RFC 3986 allows
 * ```
 */
export function toHost(s: string, start: number, end: number): string | undefined {
  if (end - start < 1 || end - start > 261) return undefined;
  let hostEnd: number;
  if (s.charCodeAt(start) === 91) {
    const close = indexIn(s, 93, start, end);
    if (close === end || parseIPv6(s, start + 1, close) === INVALID) return undefined;
    hostEnd = close + 1;
  } else {
    hostEnd = start;
    // A reg-name (RFC 3986 section 3.2.2) may hold any of these, `-` or `_` alone included; only
    // a name of digits and dots alone must be a strict IPv4 address, not `010.1` or `2130706433`.
    let named = false;
    while (hostEnd < end) {
      const c = s.charCodeAt(hostEnd);
      const l = c | 0x20;
      if ((l >= 97 && l <= 122) || c === 45 || c === 95) named = true;
      else if (!((c >= 48 && c <= 57) || c === 46)) break;
      hostEnd++;
    }
    if (hostEnd === start || hostEnd - start > 253) return undefined;
    if (!named && parseIPv4(s, start, hostEnd) === INVALID) return undefined;
  }
  if (hostEnd !== end) {
    if (s.charCodeAt(hostEnd) !== 58 || parsePort(s, hostEnd + 1, end) < 0) return undefined;
  }
  return s.slice(start, end).toLowerCase();
}
