/**
 * Header access and right-to-left list scanning (RFC 9110 section 5.6.1 `#rule` lists).
 *
 * The walk needs only the elements closest to the socket, so lists are read from the right, one
 * element at a time, and never split as a whole: the cost is the elements walked, not the header.
 */

/**
 * Longest element the walk will scan; anything longer is not an address (nor a sane element).
 *
 * @example
 * ```ts
 * const long = '1'.repeat(MAX_ELEMENT + 1);
 * elementStart(long, long.length); // → -1: too long to be an element worth reading
 * ```
 */
export const MAX_ELEMENT = 1024;

/** A header value as Node (string, or string[] for `headersDistinct`) or Fetch (`null`) gives it. */
export type RawHeaderValue = string | readonly string[] | null | undefined;

/**
 * OWS: SP or HTAB (RFC 9110 section 5.6.3).
 *
 * @example
 * ```ts
 * isOws(' '.charCodeAt(0)); // → true
 * isOws(','.charCodeAt(0)); // → false
 * ```
 */
export function isOws(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * Reads one header from a Node-style object (lower-case keys) or a WHATWG `Headers`. Anything
 * that is neither a string nor an array of strings reads as absent, so no header shape throws.
 * Only own properties of a plain object are headers: Node's `req.headers` inherits from
 * `Object.prototype`, and a value planted there by prototype pollution is not a header.
 *
 * @example
 * ```ts
 * headerValue({ 'x-real-ip': '10.0.0.1' }, 'x-real-ip'); // → '10.0.0.1'
 * headerValue(new Headers({ 'X-Real-IP': '10.0.0.1' }), 'x-real-ip'); // → '10.0.0.1'
 * headerValue({ 'x-real-ip': 7 }, 'x-real-ip'); // → undefined
 * ```
 */
export function headerValue(headers: unknown, name: string): RawHeaderValue {
  if (headers === null || typeof headers !== 'object') return undefined;
  const get = (headers as { get?: unknown }).get;
  const value: unknown =
    typeof get === 'function'
      ? (get as (n: string) => unknown).call(headers, name)
      : Object.hasOwn(headers, name)
        ? (headers as Record<string, unknown>)[name]
        : undefined;
  return typeof value === 'string' || Array.isArray(value) ? (value as RawHeaderValue) : undefined;
}

/**
 * Start index of the list element that ends at `end` (exclusive): just after the nearest comma
 * to its left, or 0. Returns -1 when the element is longer than {@link MAX_ELEMENT}, so one
 * hostile element costs a bounded scan. (RFC 7239 elements, which may quote commas, are found by
 * `scanElementBack` in forwarded.ts.)
 *
 * @example
 * ```ts
 * elementStart('10.0.0.1, 10.0.0.2', 18); // → 9: just after the comma
 * elementStart('10.0.0.1', 8); // → 0
 * ```
 */
export function elementStart(s: string, end: number): number {
  const floor = end - MAX_ELEMENT;
  for (let i = end - 1; i >= 0; i--) {
    if (i < floor) return -1;
    if (s.charCodeAt(i) === 44) return i + 1;
  }
  return 0;
}

/**
 * Finds the `n`-th non-empty element from the right (n >= 1) of a list header, trimmed of OWS,
 * examining at most `limit` elements (empty ones included, as the address walk counts them), so
 * a header of nothing but commas costs `limit` steps, not its length. Writes its bounds and
 * string to `FOUND`; returns false when the list is shorter or the limit is reached first. Used
 * to read X-Forwarded-Proto / -Host in lockstep with the X-Forwarded-For hop.
 *
 * @example
 * ```ts
 * nthFromRight('https, http', 1, 32); // → true
 * FOUND.s.slice(FOUND.start, FOUND.end); // → 'http'
 * nthFromRight('https', 2, 32); // → false: only one element
 * nthFromRight('https,,', 1, 2); // → false: two empty elements reach the limit first
 * ```
 */
export function nthFromRight(value: RawHeaderValue, n: number, limit: number): boolean {
  if (value === null || value === undefined) return false;
  const many = typeof value !== 'string';
  let index = many ? value.length - 1 : 0;
  let seen = 0;
  let examined = 0;
  for (; index >= 0; index--) {
    const s = many ? value[index] : value;
    if (typeof s !== 'string') continue;
    let pos = s.length;
    while (pos >= 0) {
      if (++examined > limit) return false;
      const start = elementStart(s, pos);
      if (start < 0) return false;
      let a = start;
      let b = pos;
      pos = start - 1;
      while (a < b && isOws(s.charCodeAt(a))) a++;
      while (b > a && isOws(s.charCodeAt(b - 1))) b--;
      if (a !== b && ++seen === n) {
        FOUND.s = s;
        FOUND.start = a;
        FOUND.end = b;
        return true;
      }
    }
  }
  return false;
}

/**
 * Bounds written by {@link nthFromRight}.
 *
 * @example
 * ```ts
 * if (nthFromRight(['a, b', 'c'], 2, 32)) {
 *   FOUND.s.slice(FOUND.start, FOUND.end); // → 'b'
 * }
 * ```
 */
export const FOUND = { s: '', start: 0, end: 0 };

/**
 * Index of the first `code` in `s[start, end)`, or `end`: bounded where `indexOf` is not.
 *
 * @example
 * ```ts
 * indexIn('[::1]:80', 93, 0, 8); // → 4: the ']'
 * indexIn('10.0.0.1', 58, 0, 8); // → 8: no ':' before `end`
 * ```
 */
export function indexIn(s: string, code: number, start: number, end: number): number {
  let i = start;
  while (i < end && s.charCodeAt(i) !== code) i++;
  return i;
}
