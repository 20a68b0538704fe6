/**
 * The well-known TLVs of a PROXY v2 header, decoded into typed fields (haproxy
 * doc/proxy-protocol.txt, section 2.2: PP2_TYPE_ALPN, _AUTHORITY, _UNIQUE_ID, _SSL and its
 * PP2_SUBTYPE_SSL_* sub-TLVs, _NETNS; plus the two custom types that load balancers document:
 * AWS's PP2_TYPE_AWS `0xEA` / PP2_SUBTYPE_AWS_VPCE_ID `0x01`, and Azure's PP2_TYPE_AZURE `0xEE` /
 * PP2_SUBTYPE_AZURE_PRIVATEENDPOINT_LINKID `0x01`).
 *
 * The framing of the TLV list is checked by the parser, which rejects a broken one. The *content*
 * of a well-known TLV is metadata the spec lets a receiver "skip over and ignore": one that does
 * not decode (a bad length, bytes that are not the text the spec defines, a duplicate) leaves its
 * field `undefined`, keeps its raw entry in `tlvs`, and is described in `tlvProblems`, so the
 * connection is served and the problem is visible. Nothing here throws.
 */
import type { ProxyHeader, ProxySsl, ProxyTlv } from './types.js';

/** The header fields this module fills. */
type TlvFields = Pick<
  ProxyHeader,
  'alpn' | 'authority' | 'uniqueId' | 'ssl' | 'netns' | 'awsVpceId' | 'azureLinkId' | 'tlvProblems'
>;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** PP2_CLIENT_* bits of the SSL TLV's first byte. */
const CLIENT_SSL = 0x01;
const CLIENT_CERT_CONN = 0x02;
const CLIENT_CERT_SESS = 0x04;
/** "an opaque byte sequence of up to 128 bytes" (PP2_TYPE_UNIQUE_ID). */
const UNIQUE_ID_MAX = 128;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The decoded fields of a header without TLVs (v1, `LOCAL`, `AF_UNSPEC`): every one `undefined`.
 *
 * @example
 * ```ts
 * const header = { version: 1, ..., tlvs: [], ...NO_TLV_FIELDS };
 * header.authority; // → undefined
 * ```
 */
export const NO_TLV_FIELDS: TlvFields = Object.freeze({
  alpn: undefined,
  authority: undefined,
  uniqueId: undefined,
  ssl: undefined,
  netns: undefined,
  awsVpceId: undefined,
  azureLinkId: undefined,
  tlvProblems: Object.freeze([]),
});

/**
 * Decodes the well-known entries of `tlvs` (already framed and CRC-checked by the parser).
 *
 * @example
 * ```ts
 * decodeTlvs([{ type: 0x02, value: Buffer.from('shop.example') }]);
 * // → { authority: 'shop.example', alpn: undefined, ..., tlvProblems: [] }
 * decodeTlvs([{ type: 0xee, value: Buffer.from([0x01, 0x2a, 0, 0, 0]) }]).azureLinkId; // → 42
 * decodeTlvs([{ type: 0x20, value: Buffer.from([1, 0]) }]).tlvProblems;
 * // → ['SSL (0x20): 2 bytes, needs at least 5 (client flags and verify result)']
 * ```
 */
export function decodeTlvs(tlvs: readonly ProxyTlv[]): TlvFields {
  if (tlvs.length === 0) return NO_TLV_FIELDS;
  const out: Mutable<TlvFields> = { ...NO_TLV_FIELDS, tlvProblems: [] };
  const problems = out.tlvProblems as string[];
  const seen = new Set<number>();
  for (const { type, value } of tlvs) {
    const known = KNOWN[type];
    if (known === undefined) continue; // CRC32C (checked), NOOP, custom and future types
    const [name, field] = known;
    if (seen.has(type)) {
      // Two values for one field: neither is believed.
      problems.push(`${name}: more than one TLV of this type; none is used`);
      (out as Record<string, unknown>)[field] = undefined;
      continue;
    }
    seen.add(type);
    const problem = decodeOne(out, type, value);
    if (problem !== undefined) problems.push(`${name}: ${problem}`);
  }
  return out;
}

/** The well-known types: a name for messages and the field they fill. */
const KNOWN: Record<number, readonly [name: string, field: keyof TlvFields]> = {
  0x01: ['ALPN (0x01)', 'alpn'],
  0x02: ['AUTHORITY (0x02)', 'authority'],
  0x05: ['UNIQUE_ID (0x05)', 'uniqueId'],
  0x20: ['SSL (0x20)', 'ssl'],
  0x30: ['NETNS (0x30)', 'netns'],
  0xea: ['AWS (0xEA)', 'awsVpceId'],
  0xee: ['AZURE (0xEE)', 'azureLinkId'],
};

