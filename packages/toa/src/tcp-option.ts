/**
 * Decoding TOA (TCP Option Address) options from captured packets. Node never sees TCP options
 * (the kernel consumes them); this is for operators reading a tcpdump or Wireshark capture to
 * check what their proxy sends.
 *
 * Only layouts published in kernel module sources are decoded (all fields in network order):
 *
 * | kind | len | carries | published in |
 * |---|---|---|---|
 * | 200 | 8 | client IPv4, port | LVS full-NAT TOA, Tencent Cloud: `TCPOPT_TOA 200` in Tencent/TencentOS-kernel `net/toa/toa.h`; `TCPOPT_ADDR 200` in the Anti-DDoS guide |
 * | 254 | 8 | client IPv4, port | Alibaba: `TCPOPT_TOA 254` in ymaxgit/aliker `net/toa/toa.h`; iqiyi/dpvs `kmod/toa/toa.h` (`TCPOLEN_IP4_TOA`) |
 * | 254 | 20 | client IPv6, port | iqiyi/dpvs `kmod/toa/toa.h` (`TCPOLEN_IP6_TOA 20`); Anolis `net/vtoa/vtoa.h` (`TCPOPT_TOA_V6_EX`) |
 * | 253 | 20 | client IPv6, port | Alibaba: `TCPOPT_TOA_V6 253` in ymaxgit/aliker `net/toa/toa.h` and Anolis `net/vtoa/vtoa.h` |
 * | 252 | 20 | client IPv4, port, VPC id, virtual IPv4 and port | Anolis `net/vtoa/vtoa.h` (`TCPOPT_VTOA`, struct `vtoa_data`) |
 * | 249 | 40 | client IPv6, port, VPC id (24 bits), virtual IPv6 | Anolis `net/vtoa/vtoa.h` (`TCPOPT_V6VTOA`, struct `v6vtoa_data`) |
 *
 * Kind 250 (`TCPOPT_TOA_VIP`, Anolis) carries the virtual server's address, not the client's, and
 * is reported as such. Kinds 253 and 254 are the RFC 4727 experimental kinds, which others share
 * (RFC 6994), so a capture can hold a non-TOA option of these kinds; like the modules, this
 * decoder goes by kind and length only.
 */
import { canonicalIp } from '@realip/core';

/** A decoded TOA option. */
export interface TcpOptionAddress {
  readonly ok: true;
  /** The option kind (200, 249, 252, 253 or 254). */
  readonly kind: number;
  /** The layout's name in the module sources, e.g. `TCPOPT_TOA`. */
  readonly layout: string;
  /** The client, canonical. */
  readonly ip: string;
  readonly family: 4 | 6;
  readonly port: number;
  /** The virtual server (the proxy's public address) and VPC id, for the vtoa layouts. */
  readonly virtual:
    { readonly ip: string; readonly port: number | undefined; readonly vid: number } | undefined;
}

/** Why bytes could not be decoded. */
export interface TcpOptionError {
  readonly ok: false;
  /** The kind of the offending option, if the problem is in one. */
  readonly kind: number | undefined;
  readonly error: string;
}

interface Layout {
  readonly name: string;
  readonly length: number;
  readonly decode: (
    option: Uint8Array,
  ) => Pick<TcpOptionAddress, 'ip' | 'family' | 'port'> &
    Partial<Pick<TcpOptionAddress, 'virtual'>>;
}

const LAYOUTS: ReadonlyMap<number, readonly Layout[]> = new Map([
  [200, [{ name: 'TCPOPT_TOA', length: 8, decode: (o: Uint8Array) => client(o, 4, 2) }]],
  [
    254,
    [
      { name: 'TCPOPT_TOA', length: 8, decode: (o: Uint8Array) => client(o, 4, 2) },
      { name: 'TCPOPT_TOA_V6_EX', length: 20, decode: (o: Uint8Array) => client(o, 16, 2) },
    ],
  ],
  [253, [{ name: 'TCPOPT_TOA_V6', length: 20, decode: (o: Uint8Array) => client(o, 16, 2) }]],
  [
    252,
    [
      {
        name: 'TCPOPT_VTOA',
        length: 20,
        // cport(2) cip(4) vid(4) vip(4) vport(2) pad(2)
        decode: (o: Uint8Array) => ({
          ...client(o, 4, 2),
          virtual: { ip: address(o, 12, 4), port: u16(o, 16), vid: u32(o, 8) },
        }),
      },
    ],
  ],
  [
    249,
    [
      {
        name: 'TCPOPT_V6VTOA',
        length: 40,
        // cport(2) cip(16) vid(3) reserved(1) vip(16)
        decode: (o: Uint8Array) => ({
          ...client(o, 16, 2),
          virtual: {
            ip: address(o, 24, 16),
            port: undefined,
            vid: (o[20]! << 16) | (o[21]! << 8) | o[22]!,
          },
        }),
      },
    ],
  ],
]);

