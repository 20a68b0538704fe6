/** Which PROXY protocol version the first bytes announce, and its parse. */
import { V1_SIGNATURE, parseProxyV1 } from './proxy-v1.js';
import { V2_SIGNATURE, parseProxyV2 } from './proxy-v2.js';
import type { ProxyParseResult } from './types.js';

/**
 * Parses a PROXY protocol header (v1 or v2) at the start of `bytes`, the data received so far.
 * Pure and incremental: call it again with more bytes while it answers `incomplete`. The
 * signatures are told apart byte by byte as the spec describes (v2: `\r\n\r\n\0\r\nQUIT\n` and
 * version 2; v1: `PROXY `), so `none` comes as soon as a byte departs from both.
 *
 * Never throws on any input. `maxBytes` caps v2 headers (v1 lines are capped at 107 bytes by the
 * spec).
 *
 * @example
 * ```ts
 * const r = parseProxyHeader(Buffer.from('PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\r\nGET /'));
 * if (r.state === 'complete') {
 *   r.header.source; // { ip: '192.0.2.1', family: 4, port: 56324 }
 *   r.header.length; // 45: the data starts there
 * }
 * ```
 */
export function parseProxyHeader(bytes: Uint8Array, maxBytes = 4096): ProxyParseResult {
  if (bytes.length === 0) return { state: 'incomplete', need: 1 };
  if (bytes[0] === V2_SIGNATURE[0]) {
    if (!startsLike(bytes, V2_SIGNATURE)) return { state: 'none' };
    return parseProxyV2(bytes, maxBytes);
  }
  if (!startsLike(bytes, V1_SIGNATURE)) return { state: 'none' };
  if (bytes.length < V1_SIGNATURE.length) return { state: 'incomplete', need: V1_SIGNATURE.length };
  return parseProxyV1(bytes);
}

/** Whether the bytes received so far agree with `signature` (as far as both go). */
function startsLike(bytes: Uint8Array, signature: Uint8Array): boolean {
  const n = Math.min(bytes.length, signature.length);
  for (let i = 0; i < n; i++) if (bytes[i] !== signature[i]) return false;
  return true;
}