/** Sets the field of one TLV; returns what is wrong with it, if anything. */
function decodeOne(out: Mutable<TlvFields>, type: number, value: Buffer): string | undefined {
  switch (type) {
    case 0x01:
      return text(value, (v) => (out.alpn = v));
    case 0x02:
      return text(value, (v) => (out.authority = v));
    case 0x05:
      if (value.length > UNIQUE_ID_MAX)
        return `${value.length} bytes, more than the spec's ${UNIQUE_ID_MAX}`;
      out.uniqueId = value;
      return undefined;
    case 0x20: {
      const ssl = decodeSsl(value);
      if (typeof ssl === 'string') return ssl;
      out.ssl = ssl;
      return undefined;
    }
    case 0x30:
      return text(value, (v) => (out.netns = v));
    case 0xea:
      // The first byte is a subtype; only VPCE_ID (0x01) is defined. Other subtypes are ignored.
      if (value.length === 0) return 'no subtype byte';
      if (value[0] !== 0x01) return undefined;
      return text(value.subarray(1), (v) => (out.awsVpceId = v));
    default: // 0xee
      if (value.length === 0) return 'no subtype byte';
      if (value[0] !== 0x01) return undefined;
      // PRIVATEENDPOINT_LINKID: a 32-bit unsigned integer, little-endian (Azure's documentation).
      if (value.length !== 5) return `LinkID has ${value.length - 1} bytes instead of 4`;
      out.azureLinkId = value.readUInt32LE(1);
      return undefined;
  }
}

const SSL_SUBTYPES: Record<
  number,
  keyof Pick<ProxySsl, 'version' | 'cn' | 'cipher' | 'sigAlg' | 'keyAlg'>
> = {
  0x21: 'version',
  0x22: 'cn',
  0x23: 'cipher',
  0x24: 'sigAlg',
  0x25: 'keyAlg',
};

/**
 * PP2_TYPE_SSL: `client` (1 byte of PP2_CLIENT_* flags), `verify` (u32, network order), then
 * sub-TLVs in the outer format. The strings are US-ASCII, except the client certificate's CN,
 * which is UTF-8.
 */
function decodeSsl(value: Buffer): ProxySsl | string {
  if (value.length < 5) {
    return `${value.length} bytes, needs at least 5 (client flags and verify result)`;
  }
  const client = value[0]!;
  const verify = value.readUInt32BE(1);
  const subTlvs: ProxyTlv[] = [];
  const fields: Mutable<Pick<ProxySsl, 'version' | 'cn' | 'cipher' | 'sigAlg' | 'keyAlg'>> = {
    version: undefined,
    cn: undefined,
    cipher: undefined,
    sigAlg: undefined,
    keyAlg: undefined,
  };
  const seen = new Set<number>();
  for (let at = 5; at < value.length;) {
    if (value.length - at < 3) return `${value.length - at} stray byte(s) after the last sub-TLV`;
    const type = value[at]!;
    const length = value.readUInt16BE(at + 1);
    const start = at + 3;
    if (start + length > value.length) {
      return `sub-TLV 0x${type.toString(16)} announces ${length} bytes past the SSL TLV's end`;
    }
    const sub = value.subarray(start, start + length);
    subTlvs.push({ type, value: sub });
    at = start + length;
    const field = SSL_SUBTYPES[type];
    if (field === undefined) continue; // later subtypes (group, sig scheme, client cert...)
    if (seen.has(type)) return `more than one sub-TLV 0x${type.toString(16)}`;
    seen.add(type);
    const problem =
      type === 0x22 ? utf8(sub, (v) => (fields.cn = v)) : text(sub, (v) => (fields[field] = v));
    if (problem !== undefined) return `sub-TLV 0x${type.toString(16)} (${field}): ${problem}`;
  }
  const certificate = (client & (CLIENT_CERT_CONN | CLIENT_CERT_SESS)) !== 0;
  return {
    client,
    tls: (client & CLIENT_SSL) !== 0,
    certInConnection: (client & CLIENT_CERT_CONN) !== 0,
    certInSession: (client & CLIENT_CERT_SESS) !== 0,
    verify,
    // "zero if the client presented a certificate and it was successfully verified, and non-zero
    // otherwise": haproxy leaves it 0 when no certificate came, so 0 alone proves nothing.
    verified: certificate && verify === 0,
    ...fields,
    tlvs: subTlvs,
  };
}

/** Printable US-ASCII (the spec's "US-ASCII string"), at least one byte. */
function text(bytes: Buffer, set: (value: string) => void): string | undefined {
  if (bytes.length === 0) return 'empty';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c < 0x20 || c > 0x7e)
      return `byte 0x${c.toString(16).padStart(2, '0')} at ${i} is not printable US-ASCII`;
  }
  set(bytes.toString('latin1'));
  return undefined;
}

/** UTF-8 without control characters (a CN ends up in logs), at least one byte. */
function utf8(bytes: Uint8Array, set: (value: string) => void): string | undefined {
  if (bytes.length === 0) return 'empty';
  let decoded: string;
  try {
    decoded = UTF8.decode(bytes);
  } catch {
    return 'not valid UTF-8';
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return 'contains a control character';
  set(decoded);
  return undefined;
}
