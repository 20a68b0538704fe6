/**
 * The well-known PROXY v2 TLVs, decoded into `header.alpn`, `.authority`, `.uniqueId`, `.ssl`,
 * `.netns`, `.awsVpceId`, `.azureLinkId`; and what happens to ones that do not decode (the field
 * stays undefined, `tlvProblems` says why, the connection is still valid). Headers are built by
 * the test-side encoder and go through the real parser.
 */
import { PROXY_TLV, parseProxyHeader, type ProxyHeader } from '@realip/toa';
import { v1, v2 } from './helpers';

type Tlv = { type: number; value: Buffer | string };

function header(tlvs: Tlv[]): ProxyHeader {
  const r = parseProxyHeader(v2({ tlvs, crc: 'good' }));
  if (r.state !== 'complete') throw new Error(`expected complete, got ${JSON.stringify(r)}`);
  return r.header;
}

/** A sub-TLV (or TLV) in wire format. */
function tlv(type: number, value: Buffer | string): Buffer {
  const v = typeof value === 'string' ? Buffer.from(value) : value;
  return Buffer.concat([Buffer.from([type, v.length >> 8, v.length & 0xff]), v]);
}

/** A PP2_TYPE_SSL value: client flags, verify (u32 BE), sub-TLVs. */
function ssl(client: number, verify: number, ...subs: Buffer[]): Tlv {
  const head = Buffer.alloc(5);
  head[0] = client;
  head.writeUInt32BE(verify, 1);
  return { type: PROXY_TLV.SSL, value: Buffer.concat([head, ...subs]) };
}

const azure = (linkId: number) => {
  const value = Buffer.alloc(5);
  value[0] = 0x01;
  value.writeUInt32LE(linkId, 1);
  return { type: PROXY_TLV.AZURE, value };
};

const FIELDS = [
  'alpn',
  'authority',
  'uniqueId',
  'ssl',
  'netns',
  'awsVpceId',
  'azureLinkId',
] as const;
type Field = (typeof FIELDS)[number];

