import { PROXY_TLV, parseProxyHeader, type ProxyHeader } from '@realip/toa';
import { crc32c } from '../src/crc32c';
import { SIGNATURE, v2 } from './helpers';

function header(bytes: Buffer, maxBytes?: number): ProxyHeader {
  const r = parseProxyHeader(bytes, maxBytes);
  if (r.state !== 'complete') throw new Error(`expected complete, got ${JSON.stringify(r)}`);
  return r.header;
}

describe('CRC32C', () => {
  test.each([
    ['the RFC 3720 check value of "123456789"', Buffer.from('123456789'), 0xe3069283],
    ['32 zero bytes (RFC 3720 B.4)', Buffer.alloc(32), 0x8a9136aa],
    ['32 0xff bytes (RFC 3720 B.4)', Buffer.alloc(32, 0xff), 0x62a8ab43],
    ['empty', Buffer.alloc(0), 0],
  ])('%s', (_title, bytes, expected) => {
    expect(crc32c(bytes)).toBe(expected);
  });

  test('reads the four bytes at zeroFrom as zeros', () => {
    const bytes = Buffer.from('12345678901234');
    const blanked = Buffer.from(bytes);
    blanked.fill(0, 5, 9);
    expect(crc32c(bytes, 5)).toBe(crc32c(blanked));
  });
});

