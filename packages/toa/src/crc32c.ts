/**
 * CRC32C (Castagnoli), for the PROXY v2 `PP2_TYPE_CRC32C` TLV. The spec (section 2.2.3) says a
 * receiver that supports the checksum MUST verify it and treat a mismatch as an invalid
 * connection. Computed as in RFC 4960 appendix B: reflected polynomial 0x82F63B78, initial value
 * and final XOR 0xFFFFFFFF.
 */

const TABLE = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  TABLE[n] = c >>> 0;
}

/**
 * CRC32C of `bytes`, reading the bytes in `[zeroFrom, zeroFrom + 4)` as zeros: the receiver
 * checks a header with its own checksum field blanked, without copying it.
 *
 * @example
 * ```ts
 * crc32c(Buffer.from('123456789')).toString(16); // → 'e3069283', the CRC-32C check value
 * crc32c(Buffer.from('123456789'), 2) === crc32c(Buffer.from('12\x00\x00\x00\x00789')); // → true
 * ```
 */
export function crc32c(bytes: Uint8Array, zeroFrom?: number): number {
  const from = zeroFrom ?? bytes.length;
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) {
    const byte = i >= from && i < from + 4 ? 0 : bytes[i]!;
    crc = TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}
