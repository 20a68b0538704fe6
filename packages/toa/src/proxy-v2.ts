/**
 * PROXY protocol version 2: a binary header (haproxy doc/proxy-protocol.txt, section 2.2).
 *
 *     12-byte signature | ver_cmd | fam | len (u16, network order) | address block | TLVs
 *
 * Every field is checked before anything is believed: version 2 only, command LOCAL or PROXY,
 * known family and transport nibbles, an address block as long as its family needs (a short one
 * is rejected, never read past: the bug class of CVE-2019-14243), TLVs that exactly fill the rest,
 * and a CRC32C TLV, when present, that matches.
 */
import { canonicalIp } from '@realip/core';
import { crc32c } from './crc32c.js';
import { NO_TLV_FIELDS, decodeTlvs } from './proxy-tlvs.js';
import type { Endpoint, ProxyHeader, ProxyParseResult, ProxyTlv } from './types.js';

/**
 * The 12-byte signature: `\r\n\r\n\0\r\nQUIT\n`.
 *
 * @example
 * ```ts
 * const local = Buffer.concat([V2_SIGNATURE, Buffer.from([0x20, 0x00, 0x00, 0x00])]);
 * local.subarray(0, V2_SIGNATURE.length).equals(V2_SIGNATURE); // → true: a v2 header
 * ```
 */
export const V2_SIGNATURE = Buffer.from([
  0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a,
]);
/**
 * Signature, version/command, family/transport and length.
 *
 * @example
 * ```ts
 * const total = V2_FIXED_LENGTH + bytes.readUInt16BE(14); // the header's size on the wire
 * parseProxyV2(V2_SIGNATURE, 4096); // → { state: 'incomplete', need: 16 }
 * ```
 */
const V2_FIXED_LENGTH = 16;

/**
 * TLV types registered in the spec (section 2.2), and the AWS and Azure custom types, to find
 * values in `header.tlvs`. The well-known ones are also decoded into typed fields
 * (`header.authority`, `header.ssl`...).
 *
 * @example
 * ```ts
 * const id = client.proxy?.tlvs.find((t) => t.type === PROXY_TLV.UNIQUE_ID)?.value.toString();
 * ```
 */
export const PROXY_TLV = {
  ALPN: 0x01,
  AUTHORITY: 0x02,
  CRC32C: 0x03,
  NOOP: 0x04,
  UNIQUE_ID: 0x05,
  SSL: 0x20,
  NETNS: 0x30,
  /** PP2_TYPE_AWS, a custom type (subtype `0x01`: VPC endpoint id). */
  AWS: 0xea,
  /** PP2_TYPE_AZURE, a custom type (subtype `0x01`: Private Endpoint LinkID). */
  AZURE: 0xee,
} as const;

const FAMILIES = ['unspec', 'inet', 'inet6', 'unix'] as const;
const TRANSPORTS = ['unspec', 'stream', 'dgram'] as const;
/** Address block size per family: two addresses and, for IP, two ports. */
const ADDRESS_BYTES = [0, 12, 36, 216] as const;

/**
 * Parses a v2 header from `bytes`, which start with {@link V2_SIGNATURE}. Headers announcing more
 * than `maxBytes` in total are rejected before their body is awaited.
 *
 * @example
 * ```ts
 * const block = [0x21, 0x11, 0, 12, 192, 0, 2, 1, 198, 51, 100, 2, 0xdc, 0x04, 0x01, 0xbb];
 * parseProxyV2(Buffer.concat([V2_SIGNATURE, Buffer.from(block)]), 4096);
 * // → { state: 'complete', header: { version: 2, command: 'proxy', family: 'inet', length: 28,
 * //      source: { ip: '192.0.2.1', family: 4, port: 56324 }, tlvs: [], ... } }
 * ```
 */