describe('PROXY v2 TLVs: decoded', () => {
  test.each<[string, Tlv[], Partial<Record<Field, unknown>>]>([
    ['ALPN', [{ type: PROXY_TLV.ALPN, value: 'h2' }], { alpn: 'h2' }],
    ['ALPN http/1.1', [{ type: PROXY_TLV.ALPN, value: 'http/1.1' }], { alpn: 'http/1.1' }],
    [
      'AUTHORITY',
      [{ type: PROXY_TLV.AUTHORITY, value: 'shop.example' }],
      { authority: 'shop.example' },
    ],
    [
      'UNIQUE_ID of 128 bytes (the spec maximum)',
      [{ type: PROXY_TLV.UNIQUE_ID, value: Buffer.alloc(128, 0xab) }],
      { uniqueId: Buffer.alloc(128, 0xab) },
    ],
    [
      'UNIQUE_ID empty',
      [{ type: PROXY_TLV.UNIQUE_ID, value: Buffer.alloc(0) }],
      { uniqueId: Buffer.alloc(0) },
    ],
    ['NETNS', [{ type: PROXY_TLV.NETNS, value: 'blue' }], { netns: 'blue' }],
    [
      'AWS VPC endpoint id (0xEA, subtype 0x01)',
      [{ type: PROXY_TLV.AWS, value: '\x01vpce-08d2bf15fac5001c9' }],
      { awsVpceId: 'vpce-08d2bf15fac5001c9' },
    ],
    ['AWS with another subtype: ignored', [{ type: PROXY_TLV.AWS, value: '\x02abc' }], {}],
    [
      'Azure Private Link LinkID (0xEE, subtype 0x01, u32 little-endian)',
      [azure(0xdeadbeef)],
      { azureLinkId: 0xdeadbeef },
    ],
    ['Azure LinkID 1', [azure(1)], { azureLinkId: 1 }],
    ['Azure with another subtype: ignored', [{ type: PROXY_TLV.AZURE, value: '\x02xy' }], {}],
    [
      'SSL, everything: client certificate verified',
      [
        ssl(
          0x07,
          0,
          tlv(0x21, 'TLSv1.3'),
          tlv(0x22, 'José Müller'),
          tlv(0x23, 'TLS_AES_256_GCM_SHA384'),
          tlv(0x24, 'RSA-SHA256'),
          tlv(0x25, 'RSA2048'),
          tlv(0x26, 'X25519'), // a later subtype: listed, not decoded
        ),
      ],
      {
        ssl: {
          client: 7,
          tls: true,
          certInConnection: true,
          certInSession: true,
          verify: 0,
          verified: true,
          version: 'TLSv1.3',
          cn: 'José Müller',
          cipher: 'TLS_AES_256_GCM_SHA384',
          sigAlg: 'RSA-SHA256',
          keyAlg: 'RSA2048',
          tlvs: [0x21, 0x22, 0x23, 0x24, 0x25, 0x26].map((type) => ({
            type,
            value: expect.any(Buffer) as unknown,
          })),
        },
      },
    ],
    [
      'SSL without a client certificate: verify 0 is not "verified"',
      [ssl(0x01, 0, tlv(0x21, 'TLSv1.2'))],
      {
        ssl: expect.objectContaining({
          tls: true,
          certInConnection: false,
          certInSession: false,
          verify: 0,
          verified: false,
          version: 'TLSv1.2',
          cn: undefined,
        }) as unknown,
      },
    ],
    [
      'SSL with a certificate that failed verification',
      [ssl(0x03, 20, tlv(0x22, 'mallory'))],
      { ssl: expect.objectContaining({ verify: 20, verified: false, cn: 'mallory' }) as unknown },
    ],
    [
      'SSL, not over TLS (no flag, no sub-TLV)',
      [ssl(0x00, 0)],
      { ssl: expect.objectContaining({ tls: false, verified: false, tlvs: [] }) as unknown },
    ],
    [
      'all of them at once, with NOOP and a custom type between',
      [
        { type: PROXY_TLV.ALPN, value: 'h2' },
        { type: PROXY_TLV.NOOP, value: Buffer.alloc(3) },
        { type: 0xe0, value: 'custom' },
        { type: PROXY_TLV.AUTHORITY, value: 'a.example' },
        { type: PROXY_TLV.NETNS, value: 'ns1' },
        { type: PROXY_TLV.AWS, value: '\x01vpce-1' },
        azure(7),
      ],
      { alpn: 'h2', authority: 'a.example', netns: 'ns1', awsVpceId: 'vpce-1', azureLinkId: 7 },
    ],
    ['only NOOP and custom types: nothing decoded', [{ type: 0xe5, value: 'x' }], {}],
  ])('%s', (_title, tlvs, expected) => {
    const h = header(tlvs);
    for (const field of FIELDS) expect([field, h[field]]).toEqual([field, expected[field]]);
    expect(h.tlvProblems).toEqual([]);
    expect(h.tlvs).toHaveLength(tlvs.length + 1); // and the CRC32C
  });
});