describe('PROXY v2: valid headers', () => {
  test.each([
    [
      'TCP over IPv4',
      v2({ src: '192.0.2.1', dst: '198.51.100.2', sport: 56324, dport: 443 }),
      { family: 'inet', transport: 'stream' },
      { ip: '192.0.2.1', family: 4, port: 56324 },
      { ip: '198.51.100.2', family: 4, port: 443 },
    ],
    [
      'TCP over IPv6',
      v2({ src: '2001:db8::1', dst: '2001:db8:0:1::2', sport: 1, dport: 65535 }),
      { family: 'inet6', transport: 'stream' },
      { ip: '2001:db8::1', family: 6, port: 1 },
      { ip: '2001:db8:0:1::2', family: 6, port: 65535 },
    ],
    [
      'IPv4-mapped IPv6: unmapped like the core',
      v2({ src: '::ffff:c000:201', dst: '::ffff:c633:6402' }),
      { family: 'inet6', transport: 'stream' },
      { ip: '192.0.2.1', family: 4, port: 56324 },
      { ip: '198.51.100.2', family: 4, port: 443 },
    ],
  ])('%s', (_title, bytes, kind, source, destination) => {
    const h = header(Buffer.concat([bytes, Buffer.from('DATA')]));
    expect(h).toEqual({
      version: 2,
      command: 'proxy',
      ...kind,
      source,
      destination,
      tlvs: [],
      tlvProblems: [],
      length: bytes.length,
    });
  });

  test.each([
    [
      'LOCAL, AF_UNSPEC, no address',
      { verCmd: 0x20, fam: 0x00, block: Buffer.alloc(0) },
      'local',
      'unspec',
    ],
    ['LOCAL with an IPv4 block: ignored', { verCmd: 0x20, fam: 0x11 }, 'local', 'inet'],
    [
      'LOCAL announcing INET but no block: still accepted',
      { verCmd: 0x20, fam: 0x11, block: Buffer.alloc(0) },
      'local',
      'inet',
    ],
    [
      'LOCAL with a length to skip',
      { verCmd: 0x20, fam: 0x00, block: Buffer.alloc(40, 7) },
      'local',
      'unspec',
    ],
    ['PROXY, AF_UNSPEC', { fam: 0x00, block: Buffer.alloc(0) }, 'proxy', 'unspec'],
    [
      'PROXY, AF_UNSPEC with bytes to skip',
      { fam: 0x00, block: Buffer.alloc(12, 1) },
      'proxy',
      'unspec',
    ],
    ['PROXY, INET with an UNSPEC transport (0x10)', { fam: 0x10 }, 'proxy', 'inet'],
    [
      'PROXY, AF_UNIX stream (0x31)',
      { fam: 0x31, block: Buffer.alloc(216, 0x61) },
      'proxy',
      'unix',
    ],
    [
      'PROXY, AF_UNIX datagram (0x32)',
      { fam: 0x32, block: Buffer.alloc(216, 0x61) },
      'proxy',
      'unix',
    ],
    // A datagram flow on a TCP connection describes no TCP client: section 2.2's fallback to
    // UNSPEC, as nginx does (haproxy rejects). Before: the UDP source was the client.
    ['PROXY, UDP over IPv4 (0x12)', { fam: 0x12 }, 'proxy', 'inet'],
    ['PROXY, UDP over IPv6 (0x22)', { src: '2001:db8::1', fam: 0x22 }, 'proxy', 'inet6'],
  ] as const)('%s: valid, no client (use the real endpoints)', (_title, spec, command, family) => {
    const bytes = v2(spec);
    const h = header(bytes);
    expect(h).toMatchObject({
      version: 2,
      command,
      family,
      transport: (spec.fam & 0x0f) === 2 ? 'dgram' : (expect.any(String) as unknown),
      source: undefined,
      destination: undefined,
    });
    expect(h.length).toBe(bytes.length);
  });

  test('TLVs are returned in order, values copied out', () => {
    const bytes = v2({
      tlvs: [
        { type: PROXY_TLV.ALPN, value: 'h2' },
        { type: PROXY_TLV.AUTHORITY, value: 'example.com' },
        { type: PROXY_TLV.NOOP, value: Buffer.alloc(0) },
        { type: PROXY_TLV.UNIQUE_ID, value: Buffer.alloc(128, 0xab) },
        { type: PROXY_TLV.SSL, value: Buffer.from('0100000000210007544c5376312e33', 'hex') },
        { type: 0xe0, value: 'custom' },
      ],
    });
    const h = header(bytes);
    expect(h.tlvs.map((t) => [t.type, t.value.toString('latin1')])).toEqual([
      [0x01, 'h2'],
      [0x02, 'example.com'],
      [0x04, ''],
      [0x05, '\xab'.repeat(128)],
      [0x20, Buffer.from('0100000000210007544c5376312e33', 'hex').toString('latin1')],
      [0xe0, 'custom'],
    ]);
    bytes.fill(0); // the parsed values do not alias the input
    expect(h.tlvs[1]!.value.toString()).toBe('example.com');
  });

  test('a good CRC32C is verified and listed', () => {
    const h = header(
      v2({ tlvs: [{ type: PROXY_TLV.AUTHORITY, value: 'a.example' }], crc: 'good' }),
    );
    expect(h.tlvs.map((t) => t.type)).toEqual([PROXY_TLV.AUTHORITY, PROXY_TLV.CRC32C]);
  });

  test('TLVs after an AF_UNIX block are read too', () => {
    const h = header(
      v2({ fam: 0x31, block: Buffer.alloc(216), tlvs: [{ type: 0xe1, value: 'x' }] }),
    );
    expect(h.tlvs).toHaveLength(1);
  });

  test('a header of exactly maxBytes is accepted', () => {
    const bytes = v2({ tlvs: [{ type: PROXY_TLV.NOOP, value: Buffer.alloc(300 - 16 - 12 - 3) }] });
    expect(bytes.length).toBe(300);
    expect(header(bytes, 300).length).toBe(300);
  });
});