export function parseProxyV2(bytes: Uint8Array, maxBytes: number): ProxyParseResult {
  if (bytes.length < V2_FIXED_LENGTH) return { state: 'incomplete', need: V2_FIXED_LENGTH };
  const verCmd = bytes[12]!;
  const famByte = bytes[13]!;
  const total = V2_FIXED_LENGTH + ((bytes[14]! << 8) | bytes[15]!);

  if (verCmd >> 4 !== 2) return malformed(`version ${verCmd >> 4} is not 2`);
  const commandBits = verCmd & 0x0f;
  if (commandBits > 1)
    return malformed(`command ${commandBits} is neither LOCAL (0) nor PROXY (1)`);
  const familyBits = famByte >> 4;
  const transportBits = famByte & 0x0f;
  const family = FAMILIES[familyBits];
  const transport = TRANSPORTS[transportBits];
  if (family === undefined) return malformed(`address family ${familyBits} is not defined`);
  if (transport === undefined) return malformed(`transport ${transportBits} is not defined`);
  if (total > maxBytes) {
    return {
      state: 'invalid',
      reason: 'too-large',
      detail: `v2: header announces ${total} bytes, more than maxHeaderBytes (${maxBytes})`,
    };
  }
  if (bytes.length < total) return { state: 'incomplete', need: total };

  const command = commandBits === 0 ? 'local' : 'proxy';
  const base = { version: 2, command, family, transport, length: total } as const;
  // LOCAL: "the receiver must accept this connection as valid and must use the real connection
  // endpoints and discard the protocol block including the family". Its length is still honoured.
  // AF_UNSPEC: "the receiver should ignore address information"; its block has no defined layout.
  if (command === 'local' || family === 'unspec') {
    return complete({
      ...base,
      source: undefined,
      destination: undefined,
      tlvs: [],
      ...NO_TLV_FIELDS,
    });
  }

  const addressBytes = ADDRESS_BYTES[familyBits]!;
  if (total - V2_FIXED_LENGTH < addressBytes) {
    return malformed(
      `${family} needs a ${addressBytes}-byte address block, the header has ${total - V2_FIXED_LENGTH}`,
    );
  }
  const tlvs = parseTlvs(bytes, V2_FIXED_LENGTH + addressBytes, total);
  if (typeof tlvs === 'string') return malformed(tlvs);
  const fields = decodeTlvs(tlvs);

  // Only a TCP client (AF_INET/AF_INET6 over STREAM) describes this connection. AF_UNIX paths, an
  // unspecified transport and DGRAM (UDP, UNIX datagram: a flow the proxy relayed, not a TCP
  // connection) fall back to the real endpoints, as section 2.2 allows: "A receiver is not
  // required to implement other ones, provided that it automatically falls back to the UNSPEC
  // mode for the valid combinations above that it does not support". nginx does the same;
  // haproxy rejects the connection instead, which would turn a proxy misconfiguration into an
  // outage. The family and transport stay in the header, so the case remains visible.
  if (family === 'unix' || transport !== 'stream') {
    return complete({ ...base, source: undefined, destination: undefined, tlvs, ...fields });
  }
  const size = family === 'inet' ? 4 : 16;
  const at = V2_FIXED_LENGTH;
  const ports = at + 2 * size;
  return complete({
    ...base,
    source: endpoint(bytes, at, size, ports),
    destination: endpoint(bytes, at + size, size, ports + 2),
    tlvs,
    ...fields,
  });
}

/**
 * The TLVs in `bytes[from, to)`, or a description of what is wrong: each needs its 3-byte head and
 * its whole value inside the header, and a CRC32C TLV must be 4 bytes and match.
 */
function parseTlvs(bytes: Uint8Array, from: number, to: number): ProxyTlv[] | string {
  const tlvs: ProxyTlv[] = [];
  let crcAt = -1;
  let at = from;
  while (at < to) {
    if (to - at < 3) return `${to - at} stray byte(s) after the last TLV`;
    const type = bytes[at]!;
    const length = (bytes[at + 1]! << 8) | bytes[at + 2]!;
    const start = at + 3;
    if (start + length > to) {
      return `TLV 0x${hex(type)} at offset ${at} announces ${length} bytes past the header's end`;
    }
    if (type === PROXY_TLV.CRC32C) {
      if (length !== 4) return `CRC32C TLV has ${length} bytes instead of 4`;
      if (crcAt >= 0) return 'more than one CRC32C TLV';
      crcAt = start;
    }
    // Copy: the value must not keep the connection's read buffer alive.
    tlvs.push({ type, value: Buffer.from(bytes.subarray(start, start + length)) });
    at = start + length;
  }
  if (crcAt >= 0) {
    const header = bytes.subarray(0, to);
    const sent =
      ((bytes[crcAt]! << 24) |
        (bytes[crcAt + 1]! << 16) |
        (bytes[crcAt + 2]! << 8) |
        bytes[crcAt + 3]!) >>>
      0;
    const computed = crc32c(header, crcAt);
    if (sent !== computed) {
      return `CRC32C mismatch: header says 0x${sent.toString(16)}, computed 0x${computed.toString(16)}`;
    }
  }
  return tlvs;
}

/** The address of `size` bytes at `at` and the port at `portAt`, canonical. */
function endpoint(bytes: Uint8Array, at: number, size: number, portAt: number): Endpoint {
  let text: string;
  if (size === 4) {
    text = `${bytes[at]}.${bytes[at + 1]}.${bytes[at + 2]}.${bytes[at + 3]}`;
  } else {
    const groups: string[] = [];
    for (let g = 0; g < 8; g++)
      groups.push(((bytes[at + 2 * g]! << 8) | bytes[at + 2 * g + 1]!).toString(16));
    text = groups.join(':');
  }
  // Always valid: every 4- or 16-byte value is an address. canonicalIp compresses IPv6 (RFC 5952)
  // and unmaps ::ffff:a.b.c.d, as the core does for every answer.
  const ip = canonicalIp(text)!;
  return { ip, family: ip.includes(':') ? 6 : 4, port: (bytes[portAt]! << 8) | bytes[portAt + 1]! };
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

function complete(header: ProxyHeader): ProxyParseResult {
  return { state: 'complete', header };
}

function malformed(detail: string): ProxyParseResult {
  return { state: 'invalid', reason: 'malformed', detail: `v2: ${detail}` };
}