const TOA_VIP = 250;

/**
 * Decodes a TOA option: one option (`c8 08 1f 90 c0 00 02 07`) or a whole TCP options block as a
 * capture shows it (NOPs, MSS, timestamps... are skipped), as bytes or hex text (spaces, colons
 * and a `0x` prefix allowed). Returns the client canonical, or a clear error; never throws.
 *
 * @example
 * ```ts
 * decodeTcpOption('c8 08 1f 90 c0 00 02 07');
 * // { ok: true, kind: 200, layout: 'TCPOPT_TOA', ip: '192.0.2.7', family: 4, port: 8080, virtual: undefined }
 * decodeTcpOption(Buffer.from([0x01, 0x01, 0xfe, 0x08, 0x1f, 0x90, 0xc0, 0x00, 0x02, 0x07]));
 * // NOP, NOP, then kind 254: the same client
 * decodeTcpOption('c8 06 1f 90 c0 00');
 * // { ok: false, kind: 200, error: 'kind 200 (TOA) must be 8 bytes long, this one is 6' }
 * ```
 */
export function decodeTcpOption(input: Uint8Array | string): TcpOptionAddress | TcpOptionError {
  const bytes = typeof input === 'string' ? fromHex(input) : input;
  if (typeof bytes === 'string') return fail(undefined, bytes);
  if (!(bytes instanceof Uint8Array)) return fail(undefined, 'expected bytes or hex text');
  let at = 0;
  while (at < bytes.length) {
    const kind = bytes[at]!;
    if (kind === 0) break; // End of Option List (RFC 9293 section 3.1)
    if (kind === 1) {
      at++; // No-Operation
      continue;
    }
    if (at + 1 >= bytes.length)
      return fail(kind, `kind ${kind} at offset ${at} has no length byte`);
    const length = bytes[at + 1]!;
    if (length < 2)
      return fail(kind, `kind ${kind} at offset ${at} has length ${length}, less than 2`);
    if (at + length > bytes.length) {
      return fail(
        kind,
        `kind ${kind} at offset ${at} needs ${length} bytes, ${bytes.length - at} left`,
      );
    }
    if (kind === TOA_VIP) {
      return fail(
        kind,
        'kind 250 (TCPOPT_TOA_VIP) carries the virtual server address, not the client',
      );
    }
    const layouts = LAYOUTS.get(kind);
    if (layouts !== undefined) {
      const layout = layouts.find((l) => l.length === length);
      if (layout === undefined) {
        const lengths = layouts.map((l) => l.length).join(' or ');
        return fail(
          kind,
          `kind ${kind} (TOA) must be ${lengths} bytes long, this one is ${length}`,
        );
      }
      const { ip, family, port, virtual } = layout.decode(bytes.subarray(at, at + length));
      return { ok: true, kind, layout: layout.name, ip, family, port, virtual };
    }
    at += length;
  }
  return fail(
    undefined,
    `no TOA option (kind 200, 249, 252, 253 or 254) in ${bytes.length} byte(s)`,
  );
}

function client(
  option: Uint8Array,
  size: 4 | 16,
  portAt: number,
): Pick<TcpOptionAddress, 'ip' | 'family' | 'port'> {
  const ip = address(option, portAt + 2, size);
  return { ip, family: ip.includes(':') ? 6 : 4, port: u16(option, portAt) };
}

function address(option: Uint8Array, at: number, size: 4 | 16): string {
  const parts: string[] = [];
  if (size === 4) {
    for (let i = 0; i < 4; i++) parts.push(String(option[at + i]));
    return parts.join('.');
  }
  for (let i = 0; i < 16; i += 2) parts.push(u16(option, at + i).toString(16));
  return canonicalIp(parts.join(':'))!;
}

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at]! << 8) | bytes[at + 1]!;
}

function u32(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0
  );
}

/** Hex text to bytes, or what is wrong with it. */
function fromHex(text: string): Uint8Array | string {
  const digits = text.replace(/0x/gi, '').replace(/[\s:,-]/g, '');
  if (!/^[0-9a-f]*$/i.test(digits))
    return 'hex text may hold only hex digits, spaces, colons and 0x';
  if (digits.length % 2 !== 0) return `hex text has an odd number of digits (${digits.length})`;
  return Buffer.from(digits, 'hex');
}

function fail(kind: number | undefined, error: string): TcpOptionError {
  return { ok: false, kind, error };
}