describe('PROXY v2: every malformed variant is rejected', () => {
  test.each([
    ['version 1 in the version nibble', v2({ verCmd: 0x11 }), /version 1 is not 2/],
    ['version 3', v2({ verCmd: 0x31 }), /version 3/],
    ['version 0', v2({ verCmd: 0x01 }), /version 0/],
    ['command 2', v2({ verCmd: 0x22 }), /command 2/],
    ['command 15', v2({ verCmd: 0x2f }), /command 15/],
    ['address family 4', v2({ fam: 0x41 }), /address family 4/],
    ['address family 15', v2({ fam: 0xf1 }), /address family 15/],
    ['transport 3', v2({ fam: 0x13 }), /transport 3/],
    [
      'INET block of 8 bytes (needs 12)',
      v2({ block: Buffer.alloc(8) }),
      /12-byte address block, the header has 8/,
    ],
    ['INET6 block of 12 bytes (needs 36)', v2({ fam: 0x21, block: Buffer.alloc(12) }), /36-byte/],
    [
      'AF_UNIX block of 36 bytes (needs 216)',
      v2({ fam: 0x31, block: Buffer.alloc(36) }),
      /216-byte/,
    ],
    ['one stray byte after the block', v2({ block: Buffer.alloc(13) }), /1 stray byte/],
    [
      'a TLV cut short by the length field',
      Buffer.concat([v2({ tlvs: [{ type: 1, value: 'h2' }] })]),
      null,
    ],
    [
      'TLV value past the end',
      v2({ block: Buffer.concat([Buffer.alloc(12), Buffer.from([0x01, 0x00, 0x09, 0x68])]) }),
      /announces 9 bytes past/,
    ],
    ['CRC32C mismatch', v2({ crc: 'bad' }), /CRC32C mismatch/],
    [
      'CRC32C of 3 bytes',
      v2({ tlvs: [{ type: 0x03, value: Buffer.alloc(3) }] }),
      /CRC32C TLV has 3 bytes/,
    ],
    [
      'two CRC32C TLVs',
      v2({ tlvs: [{ type: 0x03, value: Buffer.alloc(4) }], crc: 'good' }),
      /more than one CRC32C/,
    ],
  ])('%s', (_title, bytes, detail) => {
    if (detail === null) {
      // Cut the header's declared length short by two: the TLV's value no longer fits.
      bytes.writeUInt16BE(bytes.readUInt16BE(14) - 2, 14);
      detail = /past the header's end/;
    }
    const r = parseProxyHeader(bytes);
    expect(r).toMatchObject({ state: 'invalid', reason: 'malformed' });
    if (r.state === 'invalid') expect(r.detail).toMatch(detail);
  });

  test('a header announcing more than maxBytes is refused before its body arrives', () => {
    const head = Buffer.concat([SIGNATURE, Buffer.from([0x21, 0x11, 0xea, 0x60])]); // 60000
    expect(parseProxyHeader(head)).toEqual({
      state: 'invalid',
      reason: 'too-large',
      detail: 'v2: header announces 60016 bytes, more than maxHeaderBytes (4096)',
    });
    expect(parseProxyHeader(head, 65551)).toEqual({ state: 'incomplete', need: 60016 });
  });
});

describe('PROXY v2: incomplete and absent headers', () => {
  const full = v2();
  test.each([
    ['one byte', full.subarray(0, 1), 16],
    ['the signature', full.subarray(0, 12), 16],
    ['signature, version, family', full.subarray(0, 14), 16],
    ['fixed part only', full.subarray(0, 16), 28],
    ['all but the last byte', full.subarray(0, 27), 28],
  ])('%s: incomplete', (_title, bytes, need) => {
    expect(parseProxyHeader(bytes)).toEqual({ state: 'incomplete', need });
  });

  test.each([
    ['CR LF CR LF then HTTP', Buffer.from('\r\n\r\nGET / HTTP/1.1')],
    ['the signature with QUIX', Buffer.from('\r\n\r\n\0\r\nQUIX\n!\x11\0\x0c', 'latin1')],
    ['a lone CR', Buffer.from('\rX')],
  ])('%s: not a PROXY header', (_title, bytes) => {
    expect(parseProxyHeader(bytes)).toEqual({ state: 'none' });
  });
});
