/**
 * PROXY protocol version 1: one US-ASCII line before the data (haproxy doc/proxy-protocol.txt,
 * section 2.1):
 *
 *     PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\r\n
 *
 * Strict on purpose: exactly one space between fields, addresses in the declared family, decimal
 * ports of 1 to 5 digits, CRLF within 107 bytes, and no lone CR or LF ("any sequence which does
 * not exactly match the protocol must be discarded").
 */
import { canonicalIp } from '@realip/core';
import { NO_TLV_FIELDS } from './proxy-tlvs.js';
import type { Endpoint, ProxyHeader, ProxyParseResult } from './types.js';

/**
 * The longest valid line, CRLF included: `PROXY UNKNOWN` with two full IPv6 addresses.
 *
 * @example
 * ```ts
 * const line = Buffer.from('PROXY ' + 'x'.repeat(V1_MAX_LENGTH));
 * parseProxyV1(line);
 * // → { state: 'invalid', reason: 'too-large',
 * //      detail: 'no CRLF within the first 107 bytes of a v1 header' }
 * ```
 */
const V1_MAX_LENGTH = 107;
/**
 * `PROXY ` (the signature and its one space).
 *
 * @example
 * ```ts
 * const bytes = Buffer.from('PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\r\n');
 * bytes.subarray(0, V1_SIGNATURE.length).equals(V1_SIGNATURE); // → true: a v1 header
 * ```
 */
export const V1_SIGNATURE = Buffer.from('PROXY ', 'latin1');

const CR = 0x0d;
const LF = 0x0a;

/**
 * Parses a v1 line from `bytes`, which start with {@link V1_SIGNATURE}. The caller checked the
 * signature; this waits for the CRLF and validates the line.
 *
 * @example
 * ```ts
 * parseProxyV1(Buffer.from('PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\r\n'));
 * // → { state: 'complete', header: { version: 1, family: 'inet', length: 45,
 * //      source: { ip: '192.0.2.1', family: 4, port: 56324 }, ... } }
 * parseProxyV1(Buffer.from('PROXY TCP4 192.0.2.1')); // → { state: 'incomplete', need: 21 }
 * ```
 */
export function parseProxyV1(bytes: Uint8Array): ProxyParseResult {
  const scan = Math.min(bytes.length, V1_MAX_LENGTH);
  for (let i = V1_SIGNATURE.length; i < scan; i++) {
    const c = bytes[i]!;
    if (c === CR) {
      if (i + 2 > V1_MAX_LENGTH) break;
      if (i + 1 === bytes.length) return { state: 'incomplete', need: i + 2 };
      if (bytes[i + 1] !== LF) return malformed(`CR at offset ${i} is not followed by LF`);
      return parseLine(Buffer.from(bytes.buffer, bytes.byteOffset, i).toString('latin1'), i + 2);
    }
    if (c === LF) return malformed(`LF at offset ${i} without CR before it`);
    if (c < 0x20 || c > 0x7e) {
      return malformed(`byte 0x${c.toString(16).padStart(2, '0')} at offset ${i} is not printable`);
    }
  }
  if (scan === bytes.length && bytes.length < V1_MAX_LENGTH) {
    return { state: 'incomplete', need: bytes.length + 1 };
  }
  return {
    state: 'invalid',
    reason: 'too-large',
    detail: `no CRLF within the first ${V1_MAX_LENGTH} bytes of a v1 header`,
  };
}

/** Validates a complete line (without its CRLF); `length` is the header's size on the wire. */
function parseLine(line: string, length: number): ProxyParseResult {
  const fields = line.split(' ');
  const protocol = fields[1]!;
  if (protocol === 'UNKNOWN') {
    // "the receiver must ignore anything presented before the CRLF" and use the real endpoints.
    return complete({ family: 'unspec', transport: 'unspec', source: undefined }, length);
  }
  if (protocol !== 'TCP4' && protocol !== 'TCP6') {
    return malformed(`protocol ${JSON.stringify(protocol)} is not TCP4, TCP6 or UNKNOWN`);
  }
  if (fields.length !== 6) {
    return malformed(`${protocol} needs 4 fields after it, separated by single spaces`);
  }
  const v6 = protocol === 'TCP6';
  const [, , srcText, dstText, srcPortText, dstPortText] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const srcIp = address(srcText, v6);
  const dstIp = address(dstText, v6);
  const srcPort = port(srcPortText);
  const dstPort = port(dstPortText);
  if (srcIp === undefined) return malformed(`source ${describe(srcText, v6)}`);
  if (dstIp === undefined) return malformed(`destination ${describe(dstText, v6)}`);
  if (srcPort < 0) return malformed(`source port ${JSON.stringify(srcPortText)} is invalid`);
  if (dstPort < 0) return malformed(`destination port ${JSON.stringify(dstPortText)} is invalid`);
  return complete(
    {
      family: v6 ? 'inet6' : 'inet',
      transport: 'stream',
      source: endpoint(srcIp, srcPort),
      destination: endpoint(dstIp, dstPort),
    },
    length,
  );
}

/**
 * Canonical text of a v1 address of the declared family, or `undefined`. IPv4 is strict decimal
 * dotted-quad (the core's parser rejects leading zeros, as the spec requires). IPv6 is hex
 * groups, optionally ending in a dotted quad: haproxy writes `::ffff:a.b.c.d` in a TCP6 line when
 * the two endpoints' families differ. No zone ids, no brackets.
 */
function address(text: string, v6: boolean): string | undefined {
  if (v6 ? !/^[0-9A-Fa-f:.]+$/.test(text) || !text.includes(':') : text.includes(':')) {
    return undefined;
  }
  return canonicalIp(text);
}

/**
 * A decimal port 0-65535, or -1. Leading zeros are accepted (`080` is 80), as nginx and haproxy
 * read them: the spec says only "TCP port represented as a decimal integer", a decimal port has no
 * octal reading to confuse (unlike the address octets, which stay strict), and rejecting them
 * closed connections both of those servers accept. At most 5 digits, so the work stays bounded.
 */
function port(text: string): number {
  if (!/^[0-9]{1,5}$/.test(text)) return -1;
  const value = Number(text);
  return value <= 0xffff ? value : -1;
}

function describe(text: string, v6: boolean): string {
  return `${JSON.stringify(text)} is not ${v6 ? 'an IPv6' : 'a dotted-quad IPv4'} address`;
}

function endpoint(ip: string, portNumber: number): Endpoint {
  return { ip, family: ip.includes(':') ? 6 : 4, port: portNumber };
}

function complete(
  parts: Pick<ProxyHeader, 'family' | 'transport' | 'source'> & {
    destination?: Endpoint | undefined;
  },
  length: number,
): ProxyParseResult {
  const header: ProxyHeader = {
    version: 1,
    command: 'proxy',
    family: parts.family,
    transport: parts.transport,
    source: parts.source,
    destination: parts.destination,
    tlvs: [],
    ...NO_TLV_FIELDS,
    length,
  };
  return { state: 'complete', header };
}

function malformed(detail: string): ProxyParseResult {
  return { state: 'invalid', reason: 'malformed', detail: `v1: ${detail}` };
}