describe('PROXY v2 TLVs: a well-known TLV that does not decode is ignored and reported', () => {
  test.each<[string, Tlv[], Field, RegExp]>([
    ['ALPN empty', [{ type: PROXY_TLV.ALPN, value: '' }], 'alpn', /^ALPN \(0x01\): empty$/],
    [
      'AUTHORITY with a line break',
      [{ type: PROXY_TLV.AUTHORITY, value: 'a.example\r\nX-Evil: 1' }],
      'authority',
      /^AUTHORITY \(0x02\): byte 0x0d at 9 is not printable US-ASCII$/,
    ],
    [
      'AUTHORITY not US-ASCII',
      [{ type: PROXY_TLV.AUTHORITY, value: 'bücher.example' }],
      'authority',
      /byte 0xc3 at 1/,
    ],
    [
      'two AUTHORITY TLVs: neither is believed',
      [
        { type: PROXY_TLV.AUTHORITY, value: 'a.example' },
        { type: PROXY_TLV.AUTHORITY, value: 'b.example' },
      ],
      'authority',
      /^AUTHORITY \(0x02\): more than one TLV of this type; none is used$/,
    ],
    [
      'UNIQUE_ID of 129 bytes',
      [{ type: PROXY_TLV.UNIQUE_ID, value: Buffer.alloc(129) }],
      'uniqueId',
      /129 bytes, more than the spec's 128/,
    ],
    ['NETNS with a NUL', [{ type: PROXY_TLV.NETNS, value: 'blue\0' }], 'netns', /byte 0x00 at 4/],
    ['AWS without a subtype', [{ type: PROXY_TLV.AWS, value: '' }], 'awsVpceId', /no subtype/],
    [
      'AWS VPCE_ID empty',
      [{ type: PROXY_TLV.AWS, value: '\x01' }],
      'awsVpceId',
      /^AWS \(0xEA\): empty$/,
    ],
    [
      'Azure LinkID of 3 bytes',
      [{ type: PROXY_TLV.AZURE, value: '\x01abc' }],
      'azureLinkId',
      /LinkID has 3 bytes instead of 4/,
    ],
    [
      'Azure without a subtype',
      [{ type: PROXY_TLV.AZURE, value: '' }],
      'azureLinkId',
      /no subtype/,
    ],
    [
      'SSL shorter than its fixed part',
      [{ type: PROXY_TLV.SSL, value: Buffer.from([1, 0, 0, 0]) }],
      'ssl',
      /4 bytes, needs at least 5/,
    ],
    [
      'SSL sub-TLV past its end',
      [ssl(1, 0, tlv(0x21, 'TLSv1.3').subarray(0, 6))],
      'ssl',
      /sub-TLV 0x21 announces 7 bytes past the SSL TLV's end/,
    ],
    [
      'SSL with stray bytes after its sub-TLVs',
      [ssl(1, 0, tlv(0x21, 'TLSv1.3'), Buffer.from([0x22, 0]))],
      'ssl',
      /2 stray byte\(s\) after the last sub-TLV/,
    ],
    [
      'SSL CN not UTF-8',
      [ssl(3, 0, tlv(0x22, Buffer.from([0x61, 0xff])))],
      'ssl',
      /sub-TLV 0x22 \(cn\): not valid UTF-8/,
    ],
    [
      'SSL CN with a control character',
      [ssl(3, 0, tlv(0x22, 'alice\nadmin'))],
      'ssl',
      /\(cn\): contains a control character/,
    ],
    [
      'SSL cipher not US-ASCII',
      [ssl(1, 0, tlv(0x23, 'AES\u00ff'))],
      'ssl',
      /\(cipher\): byte 0xc3/,
    ],
    [
      'SSL with two version sub-TLVs',
      [ssl(1, 0, tlv(0x21, 'TLSv1.2'), tlv(0x21, 'TLSv1.3'))],
      'ssl',
      /more than one sub-TLV 0x21/,
    ],
  ])('%s', (_title, tlvs, field, problem) => {
    const h = header(tlvs);
    expect(h[field]).toBeUndefined();
    expect(h.tlvProblems).toHaveLength(1);
    expect(h.tlvProblems[0]).toMatch(problem);
    // The raw entries are still there, and the other TLVs still decode.
    expect(h.tlvs.map((t) => t.type)).toEqual([...tlvs.map((t) => t.type), PROXY_TLV.CRC32C]);
  });

  test('one broken TLV does not hide the others', () => {
    const h = header([
      { type: PROXY_TLV.ALPN, value: 'h2' },
      { type: PROXY_TLV.SSL, value: Buffer.from([1]) },
      { type: PROXY_TLV.AUTHORITY, value: 'shop.example' },
    ]);
    expect([h.alpn, h.ssl, h.authority]).toEqual(['h2', undefined, 'shop.example']);
    expect(h.tlvProblems).toEqual([
      'SSL (0x20): 1 bytes, needs at least 5 (client flags and verify result)',
    ]);
  });

  test('never throws: every single-byte corruption of a full header parses or is rejected', () => {
    const bytes = v2({
      tlvs: [
        { type: PROXY_TLV.ALPN, value: 'h2' },
        ssl(7, 0, tlv(0x21, 'TLSv1.3'), tlv(0x22, 'cn')),
        { type: PROXY_TLV.AWS, value: '\x01vpce-1' },
        azure(9),
      ],
    });
    for (let at = 16; at < bytes.length; at++) {
      for (const byte of [0x00, 0x01, 0x7f, 0x80, 0xff]) {
        const copy = Buffer.from(bytes);
        copy[at] = byte;
        const r = parseProxyHeader(copy);
        expect(['complete', 'invalid', 'incomplete']).toContain(r.state);
      }
    }
  });
});

describe('headers without TLVs', () => {
  test.each([
    ['v1', Buffer.from(v1('192.0.2.1', '198.51.100.2', 1, 2))],
    ['v2 LOCAL', v2({ verCmd: 0x20, fam: 0x00, block: Buffer.alloc(0) })],
    ['v2 without TLVs', v2()],
  ])('%s: every decoded field undefined, no problems', (_title, bytes) => {
    const r = parseProxyHeader(bytes);
    if (r.state !== 'complete') throw new Error(r.state);
    for (const field of FIELDS) expect(r.header[field]).toBeUndefined();
    expect(r.header.tlvProblems).toEqual([]);
  });
});
